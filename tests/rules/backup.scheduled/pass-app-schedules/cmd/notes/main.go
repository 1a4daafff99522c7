package main

import "time"

type options struct {
	BackupDir string `long:"backup" env:"BACKUP_DIR" default:"./var/backup"`
}

// autoBackup writes a backup every day while the server runs.
func autoBackup(dir string) {
	for range time.Tick(24 * time.Hour) {
		_ = dir
	}
}

func main() { go autoBackup("./var/backup") }
