#!/bin/sh
docker build -t app:dev -f app/deploy/Dockerfile app
