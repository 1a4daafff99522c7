#!/bin/sh
scp server/configs/tls.conf prod:/etc/app/tls.conf
