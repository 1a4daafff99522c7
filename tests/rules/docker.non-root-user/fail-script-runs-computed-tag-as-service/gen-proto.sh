#!/bin/sh
set -e
gen() {
  docker build -f "tools/$1/Dockerfile" -t "$1-protoc" .
  docker run -d -p 8080:8080 "$1-protoc" \
    protoc-gen-server --listen :8080
}
gen go
