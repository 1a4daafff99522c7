#!/usr/bin/env bash
# Renders readycheck's HTML report in headless Chromium (Debian's chromium)
# and checks what the browser made of it: the DOM it built has the verdict
# and one <details> per check, and a screenshot was drawn. Chromium runs
# with networking features off and a fresh profile; the page's own
# Content-Security-Policy forbids every load, so it renders offline.
#   html_chromium.sh READYCHECK_BINARY REPO [SCREENSHOT.png]
set -euo pipefail
bin=$1 repo=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shot=${3:-$work/report.png}
"$bin" -q --report html="$work/report.html" --report json="$work/report.json" \
  "$repo" >/dev/null || true
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$work/profile")
timeout 120 chromium "${flags[@]}" --dump-dom "file://$work/report.html" \
  >"$work/dom.html" 2>"$work/chromium.log"
timeout 120 chromium "${flags[@]}" --window-size=1100,1600 \
  --screenshot="$shot" "file://$work/report.html" >/dev/null 2>>"$work/chromium.log"
/usr/bin/python3 - "$work/dom.html" "$work/report.json" "$shot" <<'PY'
import json, os, sys
dom, report, shot = open(sys.argv[1]).read(), json.load(open(sys.argv[2])), sys.argv[3]
problems = []
if report["verdict"] not in dom:
    problems.append("the rendered page lacks the verdict")
if dom.count("<details") != len(report["checks"]):
    problems.append("the rendered page lacks some checks")
with open(shot, "rb") as f:
    png = f.read()
if not png.startswith(b"\x89PNG") or len(png) < 20000:
    problems.append("no screenshot, or a blank one")
for p in problems:
    print("html_chromium:", p, file=sys.stderr)
print(f"html_chromium: rendered {report['verdict']}, {len(report['checks'])} "
      f"checks, screenshot {len(png)} bytes")
sys.exit(1 if problems else 0)
PY
