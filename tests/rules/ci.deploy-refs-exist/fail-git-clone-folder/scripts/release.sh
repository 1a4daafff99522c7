#!/bin/sh
set -e
cd "$(dirname "$0")"
git clone --depth 1 https://example.com/acme/deps.git deps-src
cd deps-source
docker build -t acme/deps:1 .
docker push acme/deps:1
