#!/bin/sh
set -e
GOOS="$1" GOARCH="$2" go build -o "bin/app-$1-$2" .
