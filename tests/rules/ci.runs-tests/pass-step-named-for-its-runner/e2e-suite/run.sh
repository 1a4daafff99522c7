#!/usr/bin/env bash
set -e
DOCO="docker compose -f ./e2e-suite/compose.yaml"
$DOCO run --rm playwright "$1"
