#!/bin/sh
set -e
envsubst < traefik/dynamic.yml.template > traefik/dynamic.yml
