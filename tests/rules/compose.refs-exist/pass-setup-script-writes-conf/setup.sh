#!/bin/sh
set -e
cat > traefik.yml <<EOF
entryPoints: {}
EOF
docker compose -f docker-compose.prod.yml up -d
