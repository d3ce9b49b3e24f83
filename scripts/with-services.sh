#!/usr/bin/env bash
# Runs a command (through npx; with --run first, as it is) with the test services up and their env exported
# (scripts/services.sh env).
# Several runs may share one broker: each holds a lease in .services/leases; when a wrapper-started broker
# loses its last lease holder it is stopped, unless KEEP_SERVICES=1. A broker started by hand
# (`scripts/services.sh up`) or given by KAFKA_BROKERS is never stopped here.
set -uo pipefail
cd "$(dirname "$0")/.."
leases=.services/leases
mkdir -p "$leases"
touch "$leases/$$"

cleanup() {
  rm -f "$leases/$$"
  [ "${KEEP_SERVICES:-0}" = 1 ] && return
  [ -f .services/kafka/started-by-wrapper ] || return
  for lease in "$leases"/*; do
    [ -e "$lease" ] || continue
    if kill -0 "$(basename "$lease")" 2>/dev/null; then return; fi
    rm -f "$lease"
  done
  rm -f .services/kafka/started-by-wrapper
  bash scripts/services.sh down
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! env_lines="$(bash scripts/services.sh env)"; then
  echo "with-services: scripts/services.sh env failed" >&2
  exit 1
fi
eval "$env_lines"
if [ "${STATIONWATCH_KAFKA_STARTED:-0}" = 1 ]; then touch .services/kafka/started-by-wrapper; fi
[ -n "${STATIONWATCH_KAFKA_UNAVAILABLE:-}" ] && echo "with-services: NO KAFKA: $STATIONWATCH_KAFKA_UNAVAILABLE" >&2
[ -n "${STATIONWATCH_PG_UNAVAILABLE:-}" ] && echo "with-services: NO POSTGRESQL: $STATIONWATCH_PG_UNAVAILABLE" >&2
if [ "${1:-}" = "--run" ]; then
  shift
  "$@"
else
  npx "$@"
fi
