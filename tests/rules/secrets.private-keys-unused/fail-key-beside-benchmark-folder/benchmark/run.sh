#!/bin/sh
# compares the gateway with a plain nginx baseline
openresty -p benchmark/fake-gateway -c conf/nginx.conf
