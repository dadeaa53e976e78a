#!/usr/bin/env python3
"""The bad-input catalogue's check and page generator (issue 9).

Reads two sources of truth and compares them:

  - the public headers include/kol/*.h: for every KOL_API function that
    returns kol_status, the statuses its @return paragraph (and any
    @retval lines) name; "@return as kol_other()" takes kol_other's
    statuses too, and so does "or what kol_other() returns";
  - the rows of tests/catalogue/cat_*.c: CAT_ROW("function", STATUS,
    "input", ...) on one line up to the input text, and the
    CAT_UNTESTED comments (a documented status that can happen but that
    no row can provoke, with the reason):

        /* CAT_UNTESTED kol_ctx_new KOL_STATUS_NOMEM: the reason, which
         * may go on over several comment lines. */

It reports
  (a) a documented status other than KOL_STATUS_OK with no row (and no
      CAT_UNTESTED entry),
  (b) a row whose status the function's @return does not list,
  (c) a row for a function that no public header declares,
plus rows it cannot read, input texts with '|' or an empty input, and
CAT_UNTESTED entries that a row already covers or that the header does not
document.

Usage (from anywhere; the repository root is found from this file):

  check.py --check [--module NAME]   exit 1 on any problem, or when
                                     docs/bad-input.md differs from what
                                     --write would make
  check.py --write                   regenerate docs/bad-input.md
  check.py --list [--module NAME]    print every (function, status) pair
                                     and the rows that cover it

--module NAME (a header name: core, record, roster, ..., the file
include/kol/NAME.h) limits the report, and the page comparison, to that
module: the functions of include/kol/NAME.h and the rows of
tests/catalogue/cat_NAME.c.

Needs Python 3.9 or later and nothing outside the standard library.
"""

import argparse
import difflib
import os
import re
import sys

# The module order of include/kol.h (others, if any, follow by name).
MODULE_ORDER = ["core", "record", "roster", "tier", "value", "traffic",
                "sanity", "audience_quality", "cost", "roi", "sketch",
                "planner"]

PAGE = os.path.join("docs", "bad-input.md")


# ---------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------

class Function:
    def __init__(self, name, module, header, line, returns_status):
        self.name = name
        self.module = module
        self.header = header
        self.line = line
        self.returns_status = returns_status
        self.statuses = set()   # documented, non-OK, after "as" references
        self.own = set()        # named in its own @return / @retval
        self.refs = []          # "as kol_x()" references


STATUS_RE = re.compile(r"\bKOL_STATUS_[A-Z_]+\b")
AS_REF_RE = re.compile(
    r"\b(?:as|what)\s+(kol_\w+)\(\)((?:\s*(?:,|and|,\s*and)\s+kol_\w+\(\))*)")
MORE_REF_RE = re.compile(r"kol_\w+(?=\(\))")
API_RE = re.compile(r"\bKOL_API\b([^;{]*?)\b(kol_\w+)\s*\(")
COMMENT_RE = re.compile(r"/\*\*(.*?)\*/", re.S)


# Doxygen commands that may start a line inside a paragraph without ending
# it (all others, such as @param, end the @return paragraph).
INLINE_COMMANDS = {"p", "a", "c", "b", "e", "em", "ref", "f", "n", "link",
                   "endlink", "anchor", "copydoc", "copybrief"}


def comment_lines(body):
    """The lines of a /** */ comment without their leading ' * '."""
    out = []
    for ln in body.split("\n"):
        ln = ln.strip()
        if ln.startswith("*"):
            ln = ln[1:]
            if ln.startswith(" "):
                ln = ln[1:]
        out.append(ln.rstrip())
    return out


