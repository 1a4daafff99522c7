#!/bin/sh
exec /usr/bin/firefox
