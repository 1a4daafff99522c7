#!/usr/bin/env bash
# Repository-scan benchmark (not a test): readycheck next to ripgrep doing
# the same work on a checkout of your choice.
#
#   bench/scan_bench.sh BINARY CORPUS [RUNS]
#
# The workload is bench/workload/: 20 existence globs (globs.txt) and 15
# content regexes (patterns.txt). readycheck runs them as 20 file_exists
# rules and 15 file_regex rules (`path: "**"`, `match: none`, so every
# matching line is found); ripgrep runs `rg --files` with the same 20 globs,
# then one `rg -c -f patterns.txt`. The whole built-in catalog is timed too.
#
# Before timing anything the script checks that both tools found the same
# things: for each glob the same number of files, for each pattern the same
# number of matching lines, and readycheck's evidence (the first matching
# lines in path order) exactly rg's first matches. A difference stops the
# script. Then one hyperfine run times the three commands (warm cache), and
# /usr/bin/time -v gives each one's peak RSS.
#
# Needs hyperfine, ripgrep, python3 and GNU time (apt-get install hyperfine
# ripgrep time). Nothing goes over the network: runs are --offline.
# JOBS=N passes --jobs N to readycheck (default: its own, the core count);
# CHECK_ONLY=1 stops after the answer check.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$1")
corpus=$(realpath "$2")
runs=${3:-10}
work=$(mktemp -d /tmp/readycheck-scan.XXXXXX)
trap 'rm -rf "$work"' EXIT
globs="$here/workload/globs.txt"
patterns="$here/workload/patterns.txt"
jobs=()
if [ -n "${JOBS:-}" ]; then jobs=(--jobs "$JOBS"); fi

python3 "$here/workload/rules.py" "$globs" "$patterns" >"$work/rules.yaml"

# ripgrep sees what readycheck indexes: hidden files too, never .git.
rg_base=(rg --hidden --no-messages -g '!.git')

cd "$corpus"
echo "corpus: $corpus ($(git rev-parse --short=12 HEAD 2>/dev/null || echo 'not git'))"
echo "files: $(find . -path ./.git -prune -o -type f -print | wc -l)," \
  "size: $(du -sh --exclude=.git . | cut -f1)"
echo "readycheck: $("$bin" --version); $(rg --version | head -1)"

# ---- same answers -------------------------------------------------------
"$bin" --no-builtin --rules "$work/rules.yaml" --offline "${jobs[@]}" \
  -f json . >"$work/rc.json" || true
# In a git checkout readycheck reads what git ships (tracked files even
# when .gitignore names them, untracked ones it does not ignore, no tracked
# file missing from the work tree), rg what .gitignore lets through: the
# answers are then compared on git's list (workload/reference.py), rg
# searching with --no-ignore and its lines kept for listed files only.
# rg skips symbolic links; readycheck reads a link to a file inside the
# repository as that file (never a link to a directory). Hand rg those.
rg_search=("${rg_base[@]}")
keep=(cat)
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$corpus" ]; then
  python3 "$here/workload/reference.py" list . "$work/reference" "$work/links"
  rg_search+=(--no-ignore)
  keep=(python3 "$here/workload/reference.py" filter "$work/reference")
  echo "answers compared on git's file list"
else
  comm -13 <("${rg_base[@]}" --files . | sort) <("${rg_base[@]}" --files -L . | sort) |
    python3 -c 'import os, sys
root = os.path.realpath(".")
for p in sys.stdin.read().split("\n"):
    if p and os.path.islink(p) and os.path.isfile(p) and \
       os.path.realpath(p).startswith(root + "/"):
        print(p)' >"$work/links"
fi
mapfile -t links <"$work/links"
i=0
while IFS= read -r g; do
  i=$((i + 1))
  "${rg_base[@]}" --files -g "$g" . | sort >"$work/files.$i" || true
done <"$globs"
i=0
while IFS= read -r p; do
  i=$((i + 1))
  { { "${rg_search[@]}" -n --no-heading -e "$p" . || true; } | "${keep[@]}"
    if [ ${#links[@]} -gt 0 ]; then
      "${rg_base[@]}" -n --no-heading -H -e "$p" -- "${links[@]}" || true
    fi; } >"$work/lines.$i"
done <"$patterns"
python3 "$here/workload/compare.py" "$work" "$globs" "$patterns"
if [ -n "${CHECK_ONLY:-}" ]; then exit 0; fi

# ---- timings --------------------------------------------------------------
rc_work="$bin --no-builtin --rules $work/rules.yaml --offline -q ${jobs[*]} ."
rc_all="$bin --offline -q ${jobs[*]} ."
rg_work="rg --files --hidden --no-messages -g '!.git'"
while IFS= read -r g; do rg_work+=" -g '$g'"; done <"$globs"
rg_work+=" >/dev/null; rg -c --hidden --no-messages -g '!.git' -f $patterns >/dev/null"
hyperfine -N -i -w 2 -r "$runs" --export-json "$work/times.json" \
  -n "rg workload" "sh -c \"$rg_work\"" \
  -n "readycheck workload" "$rc_work" \
  -n "readycheck catalog" "$rc_all" 2>&1 | sed "s|$work|\$WORK|g"

peak() { # command words...
  /usr/bin/time -f '%M' -o "$work/peak" "$@" >/dev/null 2>&1 || true
  echo "$(($(tail -1 "$work/peak") / 1024)) MB" # after any exit-status line
}
peak_rg=$(peak sh -c "$rg_work")
# shellcheck disable=SC2086 # the command strings are word lists
peak_work=$(peak $rc_work)
# shellcheck disable=SC2086
peak_all=$(peak $rc_all)
python3 - "$work/times.json" "$peak_rg" "$peak_work" "$peak_all" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
base = r["rg workload"]["median"]
print()
print("| command | median | / rg workload | peak RSS |")
print("|---|---|---|---|")
for name, peak in (("rg workload", sys.argv[2]), ("readycheck workload", sys.argv[3]),
                   ("readycheck catalog", sys.argv[4])):
    m = r[name]["median"]
    print(f"| {name} | {m * 1000:.0f} ms | {m / base:.2f}x | {peak} |")
PY
