#!/bin/bash
set -e
SCRIPT_DIR="$( cd "$( dirname "${BASH_SOURCE[0]}" )" && pwd )"
COMPOSE_FILE="${SCRIPT_DIR}/../docker-compose.yml"
docker compose -f "${COMPOSE_FILE}" exec -T db pg_dumpall > backup.sql
