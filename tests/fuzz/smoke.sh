#!/bin/sh
# smoke.sh FUZZER SEEDS WORK SECONDS - one fuzz target's short run, for
# ctest and run.sh: replays every seed file on its own (the regression
# inputs, past crashes among them), then fuzzes for SECONDS from the seeds,
# writing new inputs and any crash under WORK (emptied first). Exits
# non-zero on the first crash, sanitizer report, leak or timeout. A fixed
# seed makes the inputs tried the same in every run (only how many fit in
# SECONDS varies), so a smoke failure can be reproduced.
set -eu
bin=$1 seeds=$2 work=$3 secs=$4
rm -rf "$work"
mkdir -p "$work/corpus" "$work/tmp"
export TMPDIR="$work/tmp"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
n=$(find "$seeds" -type f | wc -l)
if [ "$n" -eq 0 ]; then
  echo "smoke: no seeds in $seeds"
  exit 1
fi
find "$seeds" -type f | sort | xargs "$bin" -timeout=10 -rss_limit_mb=2048 \
  >"$work/replay.log" 2>&1 || {
  cat "$work/replay.log"
  echo "smoke: a seed of $seeds fails"
  exit 1
}
"$bin" -seed=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$work/" -print_final_stats=1 \
  "$work/corpus" "$seeds" >"$work/fuzz.log" 2>&1 || {
  cat "$work/fuzz.log"
  echo "smoke: fuzzing found a problem (input in $work)"
  exit 1
}
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
echo "smoke: $n seeds replayed, ${runs:-?} inputs run in ${secs}s: no finding"
