// Package testutil sets up the database the integration tests use.
package testutil

import (
	"errors"
	"os"
)

// TestDatabase names the throwaway database of a test run.
func TestDatabase() (string, error) {
	name := os.Getenv("PGDATABASE")
	if name == "" {
		return "", errors.New("PGDATABASE must be set for the tests")
	}
	return name, nil
}
