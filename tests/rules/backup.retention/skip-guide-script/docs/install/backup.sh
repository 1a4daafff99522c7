#!/bin/sh
# Example from the install guide: adapt it to your setup.
mongodump --uri "$MONGO_URL" --archive="/backups/app-$(date +%F).gz" --gzip
