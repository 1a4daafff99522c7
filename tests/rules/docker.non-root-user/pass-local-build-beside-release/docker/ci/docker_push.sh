#!/bin/sh
# the published image
docker buildx build --push -t acme/app:latest -f docker/ci/Dockerfile dist/
