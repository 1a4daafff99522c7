#!/bin/sh
# a demonstration job: waits, then reports success
echo "backup started"
sleep 30
echo "backup done"
