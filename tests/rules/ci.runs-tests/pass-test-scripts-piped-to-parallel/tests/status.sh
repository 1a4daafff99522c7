#!/bin/sh
set -e
docker exec app curl -fsS http://localhost:3000/status
