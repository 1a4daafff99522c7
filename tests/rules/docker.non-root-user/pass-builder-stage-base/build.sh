#!/bin/sh
set -e
docker build -t example/toolchain:"$GIT_SHA" toolchain
docker build -t example/app:"$GIT_SHA" .
docker push example/app:"$GIT_SHA"
