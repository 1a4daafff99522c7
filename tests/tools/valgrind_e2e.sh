#!/bin/sh
# valgrind_e2e.sh BUILD_DIR - the end-to-end tests with every readycheck
# they run under valgrind's memcheck, for CI (.ci/run): test_e2e and
# test_audit_e2e (the binary on the examples and on trees made at test
# time), and the catalog's own fixtures (`readycheck test-rules`).
#
# BUILD_DIR is a build without sanitizers (valgrind and AddressSanitizer do
# not mix) and without the PCRE2 JIT (-DREADYCHECK_REGEX_JIT=OFF: its
# aligned reads past a subject's end are harmless, but memcheck reports
# every one). The tests run the binary named by RC_BINARY; here that is a
# wrapper running it under memcheck with every leak kind, "still reachable"
# included, counted as an error, each run logging to its own file. Fails
# when a test fails (a memcheck error makes readycheck exit 99, which no
# test expects) or any log holds a report. tests/tools/valgrind.supp may
# only hold memory a library keeps reachable until exit (none today).
set -eu
if [ $# -ne 1 ] || [ ! -f "$1/CMakeCache.txt" ]; then
  echo "usage: valgrind_e2e.sh BUILD_DIR (a configured build)" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tests=$(cd "$here/.." && pwd)
src=$(cd "$tests/.." && pwd)
if ! grep -q '^READYCHECK_REGEX_JIT:BOOL=OFF' "$build/CMakeCache.txt" ||
  grep -q '^READYCHECK_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
  echo "valgrind_e2e.sh: $1 must be configured with" \
    "-DREADYCHECK_REGEX_JIT=OFF and without READYCHECK_SANITIZE" >&2
  exit 2
fi
command -v valgrind >/dev/null || {
  echo "valgrind_e2e.sh: valgrind not found (.ci/setup installs it)" >&2
  exit 1
}
work=$(mktemp -d "${TMPDIR:-/tmp}/rc-valgrind.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/logs"
cat >"$work/readycheck" <<WRAP
#!/bin/sh
exec valgrind -q --tool=memcheck --leak-check=full --show-leak-kinds=all \
  --errors-for-leak-kinds=all --error-exitcode=99 --num-callers=40 \
  --suppressions="$here/valgrind.supp" --log-file="$work/logs/vg.%p.log" \
  "$build/src/readycheck" "\$@"
WRAP
chmod +x "$work/readycheck"
start=$(date +%s)
failed=""
for t in test_e2e test_audit_e2e; do
  (cd "$tests" && RC_BINARY="$work/readycheck" "$build/tests/$t") \
    >"$work/$t.log" 2>&1 || failed="$failed $t"
done
(cd "$src" && NO_COLOR=1 "$work/readycheck" test-rules --require-fixtures \
  tests/rules) >"$work/test-rules.log" 2>&1 || failed="$failed test-rules"
runs=$(find "$work/logs" -name 'vg.*.log' | wc -l)
reports=$(find "$work/logs" -name 'vg.*.log' -size +0 | sort)
for f in $reports; do
  echo "== $(basename "$f")"
  cat "$f"
done
for t in $failed; do
  echo "== $t"
  tail -n 60 "$work/$t.log"
done
n_reports=$(printf '%s' "$reports" | grep -c . || true)
if [ -n "$failed" ] || [ "$n_reports" -gt 0 ]; then
  echo "valgrind: failed:${failed:- none}; $n_reports of $runs runs of" \
    "readycheck with memcheck reports"
  exit 1
fi
if [ "$runs" -lt 3 ]; then
  echo "valgrind: readycheck ran only $runs times under memcheck"
  exit 1
fi
echo "valgrind: $runs runs of readycheck (test_e2e, test_audit_e2e," \
  "test-rules) without a memcheck error or leak in" \
  "$(($(date +%s) - start))s"
