#!/bin/sh
docker build -t app:dev -f Dockerfile.chart .
