#!/bin/sh
set -e
make check