def return_paragraph(body):
    """The text of @return up to the next command or the comment's end,
    plus the @retval lines."""
    lines = comment_lines(body)
    parts = []
    inside = False
    for ln in lines:
        s = ln.strip()
        m = re.match(r"[@\\](\w+)\b(.*)", s)
        if m and m.group(1) not in INLINE_COMMANDS:
            inside = False
            if m.group(1) in ("return", "returns", "retval"):
                inside = True
                parts.append(m.group(2))
                continue
        if inside:
            parts.append(s)
    # A comment like "@return the count; 0 for NULL. */" on the same line
    # as other commands ("@param x. @return y") is handled too.
    text = " ".join(parts)
    if not text:
        m = re.search(r"[@\\]returns?\b(.*?)(?=[@\\]\w+\b|$)", " ".join(lines))
        if m:
            text = m.group(1)
    return text


def parse_headers(root):
    functions = {}
    inc = os.path.join(root, "include", "kol")
    for fn in sorted(os.listdir(inc)):
        if not fn.endswith(".h"):
            continue
        module = fn[:-2]
        path = os.path.join(inc, fn)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        comments = [(m.start(), m.end(), m.group(1))
                    for m in COMMENT_RE.finditer(text)]
        for m in API_RE.finditer(text):
            name = m.group(2)
            rettype = m.group(1)
            pos = m.start()
            line = text.count("\n", 0, pos) + 1
            doc = None
            for (s, e, body) in comments:
                if e <= pos and text[e:pos].strip() == "":
                    doc = body
            func = Function(name, module, "include/kol/" + fn, line,
                            re.search(r"\bkol_status\b", rettype) is not None)
            if doc is not None:
                para = return_paragraph(doc)
                func.own = {s for s in STATUS_RE.findall(para)
                            if s != "KOL_STATUS_OK"}
                for r in AS_REF_RE.finditer(para):
                    func.refs.append(r.group(1))
                    func.refs.extend(MORE_REF_RE.findall(r.group(2)))
            functions[name] = func

    def resolve(func, seen):
        out = set(func.own)
        for r in func.refs:
            if r in functions and r not in seen:
                out |= resolve(functions[r], seen | {r})
        return out

    for func in functions.values():
        func.statuses = resolve(func, {func.name})
    return functions


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------

class Row:
    def __init__(self, function, status, text, path, line):
        self.function = function
        self.status = status
        self.input = text
        self.path = path
        self.line = line


class Untested:
    def __init__(self, function, status, reason, path, line):
        self.function = function
        self.status = status
        self.reason = reason
        self.path = path
        self.line = line


ROW_RE = re.compile(
    r'CAT_ROW\([ \t]*"([^"\n]*)"[ \t]*,[ \t]*(KOL_STATUS_[A-Z_]+)[ \t]*,'
    r'[ \t]*((?:"(?:[^"\\\n]|\\.)*"[ \t]*)+)')
STRING_RE = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
UNTESTED_RE = re.compile(
    r"CAT_UNTESTED\s+(kol_\w+)\s+(KOL_STATUS_[A-Z_]+)\s*:\s*(.*?)\*/", re.S)


