#!/bin/sh
# start the environment
docker compose -f docker/stack/docker-compose.yml up -d
