#!/bin/sh
set -e
chown -R mosquitto:mosquitto /mosquitto/data
exec "$@"
