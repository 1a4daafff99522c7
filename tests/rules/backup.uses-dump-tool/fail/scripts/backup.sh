#!/bin/sh
cp -r /var/lib/app/uploads /backups/
