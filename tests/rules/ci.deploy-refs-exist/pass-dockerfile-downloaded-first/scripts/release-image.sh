#!/bin/sh
# Builds the image with the Dockerfile the platform team publishes.
set -eu
curl -fsSL https://example.com/templates/node/Dockerfile -o Dockerfile.release
docker build -f Dockerfile.release -t acme/docs:"$1" .
