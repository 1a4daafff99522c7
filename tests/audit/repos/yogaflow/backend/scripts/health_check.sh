#!/usr/bin/env bash
set -euo pipefail
curl -fsS --retry 5 --retry-delay 2 "${API_URL:-http://localhost:8000}/health"
