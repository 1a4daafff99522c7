#!/bin/sh
set -eu
docker run -d --name relay-db postgres:16-alpine
