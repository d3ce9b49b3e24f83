#!/usr/bin/env bash
# Machine prerequisites the tests need (Debian): Chromium for end-to-end tests, Java for the Kafka broker,
# Mosquitto and its clients (mosquitto_pub) for the MQTT source's tests, aiosmtpd for the escalation tests, python3-kafka for the message-shape tests.
# Idempotent and quiet when everything is present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
# The escalation tests' SMTP server (Debian's python3, not a pyenv one on PATH).
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
# The flat-shape test's ETL producer (Python's kafka client).
/usr/bin/python3 -c 'import kafka' >/dev/null 2>&1 || need+=(python3-kafka)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "ci-setup: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "ci-setup: missing ${need[*]}; install them with apt-get" >&2
  fi
fi
