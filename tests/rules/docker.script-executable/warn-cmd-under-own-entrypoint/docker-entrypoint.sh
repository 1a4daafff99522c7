#!/bin/sh
set -e
sh "$@"
