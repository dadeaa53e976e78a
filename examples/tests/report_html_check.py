#!/usr/bin/env python3
"""Check the HTML page written by `kol report` (Python 3 standard library).

Usage: report_html_check.py PAGE [--series N] [--flagged POST_ID ...]
                                 [--chosen-min K] [--no-roi]

Checks, each failing with a message and exit status 1:

1. Well formed as HTML: every element is closed in order (void elements
   excepted), nothing is left open, no stray end tag (html.parser).
2. Well formed as XML too (the page is written as "polyglot" HTML, so
   xml.etree must parse it): this catches bad entities and unescaped
   '<' or '&' in text and attributes.
3. Self-contained: no <script>, <link>, <iframe>, <img> or <object>, no
   src/href attribute, no url(...) in the style sheet: it opens with no
   network.
4. The charts: svg#chart-value-price with circles of class "kol" and at
   least K of class "kol chosen"; svg#chart-roi-tier with circle.roi and
   line.interval; N traffic charts svg#chart-traffic-0 .. N-1 (class
   "chart traffic"), each with a polyline.observed and a
   polyline.restored of the same number of points (at least 2); every
   post named by --flagged has at least one rect.flagged (shaded flagged
   minutes) in its chart, whose width is positive.
"""

import argparse
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr"}
FORBIDDEN = {"script", "link", "iframe", "img", "object", "embed"}
SVG_NS = "{http://www.w3.org/2000/svg}"


class Balance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.style = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.errors.append(f"line {self.getpos()[0]}: <{tag}> is not "
                               "allowed in a self-contained page")
        for name, value in attrs:
            if name in ("src", "href") or (name == "xlink:href"):
                self.errors.append(f"line {self.getpos()[0]}: attribute "
                                   f"{name}={value!r} loads a resource")
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        # <x/>: opened and closed at once.
        if tag in FORBIDDEN:
            self.errors.append(f"line {self.getpos()[0]}: <{tag}/> is not "
                               "allowed")

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag in VOID:
            return
        if not self.stack:
            self.errors.append(f"line {self.getpos()[0]}: stray </{tag}>")
            return
        top, line = self.stack.pop()
        if top != tag:
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes "
                               f"<{top}> opened on line {line}")

    def handle_data(self, data):
        if self.in_style:
            self.style.append(data)


def classes(el):
    return set((el.get("class") or "").split())


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("page")
    ap.add_argument("--series", type=int, default=0,
                    help="number of traffic charts expected")
    ap.add_argument("--flagged", nargs="*", default=[],
                    help="posts whose chart must shade flagged minutes")
    ap.add_argument("--chosen-min", type=int, default=1)
    ap.add_argument("--no-roi", action="store_true",
                    help="the page has no ROI section (no deliveries)")
    args = ap.parse_args(argv)

    with open(args.page, encoding="utf-8") as f:
        text = f.read()
    errors = []
    if not text.startswith("<!DOCTYPE html>"):
        errors.append("the page does not start with <!DOCTYPE html>")

    bal = Balance()
    bal.feed(text)
    bal.close()
    errors += bal.errors
    for tag, line in bal.stack:
        errors.append(f"<{tag}> opened on line {line} is never closed")
    if "url(" in "".join(bal.style):
        errors.append("the style sheet loads a url()")

    try:
        root = ET.fromstring(text[text.index("<html"):])
    except (ET.ParseError, ValueError) as e:
        errors.append(f"not well formed (XML parser): {e}")
        root = None

    if root is not None:
        svgs = {el.get("id"): el for el in root.iter(SVG_NS + "svg")}
        vp = svgs.get("chart-value-price")
        if vp is None:
            errors.append("no svg#chart-value-price")
        else:
            circles = [c for c in vp.iter(SVG_NS + "circle")
                       if "kol" in classes(c)]
            chosen = [c for c in circles if "chosen" in classes(c)]
            if len(circles) < 2:
                errors.append("chart-value-price: fewer than 2 KOL points")
            if len(chosen) < args.chosen_min:
                errors.append(f"chart-value-price: {len(chosen)} chosen "
                              f"points, expected at least {args.chosen_min}")
        roi = svgs.get("chart-roi-tier")
        if args.no_roi:
            if roi is not None:
                errors.append("svg#chart-roi-tier without deliveries")
        elif roi is None:
            errors.append("no svg#chart-roi-tier")
        else:
            if not any("roi" in classes(c) for c in roi.iter(SVG_NS + "circle")):
                errors.append("chart-roi-tier: no circle.roi")
            if not any("interval" in classes(c)
                       for c in roi.iter(SVG_NS + "line")):
                errors.append("chart-roi-tier: no line.interval")
        posts = {}
        for i in range(args.series):
            sid = f"chart-traffic-{i}"
            svg = svgs.get(sid)
            if svg is None:
                errors.append(f"no svg#{sid}")
                continue
            if classes(svg) != {"chart", "traffic"}:
                errors.append(f"{sid}: class is {svg.get('class')!r}")
            posts[svg.get("data-post")] = svg
            lines = {}
            for pl in svg.iter(SVG_NS + "polyline"):
                for c in classes(pl) & {"observed", "restored"}:
                    lines[c] = len(pl.get("points", "").split())
            for c in ("observed", "restored"):
                if lines.get(c, 0) < 2:
                    errors.append(f"{sid}: no polyline.{c} with points")
            if lines.get("observed") != lines.get("restored"):
                errors.append(f"{sid}: observed and restored series differ "
                              "in length")
        extra = [k for k in svgs if k and k.startswith("chart-traffic-")
                 and int(k.rsplit("-", 1)[1]) >= args.series]
        if extra:
            errors.append(f"unexpected traffic charts: {extra}")
        for post in args.flagged:
            svg = posts.get(post)
            if svg is None:
                errors.append(f"no traffic chart for post {post!r}")
                continue
            rects = [r for r in svg.iter(SVG_NS + "rect")
                     if "flagged" in classes(r)]
            if not rects:
                errors.append(f"post {post!r}: no shaded flagged minutes")
            elif any(float(r.get("width", "0")) <= 0 for r in rects):
                errors.append(f"post {post!r}: a flagged rect has no width")

    for e in errors:
        print(f"{args.page}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
