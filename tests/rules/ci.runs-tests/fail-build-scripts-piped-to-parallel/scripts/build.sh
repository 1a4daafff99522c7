#!/bin/sh
docker buildx build -t app .
