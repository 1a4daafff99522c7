#!/usr/bin/env python3
"""Checks that readycheck and ripgrep found the same things (scan_bench.sh).

usage: compare.py WORK GLOBS PATTERNS

WORK holds rc.json (readycheck's JSON report of the workload rules),
files.N (rg --files -g GLOB_N ., sorted) and lines.N (rg -n -e PATTERN_N .,
"./path:line:text") and links (symbolic links to files, which rg skips:
"./path" each); in a git checkout also reference (the files git ships,
"./path" each, reference.py), which then stands in for files.N. For glob
N the number of files must agree; for pattern N the number of matching
lines must agree and readycheck's evidence (its first matching lines, in
path order) must be rg's first matches. Exits 1 on any difference, saying
which.
"""
import json
import os
import re
import sys


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def glob_re(glob):
    """The workload's globs use only '**/', '*' and '?' (checked)."""
    if any(c in glob for c in "[]{}\\"):
        sys.exit(f"compare.py: glob {glob!r} uses syntax this script "
                 "does not translate")
    out, i = "", 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif glob[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif glob[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(glob[i]), i + 1
    return re.compile(out + r"\Z")


def rg_matches(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for l in f:
            m = re.match(r"\./(.*?):(\d+):", l)
            if m:
                out.append((m.group(1), int(m.group(2))))
    return sorted(out)


def main():
    work, globs, patterns = sys.argv[1], lines(sys.argv[2]), lines(sys.argv[3])
    with open(os.path.join(work, "rc.json"), encoding="utf-8") as f:
        checks = {c["id"]: c for c in json.load(f)["checks"]}
    links = [l[2:] for l in lines(os.path.join(work, "links"))]
    reference = None
    if os.path.exists(os.path.join(work, "reference")):
        reference = [l[2:] for l in lines(os.path.join(work, "reference"))]
    bad = []
    for i, g in enumerate(globs, 1):
        c = checks[f"bench.glob.{i}"]
        ev = len(c["evidence"]) + c.get("evidence_truncated", 0)
        pattern = glob_re(g)
        if reference is not None:  # a git checkout: git's list, not rg's
            rg = sum(1 for l in reference if pattern.match(l))
        else:
            rg = len(lines(os.path.join(work, f"files.{i}")))
        rg += sum(1 for l in links if pattern.match(l))
        if ev != rg:
            bad.append(f"glob {g!r}: readycheck {ev} files, rg {rg}")
    for i, p in enumerate(patterns, 1):
        c = checks[f"bench.regex.{i}"]
        got = [(e["path"], e["line"]) for e in c["evidence"]]
        total = len(got) + c.get("evidence_truncated", 0)
        want = rg_matches(os.path.join(work, f"lines.{i}"))
        if total != len(want) or got != want[: len(got)]:
            bad.append(f"pattern {p!r}: readycheck {total} lines "
                       f"(first {got[:2]}), rg {len(want)} (first {want[:2]})")
    for b in bad:
        print("differs:", b)
    if bad:
        sys.exit(1)
    print(f"same answers: {len(globs)} globs, {len(patterns)} patterns")


main()
