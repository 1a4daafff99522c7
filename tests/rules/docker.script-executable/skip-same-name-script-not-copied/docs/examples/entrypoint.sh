#!/bin/sh
# an example entrypoint for the docs page
exec "$@"
