#!/bin/sh
# Upgrade a running installation to the latest release.
set -eu
DIR=$(dirname "$(realpath "$0")")
BASE_URL=https://raw.githubusercontent.com/acme/app/main
wget -qO "$DIR"/docker-compose.yml "$BASE_URL/compose/docker-compose.yml"
curl -fsSLo "$DIR/Caddyfile" "$BASE_URL/docker/Caddyfile"
docker compose -f "$DIR"/docker-compose.yml pull
docker compose -f "$DIR"/docker-compose.yml up -d
