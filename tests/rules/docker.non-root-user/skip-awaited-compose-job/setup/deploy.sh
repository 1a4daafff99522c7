#!/bin/sh
analytics-cli deploy /data
