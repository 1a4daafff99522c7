#!/bin/sh
pg_dump -U app app > /backups/app.sql
