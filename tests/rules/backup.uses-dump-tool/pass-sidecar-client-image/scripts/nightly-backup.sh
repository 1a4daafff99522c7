#!/bin/sh
set -eu
mongodump --host mongo --archive=/backups/app.archive --gzip
