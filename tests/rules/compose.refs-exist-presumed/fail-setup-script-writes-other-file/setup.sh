#!/bin/sh
set -e
cat > dynamic.yml <<EOF
http: {}
EOF
docker compose -f docker-compose.prod.yml up -d
