#!/usr/bin/env bash
set -eo pipefail
BUILD_PROJECT_FILE="$(dirname "$0")/build/_build.csproj"
dotnet build "$BUILD_PROJECT_FILE" -nologo
dotnet run --project "$BUILD_PROJECT_FILE" --no-build -- "$@"
