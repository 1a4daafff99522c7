#!/usr/bin/env bash
set -euo pipefail
HERE="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
TOP="$(cd -- "${HERE}/../.." && pwd)"
COMPOSE_FILE="${TOP}/compose.stack.yml"
export COMPOSE_FILE
docker compose up -d --wait
