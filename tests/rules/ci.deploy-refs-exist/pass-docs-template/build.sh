#!/bin/sh
docker build -t example/app:1.0 -f deploy/Dockerfile .
