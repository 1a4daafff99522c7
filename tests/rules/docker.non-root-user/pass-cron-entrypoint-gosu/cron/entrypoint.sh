#!/bin/sh
exec cron -f
