#!/bin/sh
# Usage: check_format.sh CLANG_FORMAT FILE...
# The style check of the suite: fails when a file is not clang-formatted,
# and fails (never passes by being skipped) when clang-format is missing.
cf=$1
shift
if [ -z "$cf" ] || ! command -v "$cf" >/dev/null 2>&1; then
  echo "clang-format not found (looked for '${cf}'): install it (.ci/setup" \
    "installs it); the style check cannot pass without it" >&2
  exit 1
fi
exec "$cf" --dry-run -Werror "$@"
