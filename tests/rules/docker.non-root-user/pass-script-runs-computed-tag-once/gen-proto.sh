#!/bin/sh
set -e
gen() {
  docker build -f "tools/$1/Dockerfile" -t "$1-protoc" .
  docker run --rm -v "$(pwd)":/build "$1-protoc" \
    protoc -I /build/proto /build/proto/api.proto --go_out=/build/gen
}
gen go
