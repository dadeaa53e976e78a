#!/usr/bin/env python3
"""Generate bindings/kol_cdef.h, the one declaration file of the bindings.

The public headers are run through the C preprocessor (``cc -E``) with
stand-ins for the headers that are not ours to copy:

* ``stddef.h`` and ``stdint.h`` are empty: their types (size_t, int32_t,
  uint64_t, ...) are built into LuaJIT's FFI and mapped by the Python
  binding, so the declaration file names them without defining them;
* ``kol/kol_export.h`` defines ``KOL_API`` as nothing;
* ``kol/kol_version.h`` is empty: the version is asked of the library at
  run time (kol_version()), so the file does not change with a release.

The result is reformatted token by token (so gcc and clang give the same
bytes): one declaration per line, one enumerator per line. Integer macros of
the headers that fit in an ``int`` follow as an anonymous enum, so both
bindings can read them as constants; other numeric macros (doubles, 64-bit
values) follow as ``/* constant NAME VALUE */`` comment lines, which the
bindings parse. The file holds no preprocessor line.

Usage:
    gen_cdef.py [--cc CC] [--root DIR]            write the files
    gen_cdef.py [--cc CC] [--root DIR] --check    exit 1 if they drift

The file is written twice: bindings/kol_cdef.h and a copy inside the Python
package (bindings/python/kol/kol_cdef.h), so that ``pip install
./bindings/python`` is self-contained; --check compares both.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from typing import Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUTS = ("kol_cdef.h", os.path.join("python", "kol", "kol_cdef.h"))

STUBS = {
    "stddef.h": "",
    "stdint.h": "",
    os.path.join("kol", "kol_export.h"): "#define KOL_API\n",
    os.path.join("kol", "kol_version.h"): "",
}

TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<num>(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[uUlLfF]*)
      | (?P<id>[A-Za-z_]\w*)
      | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<punct>\.\.\.|->|<<|>>|[{}()\[\];,*=+\-/&|~!<>?:.%^])
    )""",
    re.VERBOSE,
)


