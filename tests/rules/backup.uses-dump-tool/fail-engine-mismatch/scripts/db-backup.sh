#!/bin/sh
set -eu
mysqldump --single-transaction -h db app | gzip > "/backups/app-$(date +%F).sql.gz"
