#!/usr/bin/env python3
"""Generates a large repository of small files for scan_bench.sh.

usage: gen_tree.py DIR [FILES] [--git]

Writes FILES files (default 200,000) under DIR (which must not exist):
sources in several languages, YAML, JSON, Markdown, Dockerfiles and
Makefiles, 100 files to a directory, four levels deep, 5 to 40 lines each
(about 120 MB for 200,000), with the kinds of lines readiness rules look
for (TODO, passwords, health paths, localhost URLs, tokens) here and there.
The same arguments always give the same tree. --git makes it a git
repository with every file staged (a checkout as CI has it: the walk then
reads .git/index).
"""
import os
import random
import subprocess
import sys

KINDS = [  # (weight, file name pattern)
    (30, "mod{n}.go"), (10, "mod{n}_test.go"), (15, "app{n}.js"),
    (8, "view{n}.ts"), (10, "svc{n}.py"), (6, "conf{n}.yml"),
    (4, "data{n}.json"), (6, "doc{n}.md"), (3, "run{n}.sh"),
    (2, "Dockerfile"), (1, "docker-compose.yml"), (2, "Makefile"),
    (3, "schema{n}.proto"),
]

PLAIN = [
    "package main", "import \"fmt\"", "func handle(w http.ResponseWriter) {",
    "\treturn nil", "}", "const x = require('x');", "export function f(a) {",
    "  return a + 1;", "def main():", "    print('hello')", "# comment",
    "name: service", "  replicas: 2", "{\"key\": \"value\"}", "## Usage",
    "Run the tests before you deploy.", "RUN make build", "FROM golang:1.22",
    "all: build", "\tgo build ./...", "echo done", "message Item {",
    "  string id = 1;", "for i := 0; i < n; i++ {", "if err != nil {",
    "logger.info('started')", "SELECT id FROM items;", "",
]

FINDINGS = [
    "// TODO: handle the error", "# FIXME: remove before release",
    "password = \"changeme123\"", "url: http://localhost:8080/api",
    "fetch('/healthz')", "HEALTHCHECK CMD curl -f http://localhost/health",
    "panic(err)", "port := os.Getenv(\"PORT\")", "DEBUG = true",
    "endpoint: https://db.internal/metrics",
    "token: ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
]


def pick_kind(rng, cum, total):
    r = rng.uniform(0, total)
    for c, pattern in cum:
        if r <= c:
            return pattern
    return cum[-1][1]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    git = "--git" in sys.argv
    if not args:
        sys.exit(__doc__)
    root = args[0]
    n_files = int(args[1]) if len(args) > 1 else 200000
    os.makedirs(root)
    rng = random.Random(20240611)
    cum, total = [], 0
    for w, p in KINDS:
        total += w
        cum.append((total, p))
    written = 0
    d = 0
    while written < n_files:
        parts = ["pkg%02d" % (d % 20), "area%03d" % (d // 20 % 25),
                 "mod%d" % (d // 500 % 4)]
        directory = os.path.join(root, *parts[: 1 + d % 3], "d%05d" % d)
        os.makedirs(directory, exist_ok=True)
        used = set()
        for i in range(min(100, n_files - written)):
            name = pick_kind(rng, cum, total).format(n=i)
            if name in used:
                name = "f%d_%s" % (i, name)
            used.add(name)
            lines = []
            for _ in range(rng.randint(5, 40)):
                if rng.random() < 0.03:
                    lines.append(rng.choice(FINDINGS))
                else:
                    lines.append(rng.choice(PLAIN))
            with open(os.path.join(directory, name), "w") as f:
                f.write("\n".join(lines) + "\n")
            written += 1
        d += 1
    with open(os.path.join(root, "README.md"), "w") as f:
        f.write("# generated tree\n")
    with open(os.path.join(root, ".gitignore"), "w") as f:
        f.write("*.log\nbuild/\n")
    if git:
        subprocess.run(["git", "init", "-q", root], check=True)
        subprocess.run(["git", "-C", root, "add", "-A"], check=True)
    print(f"{root}: {written + 2} files in {d} directories")


main()