def tokenize(text: str) -> List[str]:
    tokens: List[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise SystemExit("gen_cdef: cannot tokenize near: %r" % text[pos:pos + 40])
        tokens.append(m.group(m.lastgroup))
        pos = m.end()
    return tokens


def join_tokens(tokens: List[str]) -> str:
    """Join tokens with the spacing of the headers' own style."""
    out = ""
    prev = ""
    for tok in tokens:
        if not out:
            out = tok
        elif tok in (",", ";", ")", "]"):
            out += tok
        elif prev in ("(", "["):
            out += tok
        elif tok in ("(", "[") and (prev[:1].isalnum() or prev[:1] == "_" or prev in (")", "]")):
            out += tok
        elif prev == "*" and tok != "*" and tok != "const":
            out += tok
        elif prev == "*" and tok == "*":
            out += tok
        else:
            out += " " + tok
        prev = tok
    # "( *name)" of function pointer typedefs
    out = out.replace("(*", "(*")
    return out


def format_decls(tokens: List[str]) -> List[str]:
    """One declaration per line; enum bodies one enumerator per line."""
    lines: List[str] = []
    cur: List[str] = []
    depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "{" and depth == 0 and cur and "enum" in cur:
            # enum body: enumerators on their own lines
            lines.append(join_tokens(cur) + " {")
            cur = []
            i += 1
            entries: List[List[str]] = [[]]
            while tokens[i] != "}":
                if tokens[i] == ",":
                    entries.append([])
                else:
                    entries[-1].append(tokens[i])
                i += 1
            entries = [e for e in entries if e]
            for k, e in enumerate(entries):
                lines.append("    " + join_tokens(e) + ("," if k + 1 < len(entries) else ""))
            cur = ["}"]
            i += 1
            continue
        if tok in ("(", "{", "["):
            depth += 1
        elif tok in (")", "}", "]"):
            depth -= 1
        cur.append(tok)
        if tok == ";" and depth == 0:
            lines.append(join_tokens(cur))
            cur = []
        i += 1
    if cur:
        raise SystemExit("gen_cdef: trailing tokens: %s" % " ".join(cur))
    return lines


def run_cc(cc: List[str], stub_dir: str, include_dir: str, source: str, extra: List[str]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write(source)
        path = f.name
    try:
        cmd = cc + ["-E", "-P", "-nostdinc", "-std=c11", "-I", stub_dir, "-I", include_dir] + extra + [path]
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True)
        if res.returncode != 0:
            raise SystemExit("gen_cdef: %s failed:\n%s" % (" ".join(cmd), res.stderr))
        return res.stdout
    finally:
        os.unlink(path)


def macro_names(cc: List[str], stub_dir: str, include_dir: str) -> List[str]:
    """Object-like macros of our headers (include guards and KOL_API left
    out), in a stable order."""
    text = run_cc(cc, stub_dir, include_dir, '#include "kol.h"\n', ["-dM"])
    names = []
    for line in text.splitlines():
        m = re.match(r"#define (KOL_\w+)(?:\s+(.*))?$", line)
        if not m:
            continue
        name, value = m.group(1), (m.group(2) or "").strip()
        if name == "KOL_API" or not value:
            continue
        names.append(name)
    return sorted(set(names))


def eval_constant(expr: str):
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
    expr = re.sub(r"(\d\.?\d*(?:[eE][+-]?\d+)?)[fF]\b", r"\1", expr)
    if not re.fullmatch(r"[\s0-9a-fA-FxX.eE+\-*/()]*", expr):
        return None
    try:
        value = eval(expr, {"__builtins__": {}}, {})  # digits and operators only
    except Exception:
        return None
    if isinstance(value, float) and "/" in expr and value.is_integer() and "." not in expr:
        value = int(value)
    return value


def constants(cc: List[str], stub_dir: str, include_dir: str) -> List[Tuple[str, object]]:
    names = macro_names(cc, stub_dir, include_dir)
    # The macro's own name would expand too: number the lines instead.
    src = '#include "kol.h"\n' + "".join("kol_cdef_const_%d = %s;\n" % (k, n)
                                         for k, n in enumerate(names))
    text = run_cc(cc, stub_dir, include_dir, src, [])
    found: Dict[str, object] = {}
    for m in re.finditer(r"kol_cdef_const_(\d+)\s*=\s*([^;]*);", text):
        value = eval_constant(m.group(2))
        if value is not None:
            found[names[int(m.group(1))]] = value
    return [(n, found[n]) for n in names if n in found]


def generate(cc: List[str], root: str) -> str:
    include_dir = os.path.join(root, "include")
    with tempfile.TemporaryDirectory() as stub_dir:
        for rel, content in STUBS.items():
            path = os.path.join(stub_dir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(content)
        # The stand-ins must win over include/kol/kol_*.h: copy the public
        # headers into the stub tree (stubs are not overwritten).
        for dirpath, _dirs, files in os.walk(include_dir):
            for name in files:
                if not name.endswith(".h"):
                    continue
                src = os.path.join(dirpath, name)
                rel = os.path.relpath(src, include_dir)
                dst = os.path.join(stub_dir, rel)
                if os.path.exists(dst):
                    continue
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(src) as fi, open(dst, "w") as fo:
                    fo.write(fi.read())
        decl_text = run_cc(cc, stub_dir, stub_dir, '#include "kol.h"\n', [])
        consts = constants(cc, stub_dir, stub_dir)
    lines = format_decls(tokenize(decl_text))
    out = [
        "/* kol_cdef.h: declarations of the libkol public API for FFI (LuaJIT",
        " * ffi.cdef, the Python ctypes binding). GENERATED by bindings/gen_cdef.py",
        " * from include/kol.h: do not edit; regenerate after changing a public",
        " * header. The test bindings_cdef_drift fails when this file drifts. */",
        "",
    ]
    out += lines
    ints = [(n, v) for n, v in consts if isinstance(v, int) and -2**31 <= v < 2**31]
    others = [(n, v) for n, v in consts if (n, v) not in ints]
    if ints:
        out.append("")
        out.append("enum {")
        for k, (n, v) in enumerate(ints):
            out.append("    %s = %d%s" % (n, v, "," if k + 1 < len(ints) else ""))
        out.append("};")
    if others:
        out.append("")
        for n, v in others:
            out.append("/* constant %s %s */" % (n, repr(v)))
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"),
                    help="C compiler used as preprocessor (default: $CC or cc)")
    ap.add_argument("--root", default=os.path.dirname(HERE),
                    help="repository root (default: the parent of bindings/)")
    ap.add_argument("--check", action="store_true",
                    help="compare with the committed files instead of writing them")
    args = ap.parse_args()
    text = generate(shlex.split(args.cc), os.path.abspath(args.root))
    bindings = os.path.join(os.path.abspath(args.root), "bindings")
    status = 0
    for rel in OUTPUTS:
        path = os.path.join(bindings, rel)
        if args.check:
            try:
                with open(path) as f:
                    old = f.read()
            except OSError:
                old = ""
            if old != text:
                status = 1
                sys.stdout.writelines(difflib.unified_diff(
                    old.splitlines(True), text.splitlines(True),
                    "committed/" + rel, "generated/" + rel))
        else:
            with open(path, "w") as f:
                f.write(text)
    if args.check:
        print("gen_cdef: %s" % ("up to date" if status == 0 else
                                "DRIFT: run bindings/gen_cdef.py and commit the result"))
    return status


if __name__ == "__main__":
    sys.exit(main())
