#!/bin/sh
docker build -t example/app .
docker build -t example/workspace -f docker/images/Dockerfile docker/images
