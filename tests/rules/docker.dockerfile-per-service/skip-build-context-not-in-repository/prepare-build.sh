#!/bin/sh
# copies the release build and its Dockerfile into manager-build/
set -e
mkdir -p manager-build
cp -r dist/* manager-build/
