#!/bin/sh
set -eu
cd "$(dirname "$0")"
ln -sf compose/production.yml docker-compose.yml
envsubst < compose/domain.yml.tpl | tee docker-compose.domain.yml > /dev/null
docker compose -f docker-compose.yml -f docker-compose.domain.yml up -d
