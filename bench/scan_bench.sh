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
# CHECK_ONLY=1 stops after the answer check. BASELINE=OTHER_BINARY times a
# second build's workload and catalog in the same interleaved run (before
# and after a change, under the same load). The table gives wall-clock
# medians and mean CPU time (user + system) per run, each also divided by
# rg's; on a shared, loaded machine the CPU columns are the ones to read.
# INTERLEAVE=N then also runs the same commands in turn, N rounds, and
# gives round-robin medians (every command under the same load).
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
timed=(-n "rg workload" "sh -c \"$rg_work\""
  -n "readycheck workload" "$rc_work"
  -n "readycheck catalog" "$rc_all")
if [ -n "${BASELINE:-}" ]; then
  base_bin=$(realpath "$BASELINE")
  base_work="$base_bin --no-builtin --rules $work/rules.yaml --offline -q ${jobs[*]} ."
  base_all="$base_bin --offline -q ${jobs[*]} ."
  timed+=(-n "baseline workload" "$base_work" -n "baseline catalog" "$base_all")
fi
echo "load before timing: $(uptime)"
hyperfine -N -i -w 2 -r "$runs" --export-json "$work/times.json" \
  "${timed[@]}" 2>&1 | sed "s|$work|\$WORK|g"
echo "load after timing: $(uptime)"

peak() { # command words...
  /usr/bin/time -f '%M' -o "$work/peak" "$@" >/dev/null 2>&1 || true
  echo "$(($(tail -1 "$work/peak") / 1024)) MB" # after any exit-status line
}
peak_rg=$(peak sh -c "$rg_work")
# shellcheck disable=SC2086 # the command strings are word lists
peak_work=$(peak $rc_work)
# shellcheck disable=SC2086
peak_all=$(peak $rc_all)
peaks=("$peak_rg" "$peak_work" "$peak_all")
if [ -n "${BASELINE:-}" ]; then
  # shellcheck disable=SC2086
  peaks+=("$(peak $base_work)" "$(peak $base_all)")
fi
python3 - "$work/times.json" "${peaks[@]}" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
names = ["rg workload", "readycheck workload", "readycheck catalog",
         "baseline workload", "baseline catalog"]
base = r["rg workload"]["median"]
cpu = lambda x: x["user"] + x["system"]
base_cpu = cpu(r["rg workload"])
print()
print("| command | wall median | / rg | CPU (user+sys) | / rg | peak RSS |")
print("|---|---|---|---|---|---|")
for name, peak in zip(names, sys.argv[2:]):
    m, c = r[name]["median"], cpu(r[name])
    print(f"| {name} | {m * 1000:.0f} ms | {m / base:.2f}x | {c * 1000:.0f} ms |"
          f" {c / base_cpu:.2f}x | {peak} |")
PY

# ---- round robin (INTERLEAVE=N) ---------------------------------------------
# hyperfine runs each command's runs back to back, so a load that changes
# during the run (other jobs on a shared machine) lands on some commands
# only. INTERLEAVE=N runs the same commands in turn, N rounds after one
# warm-up round, and gives each one's median wall time and its ratio to
# rg's: every command sees the same load on average.
if [ -n "${INTERLEAVE:-}" ]; then
  names=("rg workload" "readycheck workload" "readycheck catalog")
  cmds=("sh -c \"$rg_work\"" "$rc_work" "$rc_all")
  if [ -n "${BASELINE:-}" ]; then
    names+=("baseline workload" "baseline catalog")
    cmds+=("$base_work" "$base_all")
  fi
  echo
  echo "round robin, $INTERLEAVE rounds; load before: $(uptime)"
  for ((r = 0; r <= INTERLEAVE; r++)); do
    for i in "${!cmds[@]}"; do
      t0=$(date +%s%N)
      eval "${cmds[$i]}" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      if ((r > 0)); then echo "$i $(((t1 - t0) / 1000000))" >>"$work/rr"; fi
    done
  done
  echo "load after: $(uptime)"
  echo "| command | wall median (round robin) | min - max | / rg |"
  echo "|---|---|---|---|"
  med() { # command number -> median, min, max
    awk -v k="$1" '$1 == k {print $2}' "$work/rr" | sort -n | awk '
      {a[NR] = $1}
      END {m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
           print m, a[1], a[NR]}'
  }
  for i in "${!cmds[@]}"; do
    read -r m lo hi <<<"$(med "$i")"
    read -r base _ _ <<<"$(med 0)"
    echo "| ${names[$i]} | $m ms | $lo - $hi ms | $(awk -v m="$m" -v b="$base" 'BEGIN {printf "%.2fx", m / b}') |"
  done
fi
