#!/bin/sh
find /data/tmp -mtime +1 -delete
