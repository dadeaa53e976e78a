#!/usr/bin/env python3
"""Check the examples of docs/cli.md against the kol command.

Each example is an indented block whose first line is "$ kol ...": the
command is run from the repository root (with the built kol), and the
lines shown after it must appear in its output (standard output, then
standard error), in the order shown; a line of "..." (however indented)
stands for lines left out. An example whose input files are not in the repository (one the
text asks the reader to write first) is skipped and named.

Usage: cli_doc_check.py KOL REPO_ROOT
"""
import os
import shlex
import subprocess
import sys


def examples(text):
    """(line number, command, expected lines) of each example."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("    $ kol "):
            start = i + 1
            cmd = line[6:]
            want = []
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                want.append(lines[i][4:])
                i += 1
            yield start, cmd, want
        else:
            i += 1


def in_order(want, got):
    """The first line of want (not "...") that is not found in got after
    the previous one, or None when all are."""
    pos = 0
    for w in want:
        if w.strip() == "...":
            continue
        try:
            pos = got.index(w, pos) + 1
        except ValueError:
            return w
    return None


def main():
    kol, root = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, "docs", "cli.md"), encoding="utf-8") as f:
        text = f.read()
    failed = checked = 0
    for line, cmd, want in examples(text):
        argv = shlex.split(cmd)
        files = [a for a in argv[1:] if "/" in a or a.endswith(".csv")]
        missing = [a for a in files if not os.path.exists(os.path.join(root, a))]
        if missing:
            print(f"docs/cli.md:{line}: skipped ({', '.join(missing)} is the reader's own file)")
            continue
        run = subprocess.run([kol] + argv[1:], cwd=root, capture_output=True,
                             text=True)
        got = run.stdout.split("\n") + run.stderr.split("\n")
        bad = in_order(want, got)
        checked += 1
        if bad is not None:
            failed += 1
            print(f"docs/cli.md:{line}: `{cmd}` did not print, in order:\n"
                  f"    {bad}\n  it printed:")
            for g in got:
                print(f"    {g}")
    print(f"cli_doc_check: {checked} examples run, {failed} differ from docs/cli.md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
