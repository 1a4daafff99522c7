#!/bin/bash -e
docker-compose -f docker-compose.yml "$@"
