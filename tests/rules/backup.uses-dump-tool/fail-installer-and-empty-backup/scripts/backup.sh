#!/bin/sh
set -eu
tar -cf /backups/app.tar /srv/app/data
