#!/usr/bin/env bash
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
COMPOSE_FILE="${SCRIPT_DIR}/docker-compose.yml"
# the file sits one folder up: whether the script is run from there decides
docker compose -f "$COMPOSE_FILE" exec -T db pg_dumpall > backup.sql
