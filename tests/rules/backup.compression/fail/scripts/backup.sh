#!/bin/sh
pg_dump "$DATABASE_URL" > /backups/db.sql
