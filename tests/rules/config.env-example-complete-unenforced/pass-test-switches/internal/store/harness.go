package store

import "os"

// Helpers the package's tests call; they read switches of the test run.
func useRealConfig() string { return os.Getenv("APP_TESTS_USE_CONFIG") }

func verbose() string { return os.Getenv("TESTS_VERBOSE") }

func token() string { return os.Getenv("APP_E2E_TOKEN") }

func dsn() string { return os.Getenv("DATABASE_URL") }
