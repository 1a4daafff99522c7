#!/bin/sh
# usage: publish-image.sh DOCKERFILE TAG
FILE=$1
TAG=$2
docker build -t acme/tool:$TAG -f $FILE .
docker push acme/tool:$TAG
