#!/bin/sh
exec openvpn --config /etc/openvpn/client.conf
