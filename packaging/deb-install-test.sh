#!/usr/bin/env bash
# Builds the Debian package with CPack, installs it with apt-get (so its
# computed Depends are resolved by apt), and runs the installed readycheck
# from a scratch directory that holds no build tree: --version, the man page,
# the schema, and a real check of a copy of examples/blocked-repo, whose
# reports must parse. Removes the package again. Needs root (apt-get).
#   packaging/deb-install-test.sh [SOURCE_DIR]
set -euo pipefail
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
was_installed=$(dpkg-query -W -f='${Status}' readycheck 2>/dev/null || true)
if [[ $was_installed == *"ok installed"* ]]; then
  echo "deb-install-test: readycheck is already installed; not touching it" >&2
  exit 1
fi

cmake -S "$src" -B "$work/build" -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$work/build" -j2 >/dev/null
(cd "$work/build" && cpack -G DEB >/dev/null)
deb=$(ls "$work"/build/readycheck_*.deb)
echo "deb-install-test: built $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "$depends"
# libcurl is opened with dlopen, so it must be named by hand.
grep -q 'libcurl4' <<<"$depends" || { echo "Depends lacks libcurl4" >&2; exit 1; }

cleanup() {
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq readycheck >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp "$deb" "$work/"
(cd "$work" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$(basename "$deb")" >/dev/null)

# A place without the build tree: the package's files only.
rm -rf "$work/build"
run=$(mktemp -d -p "$work")
cp -r "$src/examples/blocked-repo" "$run/repo"
cd "$run"
test "$(command -v readycheck)" = /usr/bin/readycheck
readycheck --version
man -w readycheck >/dev/null
test -f /usr/share/readycheck/schemas/report.schema.json
test -f /usr/share/bash-completion/completions/readycheck
test -f /usr/share/doc/readycheck/LICENSE
status=0
readycheck --no-color --report json=report.json --report sarif=report.sarif \
  repo >text.txt || status=$?
test "$status" -eq 1 || { echo "expected exit 1 (BLOCKED), got $status" >&2; exit 1; }
grep -q '^BLOCKED  score' text.txt
/usr/bin/python3 - <<'PY'
import json
report = json.load(open("report.json"))
assert report["verdict"] == "BLOCKED" and report["ready"] is False
sarif = json.load(open("report.sarif"))
assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
print("deb-install-test: installed readycheck checked the example: "
      f"{report['verdict']}, score {report['score']['value']}")
PY
