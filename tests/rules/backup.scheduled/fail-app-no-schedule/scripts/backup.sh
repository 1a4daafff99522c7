#!/bin/sh
set -e
/srv/notes backup "$@"
