#!/usr/bin/env python3
"""The files readycheck indexes in a git checkout, for scan_bench.sh.

usage: reference.py list ROOT REFERENCE LINKS
       reference.py filter REFERENCE < rg-lines > lines

In a git checkout readycheck reads what git ships: every tracked file
(even one that .gitignore names) and every untracked file .gitignore lets
through, never a tracked file missing from the work tree; a symbolic link
counts as the file it leads to when that is a file inside the repository.
ripgrep decides by .gitignore alone, so the script compares against this
list instead: `list` writes the regular files ("./path", one a line) to
REFERENCE and the links to files to LINKS (searched by explicit path, as
for a tree without git); `filter` keeps the lines of `rg -n` output
("./path:line:text") whose file is in REFERENCE.
"""
import os
import subprocess
import sys


def list_files(root, reference, links):
    out = subprocess.run(
        ["git", "-C", root, "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], check=True, capture_output=True).stdout
    real_root = os.path.realpath(root)
    files, linked = set(), set()
    for p in out.decode("utf-8", "surrogateescape").split("\0"):
        full = os.path.join(root, p)
        if not p:
            continue
        if os.path.islink(full):
            real = os.path.realpath(full)
            if os.path.isfile(real) and real.startswith(real_root + "/"):
                linked.add("./" + p)
        elif os.path.isfile(full):
            files.add("./" + p)
    with open(reference, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.writelines(p + "\n" for p in sorted(files))
    with open(links, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.writelines(p + "\n" for p in sorted(linked))


def filter_lines(reference):
    with open(reference, encoding="utf-8", errors="surrogateescape") as f:
        keep = {l.rstrip("\n") for l in f}
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        path = line.split(b":", 1)[0].decode("utf-8", "surrogateescape")
        if path in keep:
            out.write(line)


if len(sys.argv) == 5 and sys.argv[1] == "list":
    list_files(*sys.argv[2:])
elif len(sys.argv) == 3 and sys.argv[1] == "filter":
    filter_lines(sys.argv[2])
else:
    sys.exit(__doc__)
