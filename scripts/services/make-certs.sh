#!/usr/bin/env bash
# Makes throw-away TLS material for the test broker with openssl: a CA, a broker certificate for
# 127.0.0.1/localhost signed by it, a client certificate (mutual TLS), and a second, unrelated CA for
# the "wrong CA" test. Keys are unencrypted PKCS#8, which Kafka's PEM keystore reads directly.
# Usage: make-certs.sh <dir>   (idempotent: keeps existing material)
set -euo pipefail
dir="$1"
mkdir -p "$dir"
cd "$dir"
[ -f .complete ] && exit 0
days=3650
new_ca() { # name subject
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1-key.pem" -out "$1.pem" -days "$days" -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
new_leaf() { # name subject extfile-contents
  openssl req -newkey rsa:2048 -nodes -keyout "$1-key.pem" -out "$1.csr" -subj "$2" 2>/dev/null
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out "$1.pem" -days "$days" \
    -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
new_ca ca "/CN=Stationwatch Test CA"
new_ca wrong-ca "/CN=Stationwatch Wrong CA"
new_leaf broker "/CN=localhost" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth,clientAuth"
new_leaf client "/CN=stationwatch-client" "extendedKeyUsage=clientAuth"
# Kafka's PEM keystore file: the private key followed by its certificate chain.
cat broker-key.pem broker.pem ca.pem >broker-keystore.pem
chmod 600 ./*-key.pem broker-keystore.pem
touch .complete
