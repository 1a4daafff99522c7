#!/bin/sh
set -e
mkdir -p /opt/app
cp deploy/docker-compose.prod.yml files/site.conf /opt/app/
