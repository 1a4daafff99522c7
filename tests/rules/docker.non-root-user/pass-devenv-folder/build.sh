#!/bin/sh
docker build -t example/app .
docker build -t example/workspace -f docker/devenv/Dockerfile docker/devenv
