#!/bin/sh
docker run -d --name app app
