#!/bin/sh
samba-tool domain provision --realm=TEST.LOCAL
