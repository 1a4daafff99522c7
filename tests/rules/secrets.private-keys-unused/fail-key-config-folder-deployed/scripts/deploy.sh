#!/bin/sh
# ship the TLS configurations with the server
rsync -a server/configs/tls/ prod:/etc/server/tls/
