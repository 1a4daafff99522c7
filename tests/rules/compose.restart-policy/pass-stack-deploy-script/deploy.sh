#!/bin/sh
set -eu
docker stack deploy --with-registry-auth -c docker-compose.yml shop
