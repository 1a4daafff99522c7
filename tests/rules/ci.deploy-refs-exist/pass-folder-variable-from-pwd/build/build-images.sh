#!/bin/bash
# run from build/: the root is remembered, then each image built in its folder
cd ../
export currentFolder=`pwd`
cd build/

cd ${currentFolder}/apps/web
docker build -f Dockerfile.local -t example/web:latest .

