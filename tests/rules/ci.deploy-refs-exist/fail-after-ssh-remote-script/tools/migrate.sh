#!/usr/bin/env bash
set -euo pipefail
dst_host="$1"
ssh -t "${dst_host}" "
cd /opt/deploy && docker-compose up -d
"
docker-compose -f docker-compose.local.yaml down
