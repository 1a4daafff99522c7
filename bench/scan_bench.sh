#!/usr/bin/env bash
# Times readycheck's repository scan on a checkout of your choice, next to
# ripgrep searching the same tree for a comparable pattern.
#   bench/scan_bench.sh BUILD/src/readycheck /path/to/checkout [RUNS]
# Needs hyperfine and ripgrep (apt-get install hyperfine ripgrep). Nothing
# is sent over the network: the http pack is skipped without an endpoint.
set -euo pipefail
bin=$(realpath "$1")
repo=$2
runs=${3:-5}
cd "$repo"
echo "repository: $repo ($(git rev-parse --short=12 HEAD 2>/dev/null || echo 'not git'))"
echo "files: $(find . -path ./.git -prune -o -type f -print | wc -l), size: $(du -sh --exclude=.git . | cut -f1)"
tokens='AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{20,}'
hyperfine -N -i -w 1 -r "$runs" \
  "$bin -q --no-color ." \
  "$bin -q --no-color --only secrets.tokens ." \
  "$bin -q --no-color --only docs.readme ."
hyperfine -N -i -w 1 -r "$runs" "rg -c --no-messages '$tokens' ."
