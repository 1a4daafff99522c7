#!/bin/sh
cd .github/workflows/mint && docker compose up -d
