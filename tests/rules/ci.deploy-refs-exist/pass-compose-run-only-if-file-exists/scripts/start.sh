#!/usr/bin/env bash
set -e
cd "$(dirname "$0")/.."
if [ -f "docker-compose.local.yml" ]; then
    docker compose -f docker-compose.local.yml up -d
else
    docker compose up -d
fi
