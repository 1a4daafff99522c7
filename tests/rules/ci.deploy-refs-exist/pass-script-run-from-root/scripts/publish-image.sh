#!/usr/bin/env bash
# Run from the repository root: ./scripts/publish-image.sh
set -euo pipefail
tag=$(git describe --tags)
docker buildx build -f deploy/server.Dockerfile -t registry.example.com/notes:"$tag" --push .
