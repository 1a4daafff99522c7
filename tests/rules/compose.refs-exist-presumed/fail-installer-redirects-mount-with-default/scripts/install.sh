#!/bin/bash
# Installs the stack into ./broker but writes the configuration elsewhere:
# the mounted ./etc/mosquitto.conf is never made beside the stack.
set -euo pipefail
BASE_URL="https://raw.githubusercontent.com/acme/broker/main"
mkdir -p broker
curl -s $BASE_URL/compose/docker-compose.yml > broker/docker-compose.yml
curl -s $BASE_URL/docker/mosquitto.conf > /tmp/mosquitto.conf.sample
cd broker && docker compose up -d
