# SPDX-FileCopyrightText: 2026 okular-bilingual developers
# SPDX-License-Identifier: BSD-3-Clause
#
# libhyphen (hnj_hyphen_*), the hyphenation library of LibreOffice. Debian ships no .pc file.
# Defines Hyphen::Hyphen.
find_path(Hyphen_INCLUDE_DIR hyphen.h)
find_library(Hyphen_LIBRARY NAMES hyphen)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Hyphen REQUIRED_VARS Hyphen_LIBRARY Hyphen_INCLUDE_DIR)
if(Hyphen_FOUND AND NOT TARGET Hyphen::Hyphen)
    add_library(Hyphen::Hyphen UNKNOWN IMPORTED)
    set_target_properties(Hyphen::Hyphen PROPERTIES IMPORTED_LOCATION "${Hyphen_LIBRARY}" INTERFACE_INCLUDE_DIRECTORIES "${Hyphen_INCLUDE_DIR}")
endif()
mark_as_advanced(Hyphen_INCLUDE_DIR Hyphen_LIBRARY)
