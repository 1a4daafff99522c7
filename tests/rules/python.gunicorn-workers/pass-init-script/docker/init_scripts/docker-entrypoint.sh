#!/usr/bin/env bash
# Keep the nginx upstream port in sync with the port gunicorn binds to.
exec /init "$@"
