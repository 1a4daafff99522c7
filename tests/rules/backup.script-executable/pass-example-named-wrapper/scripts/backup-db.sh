#!/bin/sh
set -e
pg_dump -Fc app > /backups/app.dump
