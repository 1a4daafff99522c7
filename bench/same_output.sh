#!/usr/bin/env bash
# Writes every report format of readycheck on some repositories into a
# directory, so two builds (before and after a speed change) can be compared
# byte for byte. Not a test; a tool for changes that must not change output.
#
#   bench/same_output.sh BINARY OUTDIR REPO...     # write the reports
#   diff -r OUTDIR_BEFORE OUTDIR_AFTER             # then compare
#
# Runs are --offline with SOURCE_DATE_EPOCH fixed; JUnit's time attributes
# (the only timings in any report) are blanked. EXTRA="--jobs 1" adds
# options to every run.
set -euo pipefail
bin=$(realpath "$1")
out=$2
shift 2
mkdir -p "$out"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/readycheck-workload.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
rules=$tmp/workload.yaml
python3 "$here/workload/rules.py" "$here/workload/globs.txt" \
  "$here/workload/patterns.txt" >"$rules"
formats="text markdown json sarif junit github codequality html badge"
for repo in "$@"; do
  name=$(basename "$(realpath "$repo")")
  for f in $formats; do
    # shellcheck disable=SC2086 # EXTRA is a list of options
    SOURCE_DATE_EPOCH=0 NO_COLOR=1 "$bin" --offline ${EXTRA:-} -v -f "$f" \
      "$repo" >"$out/$name.$f" 2>"$out/$name.$f.stderr" || echo "exit $?" >>"$out/$name.$f.stderr"
  done
  sed -i -E 's/time="[0-9.]+"/time=""/g' "$out/$name.junit"
  # The benchmark workload (bench/workload), every piece of evidence.
  # shellcheck disable=SC2086
  SOURCE_DATE_EPOCH=0 "$bin" --offline ${EXTRA:-} --no-builtin --rules "$rules" \
    -v -f json "$repo" 2>&1 | sed "s|$tmp|WORK|g" >"$out/$name.workload.json"
  # The whole catalog again, in the default format without -v.
  # shellcheck disable=SC2086
  SOURCE_DATE_EPOCH=0 NO_COLOR=1 "$bin" --offline ${EXTRA:-} "$repo" \
    >"$out/$name.plain" 2>&1 || echo "exit $?" >>"$out/$name.plain"
done
echo "wrote $(find "$out" -type f | wc -l) files to $out"
