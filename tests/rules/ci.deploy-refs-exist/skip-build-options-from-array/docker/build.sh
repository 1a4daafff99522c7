#!/usr/bin/env bash
# the -f sits in the array the build expands: which file, readycheck
# cannot say
set -euo pipefail
build_args=(--no-cache -t acme-base:latest -f Dockerfile.base)
docker build "${build_args[@]}" ..
