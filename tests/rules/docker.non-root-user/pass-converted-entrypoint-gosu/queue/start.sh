#!/bin/sh
chown -R queue /var/lib/queue
exec gosu queue queue-server "$@"
