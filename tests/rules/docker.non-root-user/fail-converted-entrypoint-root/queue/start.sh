#!/bin/sh
chown -R queue /var/lib/queue
exec queue-server "$@"
