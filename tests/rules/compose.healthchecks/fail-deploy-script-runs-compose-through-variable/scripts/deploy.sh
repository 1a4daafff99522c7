#!/bin/sh
# Brings the stack up on the server.
set -e
cd "$(dirname "$0")/.."
docker_compose="docker-compose"
if docker compose version >/dev/null 2>&1; then
  docker_compose="docker compose"
fi
$docker_compose -f docker-compose.yml pull
$docker_compose -f docker-compose.yml up -d
