#!/bin/sh
while true
do
  if [ "$1" = "loop" ]; then
    sleep 86400
  fi
  /opt/mssql-tools18/bin/sqlcmd -S localhost -U sa -P "${SA_PASSWORD}" -C -i /backup-db.sql
  [ "$1" != "loop" ] && break
done
