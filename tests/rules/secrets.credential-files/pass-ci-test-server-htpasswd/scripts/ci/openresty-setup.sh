#!/bin/sh
# an openresty web server for the rest module tests
cp -r scripts/ci/openresty /etc/openresty/
