#!/bin/sh
# start the environment
docker compose -f docker/devenv/docker-compose.yml up -d
