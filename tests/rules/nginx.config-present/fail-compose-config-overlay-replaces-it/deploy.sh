#!/bin/sh
docker compose -f docker-compose.yml -f deploy/compose.prod.yml up -d