def strip_comments(text):
    """Blank out comments (keeping newlines, so that line numbers hold) and
    leave string literals alone."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def unescape(s):
    return re.sub(r"\\(.)", r"\1", s)


def parse_rows(root, problems):
    rows, untested = [], []
    d = os.path.join(root, "tests", "catalogue")
    for fn in sorted(os.listdir(d)):
        if not (fn.startswith("cat_") and fn.endswith(".c")):
            continue
        rel = "tests/catalogue/" + fn
        with open(os.path.join(d, fn), encoding="utf-8") as f:
            raw = f.read()
        code = strip_comments(raw)
        found = 0
        for m in ROW_RE.finditer(code):
            found += 1
            text = "".join(unescape(s) for s in STRING_RE.findall(m.group(3)))
            line = code.count("\n", 0, m.start()) + 1
            rows.append(Row(m.group(1), m.group(2), text, rel, line))
        total = len(re.findall(r"\bCAT_ROW\s*\(", code))
        if total != found:
            problems.append((fn[4:-2], "%s: %d CAT_ROW( that check.py cannot "
                             "read: write the function, the status and the "
                             "input text on the line of CAT_ROW(" %
                             (rel, total - found)))
        for m in UNTESTED_RE.finditer(raw):
            reason = " ".join(w.strip().lstrip("*").strip()
                              for w in m.group(3).split("\n"))
            reason = re.sub(r"\s+", " ", reason).strip()
            line = raw.count("\n", 0, m.start()) + 1
            untested.append(Untested(m.group(1), m.group(2), reason, rel,
                                     line))
    return rows, untested


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

def row_module(row, functions):
    if row.function in functions:
        return functions[row.function].module
    return os.path.basename(row.path)[4:-2]


def compare(functions, rows, untested):
    """Problems as (module, text), in a stable order."""
    problems = []
    covered = {}
    for r in rows:
        where = "%s:%d" % (r.path, r.line)
        mod = row_module(r, functions)
        if r.function not in functions:
            problems.append((mod, "%s: (c) row for %s, which no public "
                             "header declares" % (where, r.function)))
            continue
        f = functions[r.function]
        if not f.returns_status:
            problems.append((mod, "%s: (c) row for %s, which does not "
                             "return kol_status" % (where, r.function)))
            continue
        if r.status == "KOL_STATUS_OK":
            problems.append((mod, "%s: row for %s expects KOL_STATUS_OK"
                             % (where, r.function)))
        elif r.status not in f.statuses:
            problems.append((mod, "%s: (b) %s returns %s for \"%s\" but its "
                             "@return (%s:%d) does not list it" %
                             (where, r.function, r.status, r.input, f.header,
                              f.line)))
        if "|" in r.input or not r.input.strip():
            problems.append((mod, "%s: the input text must be non-empty "
                             "words with no '|'" % where))
        covered.setdefault((r.function, r.status), []).append(r)
    skipped = {}
    for u in untested:
        where = "%s:%d" % (u.path, u.line)
        mod = functions[u.function].module if u.function in functions \
            else os.path.basename(u.path)[4:-2]
        if u.function not in functions or \
                u.status not in functions[u.function].statuses:
            problems.append((mod, "%s: CAT_UNTESTED %s %s: the header does "
                             "not document that status" %
                             (where, u.function, u.status)))
        elif (u.function, u.status) in covered:
            problems.append((mod, "%s: CAT_UNTESTED %s %s: a row covers it "
                             "already" % (where, u.function, u.status)))
        if not u.reason:
            problems.append((mod, "%s: CAT_UNTESTED %s %s: no reason given"
                             % (where, u.function, u.status)))
        skipped[(u.function, u.status)] = u
    for name in sorted(functions):
        f = functions[name]
        if not f.returns_status:
            continue
        for s in sorted(f.statuses):
            if (name, s) not in covered and (name, s) not in skipped:
                problems.append((f.module, "%s:%d: (a) %s documents %s but "
                                 "no row provokes it" %
                                 (f.header, f.line, name, s)))
    return problems


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------

def md_escape(text):
    """Plain words for a Doxygen Markdown table cell."""
    out = []
    for c in text:
        if c in "\\@#%$<>&":
            out.append("\\" + c)
        else:
            out.append(c)
    return "".join(out)


def module_order(modules):
    known = [m for m in MODULE_ORDER if m in modules]
    return known + sorted(m for m in modules if m not in MODULE_ORDER)


HEAD = """\
# Bad-input catalogue {#bad_input}

For every public function of libkol, every status other than
::KOL_STATUS_OK that its documentation promises, with one input that causes
it. Every row below is a test: `tests/catalogue/cat_MODULE.c` holds the
rows of a module, and the ctest test `test_catalogue` runs each of them.
Part of the @ref reliability "reliability" work (issue 9).

This page is generated: do not edit it by hand. After changing a row or a
header's `@return` list, regenerate it from the repository root with

    python3 tests/catalogue/check.py --write

## How the rows are run {#bad_input_how}

`test_catalogue` (label `unit`; `test_catalogue MODULE...` runs some
modules only) runs each row as one cmocka test named after its function,
status and input:

1. a fresh context on the counting allocator of
   `tests/support/testalloc.h`;
