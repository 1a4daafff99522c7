#!/bin/sh
case "$1" in test) go test ./... ;; clean) docker compose down -v ;; esac
