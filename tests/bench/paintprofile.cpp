#include "align/aligner.h"
#include "layout/layoutengine.h"
#include "paint/pagepainter.h"
#include "paint/painterpool.h"
#include "parse/articleparser.h"
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QRawFont>
#include <QElapsedTimer>
#include <QTextStream>
#include <QSet>
#include <thread>
#include <cmath>
#include <time.h>
using namespace Qt::StringLiterals;
static double tcpu(){ timespec ts{}; clock_gettime(CLOCK_THREAD_CPUTIME_ID,&ts); return ts.tv_sec*1e3+ts.tv_nsec/1e6; }
int main(int argc, char**argv){
  qputenv("QT_QPA_PLATFORM","offscreen");
  QGuiApplication app(argc, argv);
  QTextStream out(stdout);
  Okb::LayoutSettings s; const QStringList names = {u"SourceOrder"_s, u"Interlinear"_s, u"SideBySide"_s};
  s.mode = Okb::LayoutMode(std::max(0,int(names.indexOf(app.arguments().value(2)))));
  auto parsed = Okb::parseArticleFile(app.arguments().at(1));
  Okb::Alignment al; if (s.mode!=Okb::LayoutMode::SourceOrder) al = Okb::alignArticle(parsed.article, {});
  Okb::LaidOutDocument doc = Okb::layoutArticle(parsed.article, al.pairs.isEmpty()?nullptr:&al, s);
  const int W=800; const int H=qRound(W*doc.pageSize.height()/doc.pageSize.width());
  auto paint=[&](int pg){ double t=tcpu(); QImage img=Okb::renderPageImage(doc,pg,W,H); return tcpu()-t; };
  QString what = app.arguments().value(3, u"main"_s);
  int n = std::min<int>(doc.pages.size(), 4);
  if (what==u"main"_s) {
    for (int pg=0; pg<n; ++pg) out << "page " << pg << " cold-in-main: " << paint(pg) << " ms\n";
    for (int pg=0; pg<n; ++pg) out << "page " << pg << " again: " << paint(pg) << " ms\n";
  } else if (what==u"faces"_s) {
    // create faces only first
    double t=tcpu();
    QSet<QString> keys; QList<QRawFont> keep;
    for (int pg=0; pg<n; ++pg) for (const auto &g: doc.pages.at(pg).glyphs) {
      QString k=g.font.key()+u"@"_s+QString::number(g.pixelSize); if (keys.contains(k)) continue; keys.insert(k);
      QImage dev(1,1,QImage::Format_ARGB32_Premultiplied); int dpm=qRound(72.0/0.0254); dev.setDotsPerMeterX(dpm); dev.setDotsPerMeterY(dpm);
      QFont f(g.font,&dev); f.setPointSizeF(g.pixelSize); keep << QRawFont::fromFont(f);
    }
    out << "faces " << keys.size() << ": " << tcpu()-t << " ms\n";
    for (int pg=0; pg<n; ++pg) out << "page " << pg << " after faces: " << paint(pg) << " ms\n";
  } else if (what==u"band"_s) {
    QElapsedTimer wt; 
    for (int pg=0; pg<n; ++pg) {
      QImage ref=Okb::renderPageImage(doc,pg,W,H);
      QImage img(W,H,QImage::Format_ARGB32_Premultiplied); img.fill(Qt::white);
      double cpuA=0,cpuB=0; wt.start();
      auto band=[&](int y0,int y1,double*cpu){ double t=tcpu(); QImage view(img.bits(),W,H,img.bytesPerLine(),img.format()); QPainter p(&view);
        p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
        p.setClipRect(QRect(0,y0,W,y1-y0)); p.scale(W / doc.pageSize.width(), H / doc.pageSize.height()); Okb::paintPage(&p,doc,pg); p.end(); *cpu=tcpu()-t; };
      std::thread a([&]{band(0,H/2,&cpuA);}); std::thread b([&]{band(H/2,H,&cpuB);}); a.join(); b.join();
      out << "page " << pg << " bands wall " << wt.nsecsElapsed()/1e6 << " cpu " << cpuA << "+" << cpuB << " identical " << (img==ref) << "\n";
    }
  } else if (what.startsWith(u"pool"_s)) {
    Okb::PagePainterPool::Options o; o.threads = what.mid(4).toInt();
    Okb::PagePainterPool pool(o);
    auto sp = std::make_shared<Okb::LaidOutDocument>(doc);
    QElapsedTimer wt;
    if (app.arguments().value(4) == u"warm"_s) { wt.start(); QFont a(u"Noto Serif"_s); QFont b(u"Noto Serif CJK SC"_s); pool.warmUpFonts({a,b}); pool.render(sp,0,QSize(8,8)); out << "warm fonts wall " << wt.nsecsElapsed()/1e6 << "\n"; }
    for (int rep=0; rep<2; ++rep)
    for (int pg=0; pg<n; ++pg) { double c=tcpu(); wt.start(); QImage img=pool.render(sp,pg,QSize(W,H)); out << "page " << pg << " pool wall " << wt.nsecsElapsed()/1e6 << " identical " << (img==Okb::renderPageImage(doc,pg,W,H)) << "\n"; }
  } else if (what==u"stats"_s) {
    const double sc = W / doc.pageSize.width();
    for (int pg=0; pg<n; ++pg) {
      QSet<QString> distinct, withSub; qsizetype total=0;
      for (const auto &g : doc.pages.at(pg).glyphs) {
        const auto idx=g.run.glyphIndexes(); const auto pos=g.run.positions();
        for (int k=0;k<idx.size();++k) { ++total; QString key=g.font.family()+QString::number(g.pixelSize)+u":"_s+QString::number(idx[k]);
          distinct.insert(key); double x=pos[k].x()*sc; int sub=int(std::floor((x-std::floor(x))*4)); double y=pos[k].y()*sc; int suby=int(std::floor((y-std::floor(y))*4)); withSub.insert(key+u"@"_s+QString::number(sub)+u","_s+QString::number(suby)); }
      }
      out << "page " << pg << ": glyphs " << total << " distinct " << distinct.size() << " with x/y quarter-pixel offsets " << withSub.size() << "\n";
    }
  } else if (what==u"thread"_s) {
    for (int pg=0; pg<n; ++pg) { double ms=0; std::thread([&]{ms=paint(pg);}).join(); out << "page " << pg << " new thread: " << ms << " ms\n"; }
  }
  return 0;
}
