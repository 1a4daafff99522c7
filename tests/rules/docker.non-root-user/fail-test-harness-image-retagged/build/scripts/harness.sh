#!/bin/bash -eu
# Builds an image of the current checkout and runs the integration suite against it.
cd `dirname $0`/../..
docker build -t app-harness -f build/scripts/Harness.Dockerfile .

cd suite
HARNESS_BASE_IMAGE=app-harness:latest go test -v -count=1 ./tests
docker tag app-harness ghcr.io/acme/app-harness:latest
docker push ghcr.io/acme/app-harness:latest
