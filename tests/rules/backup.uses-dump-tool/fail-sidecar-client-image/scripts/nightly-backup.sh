#!/bin/sh
set -eu
pg_dump -h mongo -Fc app > /backups/app.dump
