#!/bin/sh
set -e
[ -f .env ] || cp .env.example .env
docker compose pull
docker compose up -d
