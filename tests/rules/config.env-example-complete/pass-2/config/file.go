package config

import "os"

func configDir() string {
	if p := os.Getenv("APP_CONFIG_FILE"); p != "" {
		return p
	}
	return os.Getenv("XDG_CONFIG_HOME")
}
