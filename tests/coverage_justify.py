#!/usr/bin/env python3
"""Lists the lines of lib/ that hold a branch never taken by the unit tests
and carry no justification (issue 9: every uncovered branch is justified in
a comment).

    python3 tests/coverage_justify.py ROOT GCOVR_JSON

GCOVR_JSON is gcovr's --json report (tests/coverage.sh writes it). A line is
justified when the text "cov:" appears on it, or in the comment that ends
on the line just above it (a block of comment lines directly above counts
as one comment). Prints one "file:line: text" per unjustified line, then a
summary line; exits 1 when there is any, 0 otherwise, 2 on bad usage.
"""
import json
import os
import sys

MARK = "cov:"


def is_comment_line(text):
    t = text.strip()
    return t.startswith(("/*", "*", "//")) or t.endswith("*/")


def justified(lines, n):
    """n is 1-based."""
    if MARK in lines[n - 1]:
        return True
    i = n - 2
    while i >= 0 and is_comment_line(lines[i]):
        if MARK in lines[i]:
            return True
        if lines[i].strip().startswith(("/*", "//")):
            # Reached the start of the comment block just above.
            if not lines[i].strip().startswith("//"):
                break
        i -= 1
    return False


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root, report = argv[1], argv[2]
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    missing = []
    uncovered_lines = 0
    for entry in sorted(data.get("files", []), key=lambda e: e["file"]):
        path = entry["file"]
        full = path if os.path.isabs(path) else os.path.join(root, path)
        try:
            with open(full, encoding="utf-8") as f:
                lines = f.read().split("\n")
        except OSError as e:
            missing.append("%s: cannot read (%s)" % (path, e))
            continue
        for line in entry.get("lines", []):
            if line.get("gcovr/excluded"):
                continue
            branches = line.get("branches") or []
            if not any(b.get("count", 0) == 0 for b in branches):
                continue
            uncovered_lines += 1
            n = line["line_number"]
            if n < 1 or n > len(lines):
                continue
            if not justified(lines, n):
                missing.append("%s:%d: %s" % (path, n, lines[n - 1].strip()))
    for m in missing:
        print(m)
    print("coverage: %d line(s) with an untaken branch, %d without a "
          "'cov:' justification" % (uncovered_lines, len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
