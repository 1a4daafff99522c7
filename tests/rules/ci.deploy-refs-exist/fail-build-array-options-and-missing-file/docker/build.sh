#!/usr/bin/env bash
# an explicit -f beside the array still names a file that is not there
set -euo pipefail
build_args=(--no-cache -t acme-base:latest)
docker build "${build_args[@]}" -f Dockerfile.missing .
