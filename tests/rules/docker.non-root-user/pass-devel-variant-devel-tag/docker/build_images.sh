#!/bin/sh
set -e
docker build -t acme/media:1.0-runtime-ubuntu -f ubuntu/Dockerfile.runtime .
docker build -t acme/media:1.0-devel-ubuntu -f ubuntu/Dockerfile.devel .
