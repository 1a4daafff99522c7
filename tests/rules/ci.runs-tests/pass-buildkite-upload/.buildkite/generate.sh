#!/usr/bin/env bash
set -euo pipefail

cat <<EOF
steps:
  - label: ":go: Compile"
    command: "go build -o bin/ledger ./cmd/ledger"
EOF

if [[ "${BUILDKITE_BRANCH}" != "release" ]]; then
  cat <<EOF
  - label: ":go: Check"
    command: "go test -race ./..."
EOF
fi
