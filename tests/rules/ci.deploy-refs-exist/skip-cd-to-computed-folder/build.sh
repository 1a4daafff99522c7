#!/bin/sh
set -e
out="$1"
dotnet publish -o "dist/$out"
cd "dist/$out"
docker build -t acme/app:nightly .
