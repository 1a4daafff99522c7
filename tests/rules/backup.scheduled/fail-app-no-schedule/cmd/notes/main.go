package main

type options struct {
	BackupDir string `long:"backup" env:"BACKUP_DIR" default:"./var/backup"`
}

func main() {}
