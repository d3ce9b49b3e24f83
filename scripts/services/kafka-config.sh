#!/usr/bin/env bash
# Writes the single-node KRaft broker+controller config for the test broker.
# Usage: kafka-config.sh <state-dir> <plain-port> <sasl-port> <ssl-port> <controller-port> <certs-dir>
set -euo pipefail
state="$1" plain="$2" sasl="$3" ssl="$4" ctrl="$5" certs="$6"
host=127.0.0.1
cat >"$state/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$ctrl
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$host:$plain,SASL_PLAINTEXT://$host:$sasl,SSL://$host:$ssl,CONTROLLER://$host:$ctrl
advertised.listeners=PLAINTEXT://$host:$plain,SASL_PLAINTEXT://$host:$sasl,SSL://$host:$ssl
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$state/data

# SASL: PLAIN users live in the JAAS line; SCRAM users are added at format time (--add-scram).
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${KAFKA_TEST_USER}="${KAFKA_TEST_PASSWORD}";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;

# TLS with PEM material from the throw-away CA (scripts/services/make-certs.sh).
listener.name.ssl.ssl.keystore.type=PEM
listener.name.ssl.ssl.keystore.location=$certs/broker-keystore.pem
listener.name.ssl.ssl.truststore.type=PEM
listener.name.ssl.ssl.truststore.location=$certs/ca.pem
listener.name.ssl.ssl.client.auth=requested

# Single node, quick start-up.
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true

# Large messages: a 10 MB message must reach the app (the decoder quarantines it as "oversize").
message.max.bytes=16777216
replica.fetch.max.bytes=16777216
socket.request.max.bytes=209715200
EOF
cat >"$state/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = out
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.controller.name = kafka.controller
logger.controller.level = WARN
logger.log.name = org.apache.kafka.storage
logger.log.level = WARN
logger.coord.name = org.apache.kafka.coordinator
logger.coord.level = WARN
logger.cfg.name = org.apache.kafka.common.config.AbstractConfig
logger.cfg.level = WARN
EOF
