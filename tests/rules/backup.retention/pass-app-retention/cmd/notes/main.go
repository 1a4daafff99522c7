package main

type options struct {
	BackupDir      string `long:"backup" env:"BACKUP_DIR" default:"./var/backup"`
	MaxBackupFiles int    `long:"max-backups" env:"MAX_BACKUP_FILES" default:"7"`
}

func main() {}
