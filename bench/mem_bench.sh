#!/usr/bin/env bash
# Memory benchmark (not a test): peak RSS of readycheck on one generated
# tree, with and without a very large file that a content rule selects.
#
#   bench/mem_bench.sh BINARY [FILES]      # FILES: tree size, default 20000
#
# The tree is bench/gen_tree.py's (FILES small files) in a temporary
# directory. Two content rules select `**/*.dat`: one must find 'SECRET'
# absent (match: none), one must find 'needle' (match: any, in small.dat).
# Each case runs the rules and then the whole built-in catalog; /usr/bin/time
# gives peak RSS. The cases:
#   base    the tree and small.dat
#   2GiB    plus big.dat, a 2 GiB sparse file (truncate: no disk used)
#   30MiB   big.dat is instead 30 MiB of text lines, under the size cap
# With big.dat past the 32 MiB cap, the script checks that the must-be-absent
# rule is ERROR (a file too large to scan is never a pass), that the other
# still passes, and, under strace, that no read() ever touches big.dat.
# Needs python3 and GNU time; strace for the read check (skipped without).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$1")
files=${2:-20000}
work=$(mktemp -d /tmp/readycheck-mem.XXXXXX)
trap 'rm -rf "$work"' EXIT
tree=$work/tree
python3 "$here/gen_tree.py" "$tree" "$files" >/dev/null
printf 'needle\n' >"$tree/small.dat"
cat >"$work/rules.yaml" <<'EOF'
version: 1
rules:
  - id: bench.big.absent
    title: no SECRET in data files
    category: bench
    severity: warn
    probe: { file_regex: { path: ['**/*.dat'], pattern: 'SECRET', match: none } }
    remediation: none
  - id: bench.big.present
    title: a needle in the data files
    category: bench
    severity: warn
    probe: { file_regex: { path: ['**/*.dat'], pattern: 'needle', match: any } }
    remediation: none
EOF
echo "readycheck: $("$bin" --version | cut -d' ' -f1-2); tree: $files files + small.dat"

peak() { # label, command words...
  local label=$1
  shift
  /usr/bin/time -f '%M' -o "$work/peak" "$@" >"$work/out.$label" 2>/dev/null || true
  echo "$(($(tail -1 "$work/peak") / 1024)) MB"
}
outcomes() { # the two bench rules' status and message, from a JSON report
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("; ".join(f"{c['id'].split('.')[-1]}: {c['status']} ({c['message']})"
                for c in d["checks"]))
PY
}
rules=("$bin" --no-builtin --rules "$work/rules.yaml" --offline -f json "$tree")
catalog=("$bin" --offline -q "$tree")

row() { # case name
  local r c
  r=$(peak rules "${rules[@]}")
  c=$(peak catalog "${catalog[@]}")
  echo "| $1 | $r | $c | $(outcomes "$work/out.rules") |"
}
echo
echo "| case | peak RSS, the two rules | peak RSS, catalog | the two rules |"
echo "|---|---|---|---|"
row base
truncate -s 2G "$tree/big.dat"
row 2GiB
big_out=$(outcomes "$work/out.rules")
rm "$tree/big.dat"
python3 -c 'import sys
line = b"a line of ordinary text that a rule searches, with no secret\n"
with open(sys.argv[1], "wb") as f:
    for _ in range(30 * 1024 * 1024 // len(line)):
        f.write(line)' "$tree/big.dat"
row 30MiB
rm "$tree/big.dat"

# ---- the 2 GiB file fails closed and is never read -------------------------
echo
case $big_out in
*"absent: ERROR"*"larger than 32 MiB"*"present: PASS"*) echo "2 GiB file: must-be-absent rule ERROR (not a pass), must-find rule PASS: ok" ;;
*) echo "2 GiB file: unexpected outcomes: $big_out" >&2; exit 1 ;;
esac
if command -v strace >/dev/null; then
  truncate -s 2G "$tree/big.dat"
  strace -f -qq -e trace=openat,read -o "$work/strace" "${rules[@]}" >/dev/null || true
  # the descriptor big.dat was opened on, if it ever was, then its reads
  python3 - "$work/strace" <<'PY'
import re, sys
fds, reads = {}, 0
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"(\d+)\s+openat\(.*\"([^\"]*big\.dat)\".*= (\d+)$", line)
    if m:
        fds[(m.group(1), m.group(3))] = True
        continue
    m = re.match(r"(\d+)\s+read\((\d+),", line)
    if m and (m.group(1), m.group(2)) in fds:
        reads += 1
print(f"2 GiB file: opened {len(fds)} time(s), read() on it {reads} time(s)")
sys.exit(1 if reads else 0)
PY
fi
