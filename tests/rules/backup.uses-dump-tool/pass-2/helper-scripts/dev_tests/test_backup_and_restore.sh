#!/bin/sh
# exercises backup.sh in CI; runs no dump itself
./scripts/backup.sh --dry-run
