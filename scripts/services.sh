#!/usr/bin/env bash
# The project's own test services: a single-node Kafka (KRaft) with PLAINTEXT, SASL and TLS listeners,
# the PostgreSQL server on 127.0.0.1:5432, and the machine's Mosquitto MQTT broker on 127.0.0.1:1883.
#   up            start what is missing (Kafka freshly formatted; PostgreSQL and Mosquitto if down)
#   down          stop our Kafka cleanly (PostgreSQL is shared and left running)
#   status        say what runs where
#   env           print `export …` lines for tests, starting services first if needed
#   kafka-stop    stop our broker but keep its data and ports (outage tests)
#   kafka-start   start it again with the same data and ports
# If KAFKA_BROKERS, DATABASE_URL or MQTT_BROKER are already set, those services are used and ours are not started.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
here="$root/scripts/services"
# STATIONWATCH_SERVICES_DIR gives a private broker its own state (tests that stop the broker use one).
state="${STATIONWATCH_SERVICES_DIR:-$root/.services}"
kstate="$state/kafka"
certs="$state/certs"
KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
export KAFKA_TEST_USER=stationwatch KAFKA_TEST_PASSWORD=stationwatch-secret
PG_URL_BASE="postgres://postgres@127.0.0.1:5432"

log() { echo "services: $*" >&2; }

