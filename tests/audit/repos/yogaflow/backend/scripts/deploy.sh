#!/usr/bin/env bash
# Backend deployment: checks, migrations, restart, health check.
set -euo pipefail
cd "$(dirname "$0")/../.."
docker compose -f docker-compose.prod.yml build backend
./backend/scripts/db_migrate.sh
docker compose -f docker-compose.prod.yml up -d backend
./backend/scripts/health_check.sh
