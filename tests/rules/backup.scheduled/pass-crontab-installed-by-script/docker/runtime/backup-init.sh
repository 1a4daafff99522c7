#!/bin/sh
set -e
mkdir -p /etc/crontabs
interval_to_cron() {
	echo "0 */${1%h} * * *"
}
add_cronjob() {
	echo "$1 /bin/sh $2 $3" >> "/etc/crontabs/${CRONTAB_USER:-app}"
}
add_cronjob "*/5 * * * *" "/app/docker/runtime/backup-rotator.sh" "/backup '${BACKUP_RETENTION:-7}'"
add_cronjob "$(interval_to_cron "${BACKUP_INTERVAL:-24h}")" "/app/docker/runtime/backup-job.sh" "/backup"
