#!/bin/sh
docker rm -f app