kafka_pid() {
  local pid
  pid="$(cat "$kstate/kafka.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

# Free loopback ports chosen by the kernel (bind to 0, read the port), all held until the last is taken and
# only then closed: closing each before the next bind let the kernel hand out one port twice.
free_ports() {
  node -e 'const n=require("net");const ss=[];let k=+process.argv[1];const done=()=>{console.log(ss.map((s)=>s.address().port).join(" "));for(const s of ss)s.close();};const next=()=>{if(!k--)return done();const s=n.createServer();ss.push(s);s.listen(0,"127.0.0.1",next);};next();' "$1"
}

kafka_launch() {
  local home="$1"
  # shellcheck disable=SC1091
  . "$kstate/ports.env"
  log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$PLAIN_PORT (log: $state/kafka.log)"
  # Detached (own session, no inherited stdout): a caller's $(services.sh env) must not wait on the broker.
  setsid nohup java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$kstate/log4j2.properties" -cp "$home/lib/*" kafka.Kafka "$kstate/server.properties" \
    >>"$state/kafka.log" 2>&1 </dev/null &
  echo $! >"$kstate/kafka.pid"
  if ! node "$here/kafka-ready.mjs" "127.0.0.1:$PLAIN_PORT" 120; then
    log "Kafka did not answer metadata within 120 s; see $state/kafka.log"
    kafka_stop
    return 1
  fi
}

kafka_up() {
  if [ -n "$(kafka_pid)" ]; then return 0; fi
  command -v java >/dev/null 2>&1 || { log "java not found: Kafka not started"; return 1; }
  local t0 home ports uuid
  t0=$(date +%s.%N)
  # Explicit `|| return 1`: this runs inside `if kafka_up`, where set -e does not apply.
  home="$(bash "$here/kafka-fetch.sh" "$KAFKA_VERSION")" || { log "fetching Kafka $KAFKA_VERSION with mvn failed"; return 1; }
  rm -rf "$kstate"
  mkdir -p "$kstate"
  : >"$state/kafka.log"
  bash "$here/make-certs.sh" "$certs" || { log "making test certificates with openssl failed"; return 1; }
  read -r -a ports <<<"$(free_ports 4)" || return 1
  printf 'PLAIN_PORT=%s\nSASL_PORT=%s\nSSL_PORT=%s\nCONTROLLER_PORT=%s\nKAFKA_HOME=%s\n' \
    "${ports[0]}" "${ports[1]}" "${ports[2]}" "${ports[3]}" "$home" >"$kstate/ports.env"
  bash "$here/kafka-config.sh" "$kstate" "${ports[0]}" "${ports[1]}" "${ports[2]}" "${ports[3]}" "$certs" || return 1
  # A URL-safe base64 id starts with "-" one time in 64; "--cluster-id=" keeps the parser from taking it for a flag.
  # STATIONWATCH_KAFKA_CLUSTER_ID pins it (the private test brokers pin one that starts with "-").
  uuid="${STATIONWATCH_KAFKA_CLUSTER_ID:-$(openssl rand -base64 16 | tr '+/' '-_' | tr -d '=\n')}"
  # A short-lived tool: C1 only and the serial GC start faster.
  java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$kstate/log4j2.properties" -cp "$home/lib/*" kafka.tools.StorageTool format \
    --cluster-id="$uuid" -c "$kstate/server.properties" \
    --add-scram "SCRAM-SHA-256=[name=$KAFKA_TEST_USER,password=$KAFKA_TEST_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=$KAFKA_TEST_USER,password=$KAFKA_TEST_PASSWORD]" >>"$state/kafka.log" 2>&1 \
    || { log "formatting the KRaft storage failed; see $state/kafka.log"; tail -n 5 "$state/kafka.log" >&2; return 1; }
  kafka_launch "$home" || return 1
  log "Kafka up in $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5) s: plain 127.0.0.1:${ports[0]}, sasl :${ports[1]}, ssl :${ports[2]}"
}

kafka_stop() {
  local pid
  pid="$(kafka_pid)"
  [ -z "$pid" ] && return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then log "Kafka did not stop in 30 s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$kstate/kafka.pid"
}

pg_up() {
  pg_isready -q -h 127.0.0.1 -p 5432 && return 0
  command -v pg_ctlcluster >/dev/null 2>&1 || { log "PostgreSQL is down and pg_ctlcluster is missing"; return 1; }
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >&2 || return 1
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.2; done
  return 1
}

MQTT_PORT=1883

mqtt_ready() { node "$here/mqtt-ready.mjs" "127.0.0.1:$MQTT_PORT" 2>/dev/null; }

# Mosquitto is a machine service (shared, like PostgreSQL): started with its own config if down, never stopped here.
mqtt_up() {
  mqtt_ready && return 0
  command -v mosquitto >/dev/null 2>&1 || { log "Mosquitto is down and not installed (scripts/ci-setup.sh installs it)"; return 1; }
  log "starting Mosquitto on 127.0.0.1:$MQTT_PORT"
  mosquitto -d -c /etc/mosquitto/mosquitto.conf >&2 || return 1
  for _ in $(seq 1 50); do mqtt_ready && return 0; sleep 0.1; done
  return 1
}

print_env() {
  if [ -z "${KAFKA_BROKERS:-}" ]; then
    local started=0
    [ -z "$(kafka_pid)" ] && started=1
    if kafka_up; then
      # shellcheck disable=SC1091
      . "$kstate/ports.env"
      echo "export KAFKA_BROKERS=127.0.0.1:$PLAIN_PORT"
      echo "export KAFKA_SASL_BROKERS=127.0.0.1:$SASL_PORT"
      echo "export KAFKA_SSL_BROKERS=127.0.0.1:$SSL_PORT"
      echo "export KAFKA_SASL_USERNAME=$KAFKA_TEST_USER KAFKA_SASL_PASSWORD=$KAFKA_TEST_PASSWORD"
      echo "export KAFKA_CA_PEM=$certs/ca.pem KAFKA_WRONG_CA_PEM=$certs/wrong-ca.pem"
      echo "export KAFKA_CLIENT_CERT_PEM=$certs/client.pem KAFKA_CLIENT_KEY_PEM=$certs/client-key.pem"
      echo "export STATIONWATCH_KAFKA_OWNED=1 STATIONWATCH_KAFKA_STARTED=$started STATIONWATCH_KAFKA_STATE=$state"
    else
      echo "export STATIONWATCH_KAFKA_UNAVAILABLE='$(command -v java >/dev/null && echo "the test broker failed to start (see the services: lines above and $state/kafka.log)" || echo 'java not found')'"
    fi
  fi
  if [ -z "${DATABASE_URL:-}" ] && [ -z "${DATABASE_URL_BASE:-}" ]; then
    if pg_up; then echo "export DATABASE_URL_BASE=$PG_URL_BASE"
    else echo "export STATIONWATCH_PG_UNAVAILABLE='PostgreSQL on 127.0.0.1:5432 is down and could not be started'"; fi
  fi
  if [ -z "${MQTT_BROKER:-}" ]; then
    if mqtt_up; then echo "export MQTT_BROKER=127.0.0.1:$MQTT_PORT"
    else echo "export STATIONWATCH_MQTT_UNAVAILABLE='Mosquitto on 127.0.0.1:$MQTT_PORT is down and could not be started'"; fi
  fi
}

status() {
  local pid
  pid="$(kafka_pid)"
  if [ -n "$pid" ]; then
    # shellcheck disable=SC1091
    . "$kstate/ports.env"
    echo "kafka: running (pid $pid) plain 127.0.0.1:$PLAIN_PORT sasl 127.0.0.1:$SASL_PORT ssl 127.0.0.1:$SSL_PORT"
  else
    echo "kafka: stopped"
  fi
  if pg_isready -q -h 127.0.0.1 -p 5432; then echo "postgres: running $PG_URL_BASE"; else echo "postgres: down"; fi
  if mqtt_ready; then echo "mosquitto: running 127.0.0.1:$MQTT_PORT"; else echo "mosquitto: down"; fi
}

mkdir -p "$state"
case "${1:-}" in
  up) kafka_up; pg_up; mqtt_up; status ;;
  down) kafka_stop; log "Kafka stopped" ;;
  status) status ;;
  env) print_env ;;
  kafka-stop) kafka_stop ;;
  kafka-start)
    [ -n "$(kafka_pid)" ] && exit 0
    [ -f "$kstate/ports.env" ] || { log "no broker state; run up first"; exit 1; }
    # shellcheck disable=SC1091
    . "$kstate/ports.env"
    kafka_launch "$KAFKA_HOME" ;;
  *) echo "usage: $0 up|down|status|env|kafka-stop|kafka-start" >&2; exit 2 ;;
esac
