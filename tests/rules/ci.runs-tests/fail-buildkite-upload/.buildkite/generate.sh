#!/usr/bin/env bash
set -euo pipefail

cat <<EOF
steps:
  - label: ":go: Compile"
    command: "go build -o bin/ledger ./cmd/ledger"
EOF

if [[ "${BUILDKITE_BRANCH}" == "release" ]]; then
  cat <<EOF
  - label: ":docker: Publish"
    command: "docker push registry.example.com/ledger:${BUILDKITE_TAG}"
EOF
fi
