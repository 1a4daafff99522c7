#!/bin/sh
# tests/fuzz/run.sh SECONDS [TARGET...] - fuzzes each target (default: every
# tests/fuzz/fuzz_*.c) for SECONDS, one after another on one core.
#
# Builds the targets first with clang in build-fuzz/ (everything
# instrumented: -DREADYCHECK_FUZZ=ON), configuring it if needed. What a run
# learns is kept in build-fuzz/fuzz-work/<target>/corpus and used by the next
# run; the seeds in tests/fuzz/<target>/ are only read. A crash, sanitizer
# report, leak or timeout leaves its input as fuzz-work/<target>/crash-*
# (or leak-*, timeout-*), the log in fuzz-work/<target>/last.log, and makes
# the script exit 1 after the other targets ran. Each run appends a line to
# fuzz-work/hours.log. Environment: FUZZ_BUILD (build directory), FUZZ_JOBS
# (build jobs, default 2).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
case "${1:-}" in
'' | *[!0-9]*)
  echo "usage: tests/fuzz/run.sh SECONDS [TARGET...]" >&2
  exit 2
  ;;
esac
secs=$1
shift
if [ $# -eq 0 ]; then
  set -- $(cd "$here" && ls fuzz_*.c | sed -e 's/^fuzz_//' -e 's/\.c$//' |
    grep -v '^support$')
fi
build=${FUZZ_BUILD:-$src/build-fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang cmake -S "$src" -B "$build" -DREADYCHECK_FUZZ=ON \
    -DREADYCHECK_WERROR=ON >/dev/null
fi
names=""
for t; do
  [ -d "$here/$t" ] || {
    echo "run.sh: no target '$t' (no tests/fuzz/$t/)" >&2
    exit 2
  }
  names="$names fuzz_$t"
done
cmake --build "$build" -j"${FUZZ_JOBS:-2}" --target $names >/dev/null
work="$build/fuzz-work"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
failed=""
for t; do
  dir="$work/$t"
  mkdir -p "$dir/corpus" "$dir/tmp"
  status=ok
  TMPDIR="$dir/tmp" "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$dir/" \
    -print_final_stats=1 "$dir/corpus" "$here/$t" >"$dir/last.log" 2>&1 ||
    status=FINDING
  [ "$status" = ok ] || failed="$failed $t"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/last.log")
  kept=$(find "$dir/corpus" -type f | wc -l)
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $t ${secs}s ${runs:-?} inputs, corpus $kept: $status"
  echo "$line" >>"$work/hours.log"
  echo "$line"
done
if [ -n "$failed" ]; then
  echo "run.sh: findings in:$failed (see $work/<target>/last.log)"
  exit 1
fi
