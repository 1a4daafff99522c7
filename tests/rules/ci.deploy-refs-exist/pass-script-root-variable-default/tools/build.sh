#!/usr/bin/env bash
set -euo pipefail
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
default_repo_root="$(cd -- "$script_dir/.." && pwd)"
repo_root="${REPO_ROOT:-$default_repo_root}"
docker build \
	-f "$script_dir/app.dockerfile" \
	-t app:latest \
	"$repo_root"
