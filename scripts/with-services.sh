#!/usr/bin/env bash
# Runs a command with the test services up (PostgreSQL; Kafka once scripts/services.sh exists).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/services.sh ]; then
  eval "$(bash scripts/services.sh env)"
fi
exec npx "$@"
