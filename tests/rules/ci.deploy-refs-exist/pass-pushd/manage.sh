#!/usr/bin/env bash
set -e

function build-api-image {
    pushd ./docker/images
    docker build -t example/api:latest -f Dockerfile.api .
    popd
}

function build-web-image {
    (cd docker/images && docker build -t example/web:latest -f Dockerfile.web .)
}

build-api-image
build-web-image
docker build -t example/app:latest .
