#!/usr/bin/env bash
# tests/mutate.sh [--check] [LIST] - mutation testing with hand-written
# mutants (default LIST: tests/mutants.txt; the format is in that file).
#
# Copies the tree (the files git would see: tracked and untracked, not
# ignored) to a scratch directory, builds it once (gcc, no sanitizers) and
# checks the suite passes there; then for each mutant changes the one
# place, rebuilds, runs the suite until its first failure and puts the file
# back. A mutant no test catches SURVIVED. Prints one line per mutant and
# the score; exits 1 when a mutant not judged equivalent survived, or a
# mutant is stale (its text is not found exactly once) or does not compile.
# Slow (docs/testing.md says how slow): not run by CI.
#
# --check only verifies that every mutant still applies to this tree (each
# pattern found exactly once in its file), in a second; the suite runs that.
# Environment: MUTATE_JOBS (build and test jobs, default 2), MUTATE_ONLY
# (run only the mutants on these line numbers of LIST, space-separated).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
check_only=false
if [ "${1:-}" = --check ]; then
  check_only=true
  shift
fi
list=$(realpath "${1:-$src/tests/mutants.txt}")
jobs=${MUTATE_JOBS:-2}

trim() {
  local s=$1
  s=${s#"${s%%[![:space:]]*}"}
  printf '%s' "${s%"${s##*[![:space:]]}"}"
}

# Splits "FILE: PATTERN => REPLACEMENT [## NOTE]" into file, pattern,
# replacement and note; fails on a line that does not have that shape.
parse() {
  local line=$1 rest
  note=""
  case "$line" in *': '*' => '*) ;; *) return 1 ;; esac
  file=$(trim "${line%%: *}")
  rest=${line#*: }
  case "$rest" in *' ## '*)
    note=$(trim "${rest#* ## }")
    rest=${rest%% ## *}
    ;;
  esac
  case "${rest#* => }" in *' => '*) return 1 ;; esac
  pattern=$(trim "${rest%% => *}")
  replacement=$(trim "${rest#* => }")
  [ -n "$file" ] && [ -n "$pattern" ]
}

# apply ROOT: replaces the pattern in ROOT/file, or fails (file missing, or
# the pattern not there exactly once). With DRY=1 only checks.
apply() {
  python3 - "$1/$file" "$pattern" "$replacement" "${DRY:-0}" <<'PY'
import sys
path, pat, rep, dry = sys.argv[1:5]
try:
    text = open(path, encoding="utf-8").read()
except OSError as e:
    sys.exit(f"{e.strerror}")
n = text.count(pat)
if n != 1:
    sys.exit(f"found {n} times, not once")
if dry != "1":
    open(path, "w", encoding="utf-8").write(text.replace(pat, rep))
PY
}

# Every mutant line of LIST as "LINENO<TAB>LINE".
mutants() {
  awk '!/^[ \t]*(#|$)/ { printf "%d\t%s\n", NR, $0 }' "$list"
}

if $check_only; then
  n=0 bad=0
  while IFS=$'\t' read -r lineno line; do
    n=$((n + 1))
    if ! parse "$line"; then
      echo "$list:$lineno: not 'FILE: PATTERN => REPLACEMENT'"
      bad=$((bad + 1))
    elif ! why=$(DRY=1 apply "$src" 2>&1); then
      echo "$list:$lineno: $file: '$pattern' $why (update the mutant)"
      bad=$((bad + 1))
    fi
  done < <(mutants)
  echo "mutate --check: $n mutants, $bad stale"
  [ "$bad" -eq 0 ] && [ "$n" -gt 0 ]
  exit
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rc-mutate.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
mkdir -p "$tree"
(cd "$src" && git ls-files -z -co --exclude-standard) |
  while IFS= read -r -d '' f; do
    [ -e "$src/$f" ] && printf '%s\0' "$f"
  done | tar -C "$src" --null -T - -cf - | tar -C "$tree" -xf -

# The format checks are about spelling, not behaviour, and mutants_apply
# fails on any mutated tree (the mutant's text is gone): a mutant they
# caught would count as killed for the wrong reason.
exclude='^(clang_format|mutants_apply)'
build() { cmake --build "$tree/build" -j"$jobs" >"$work/build.log" 2>&1; }
suite() {
  ctest --test-dir "$tree/build" -j"$jobs" --stop-on-failure --timeout 300 \
    -E "$exclude" >"$work/ctest.log" 2>&1
}

start=$(date +%s)
cmake -S "$tree" -B "$tree/build" >"$work/build.log" 2>&1
build || {
  cat "$work/build.log"
  echo "mutate: the unmutated tree does not build"
  exit 1
}
suite || {
  cat "$work/ctest.log"
  echo "mutate: the suite fails without mutants"
  exit 1
}
echo "mutate: baseline built and passing in $(($(date +%s) - start))s"

killed=0 survived=0 equivalent=0 broken=0 total=0
survivors=""
while IFS=$'\t' read -r lineno line; do
  if [ -n "${MUTATE_ONLY:-}" ] && [[ " $MUTATE_ONLY " != *" $lineno "* ]]; then
    continue
  fi
  total=$((total + 1))
  if ! parse "$line"; then
    echo "BAD LINE   $list:$lineno"
    broken=$((broken + 1))
    continue
  fi
  label="$lineno $file: '$pattern' => '$replacement'"
  cp "$tree/$file" "$work/orig" 2>/dev/null || : >"$work/orig"
  if ! why=$(apply "$tree" 2>&1); then
    echo "STALE      $label ($why)"
    broken=$((broken + 1))
    continue
  fi
  t0=$(date +%s)
  if ! build; then
    echo "NOCOMPILE  $label"
    broken=$((broken + 1))
  elif suite; then
    if [[ "$note" == equivalent:* ]]; then
      echo "EQUIVALENT $label (${note#equivalent: })"
      equivalent=$((equivalent + 1))
    else
      echo "SURVIVED   $label"
      survived=$((survived + 1))
      survivors="$survivors $lineno"
    fi
  else
    by=$(sed -n 's/.*Test *#[0-9]*: \([^ ]*\) .*\*\*\*.*/\1/p' \
      "$work/ctest.log" | tr '\n' ' ')
    echo "killed     $label by ${by:-?}($(($(date +%s) - t0))s)"
    killed=$((killed + 1))
    if [[ "$note" == equivalent:* ]]; then
      echo "           (marked equivalent but killed: remove the mark)"
    fi
  fi
  # A new mtime, so the next build compiles the original again.
  cp "$work/orig" "$tree/$file"
done < <(mutants)

counted=$((killed + survived))
score="n/a"
[ "$counted" -gt 0 ] && score="$((100 * killed / counted))%"
echo "mutate: score $score: $killed of $counted mutants killed," \
  "$survived survived, $equivalent judged equivalent, $broken stale or" \
  "not compiling ($total run from $list in $(($(date +%s) - start))s)"
if [ -n "$survivors" ]; then
  echo "mutate: survivors on lines:$survivors"
fi
[ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
