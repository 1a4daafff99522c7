#!/usr/bin/env bash
# Move a deployment to a new host: run from a workstation.
set -euo pipefail
dst_host="$1"
compose_dir="/opt/deploy/docker-compose"
ssh -t "${dst_host}" "
pushd ${compose_dir}
docker-compose down --volumes
docker-compose -f docker-compose.yaml up -d
popd
"
echo "migrated to ${dst_host}"
