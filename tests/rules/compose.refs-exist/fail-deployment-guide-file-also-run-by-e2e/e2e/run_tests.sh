#!/bin/sh
set -e
DIR="$(cd "$(dirname "$0")" && pwd)"
docker compose -f "$DIR/../docker/compose-postgres.yaml" up -d
./gradlew e2eTest
docker compose -f "$DIR/../docker/compose-postgres.yaml" down
