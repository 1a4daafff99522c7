#!/usr/bin/env bash
# saves the images of the CI test stack into the job cache
set -euo pipefail
mkdir -p docker-images-backup
docker save -o docker-images-backup/images.tar redis:7 etcd:3.5