2. the row builds what the call needs, makes exactly the one call under
   test and frees what it made; a row about memory makes every allocation
   fail from the call on, a row about cancellation installs a progress
   callback that cancels;
3. the test then checks that the call returned the row's status; that the
   context holds that status and a message naming the cause (skipped only
   where the call cannot reach a context, such as a NULL context or a NULL
   output for the context itself); that a ::KOL_STATUS_NOMEM row had an
   allocation refused, with a message that starts with the function's
   name, and a ::KOL_STATUS_CANCELLED row had its progress callback
   cancel; that a callback stop left a non-zero
   kol_ctx_callback_code(); and that nothing is left allocated and no
   promise of the allocator interface was broken.

The ctest test `catalogue_check` (`tests/catalogue/check.py --check`)
compares the rows with the headers: it fails on a documented status with
no row, on a row whose status the function's `@return` does not list, on a
row for a function no header declares, and when this page is not what the
rows generate. A status that can happen but that no test can provoke is
listed as *not run*, with the reason.

The functions that have no error status to catalogue (they return a
value, a name or nothing, or cannot fail) are listed at the end of each
module.
"""


def generate(functions, rows, untested, only_module=None):
    """The page as text, and the text of each module's section."""
    by_func = {}
    for r in rows:
        by_func.setdefault(r.function, []).append(r)
    skipped = {}
    for u in untested:
        skipped.setdefault(u.function, []).append(u)
    modules = {f.module for f in functions.values()}
    modules |= {row_module(r, functions) for r in rows}
    sections = {}
    for mod in module_order(modules):
        out = []
        hdr = "include/kol/%s.h" % mod
        out.append("## %s {#bad_input_%s}" % (mod, mod))
        out.append("")
        out.append("Functions of `%s`; rows in `tests/catalogue/cat_%s.c`."
                   % (hdr, mod))
        out.append("")
        names = [n for n in sorted(functions, key=lambda n:
                                   (functions[n].line, n))
                 if functions[n].module == mod]
        names += sorted({r.function for r in rows
                         if r.function not in functions
                         and row_module(r, functions) == mod})
        quiet = []
        for name in names:
            f = functions.get(name)
            frows = by_func.get(name, [])
            fskip = skipped.get(name, [])
            if not frows and not fskip and not (
                    f is not None and f.returns_status and f.statuses):
                quiet.append(name)
                continue
            out.append("### %s()" % name)
            out.append("")
            out.append("| Status | Input that causes it |")
            out.append("|---|---|")
            for r in frows:
                mark = ""
                if f is None or r.status not in f.statuses:
                    mark = " (not documented)"
                out.append("| %s%s | %s |" % (r.status, mark,
                                             md_escape(r.input)))
            for u in sorted(fskip, key=lambda u: u.status):
                out.append("| %s | *not run*: %s |" %
                           (u.status, md_escape(u.reason)))
            missing = []
            if f is not None:
                have = {r.status for r in frows} | {u.status for u in fskip}
                missing = sorted(f.statuses - have)
            for s in missing:
                out.append("| %s | *no row yet* |" % s)
            out.append("")
        if quiet:
            out.append("No error status to catalogue (these return a "
                       "value, a name or nothing, or cannot fail): %s." %
                       ", ".join(
                "%s()" % n for n in quiet))
            out.append("")
        sections[mod] = "\n".join(out)
    body = [HEAD]
    order = module_order(set(sections))
    nskip = sum(1 for u in untested)
    nfun = len({r.function for r in rows})
    body.append("## Modules {#bad_input_modules}\n")
    body.append("%d rows over %d functions; %d documented statuses not run "
                "(see below why).\n" % (len(rows), nfun, nskip))
    for mod in order:
        body.append("- @ref bad_input_%s \"%s\" (`include/kol/%s.h`)"
                    % (mod, mod, mod))
    body.append("")
    for mod in order:
        body.append(sections[mod])
    text = "\n".join(body).rstrip("\n") + "\n"
    return text, sections


