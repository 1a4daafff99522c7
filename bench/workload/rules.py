#!/usr/bin/env python3
"""Writes the benchmark workload as a readycheck rule file on stdout.

usage: rules.py GLOBS PATTERNS

One file_exists rule per glob (bench.glob.N) and one file_regex rule per
pattern (bench.regex.N) searching every file ("**") with `match: none`, so
that, like `rg -c`, every matching line of every file is found.
"""
import sys


def quoted(s):
    return "'" + s.replace("'", "''") + "'"


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def main():
    globs, patterns = lines(sys.argv[1]), lines(sys.argv[2])
    out = ["version: 1", "rules:"]
    for i, g in enumerate(globs, 1):
        out += [f"  - id: bench.glob.{i}",
                f"    title: glob {i}",
                "    category: bench",
                "    severity: info",
                f"    probe: {{ file_exists: {{ path: [{quoted(g)}] }} }}",
                "    remediation: none"]
    for i, p in enumerate(patterns, 1):
        out += [f"  - id: bench.regex.{i}",
                f"    title: pattern {i}",
                "    category: bench",
                "    severity: info",
                "    probe: { file_regex: { path: ['**'], match: none,"
                f" pattern: {quoted(p)} }} }}",
                "    remediation: none"]
    print("\n".join(out))


main()
