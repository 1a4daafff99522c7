#!/bin/sh
# run from the repository root
set -eu
docker build -t acme/app .
docker build -t acme/worker -f worker.Dockerfile docker