def section_of(text, mod):
    """The section of one module in an existing page, or None."""
    m = re.search(r"^## %s \{#bad_input_%s\}\n" % (re.escape(mod),
                                                    re.escape(mod)),
                  text, re.M)
    if not m:
        return None
    n = re.search(r"^## ", text[m.end():], re.M)
    end = m.end() + n.start() if n else len(text)
    return text[m.start():end].rstrip("\n")


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser(
        description="Check the bad-input catalogue against the headers, "
                    "or regenerate docs/bad-input.md.")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true",
                   help="report problems; exit 1 if any")
    g.add_argument("--write", action="store_true",
                   help="regenerate docs/bad-input.md")
    g.add_argument("--list", action="store_true",
                   help="print every documented status and its rows")
    ap.add_argument("--module", metavar="NAME",
                    help="only this module (include/kol/NAME.h, "
                         "tests/catalogue/cat_NAME.c)")
    ap.add_argument("--root", help="repository root (default: found from "
                                   "this file)")
    args = ap.parse_args(argv)

    root = args.root or os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))
    functions = parse_headers(root)
    problems = []
    rows, untested = parse_rows(root, problems)
    problems += compare(functions, rows, untested)
    mods = {f.module for f in functions.values()}
    if args.module and args.module not in mods:
        print("check.py: no module %r (known: %s)" %
              (args.module, ", ".join(module_order(mods))), file=sys.stderr)
        return 2

    page_path = os.path.join(root, PAGE)
    text, sections = generate(functions, rows, untested)

    if args.write:
        old = None
        if os.path.exists(page_path):
            with open(page_path, encoding="utf-8") as f:
                old = f.read()
        if old != text:
            with open(page_path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print("check.py: wrote %s (%d rows)" % (PAGE, len(rows)))
        else:
            print("check.py: %s is up to date (%d rows)" % (PAGE, len(rows)))
        return 0

    if args.list:
        by = {}
        for r in rows:
            by.setdefault((r.function, r.status), []).append(r)
        for name in sorted(functions, key=lambda n: (
                module_order(mods).index(functions[n].module),
                functions[n].line)):
            f = functions[name]
            if args.module and f.module != args.module:
                continue
            for s in sorted(f.statuses):
                rs = by.get((name, s), [])
                print("%-40s %-28s %s" % (name, s, "; ".join(
                    r.input for r in rs) or "-- no row --"))
        return 0

    # --check
    if args.module:
        problems = [p for p in problems if p[0] == args.module]
    old = None
    if os.path.exists(page_path):
        with open(page_path, encoding="utf-8") as f:
            old = f.read()
    stale = []
    if args.module:
        want = sections.get(args.module, "").rstrip("\n")
        have = section_of(old, args.module) if old is not None else None
        if have != want:
            stale = list(difflib.unified_diff(
                (have or "").split("\n"), want.split("\n"),
                PAGE + " (section " + args.module + ")", "generated",
                lineterm="", n=1))
    elif old != text:
        stale = list(difflib.unified_diff(
            (old or "").split("\n"), text.split("\n"), PAGE, "generated",
            lineterm="", n=1))
    for _, p in problems:
        print(p)
    if stale:
        print("%s is not what the rows generate: run "
              "python3 tests/catalogue/check.py --write" % PAGE)
        for ln in stale[:40]:
            print("    " + ln)
        if len(stale) > 40:
            print("    ... (%d more diff lines)" % (len(stale) - 40))
    nfun = sum(1 for f in functions.values() if f.returns_status and
               (not args.module or f.module == args.module))
    npairs = sum(len(f.statuses) for f in functions.values()
                 if f.returns_status and
                 (not args.module or f.module == args.module))
    nrows = sum(1 for r in rows if not args.module or
                row_module(r, functions) == args.module)
    print("catalogue%s: %d functions returning a status, %d documented "
          "error statuses, %d rows, %d problems%s" %
          (" (" + args.module + ")" if args.module else "", nfun, npairs,
           nrows, len(problems), ", page stale" if stale else ""))
    return 1 if problems or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
