#!/bin/bash
cd "$(dirname "$0")/.."
# print the docker build command for the operator
echo "Run the following command to build the image:"
echo "docker build -t example/aio -f $(pwd)/aio/Dockerfile $(pwd)/aio"
docker build -t example/app .
