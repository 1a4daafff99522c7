#!/bin/sh
# test the config, then serve
sipd --test-config && exec sipd --foreground
