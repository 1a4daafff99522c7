#!/bin/sh
set -e
curl -fsS http://localhost/health | grep -q ok
