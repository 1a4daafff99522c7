#!/bin/bash
set -e
duplicity --full-if-older-than 7D --include /var/lib/app --exclude "**" / "boto3+s3://$BUCKET/backup"
duplicity remove-all-but-n-full 2 --force "boto3+s3://$BUCKET/backup"
