#!/bin/sh
set -e
docker build -t example/ffmpeg:6.1 tools/ffmpeg
docker build -t example/app:1.0 app
