#!/bin/sh
export now=$(date +%Y%m%d_%H%M%S)
/opt/mssql-tools18/bin/sqlcmd -S localhost -U sa -P "${SA_PASSWORD}" -C -i /backup-db.sql
find /backups -name '*.BAK' -mtime +30 -delete
