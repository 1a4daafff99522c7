#!/bin/sh
mkdir -p /backups
# back up once a day for as long as the server runs
if [ "$BACKUP_DB" != "0" ]
then
    /bin/sh -c "/backup-db.sh loop >/dev/null 2>&1 &"
fi
exec /opt/mssql/bin/sqlservr
