#!/usr/bin/env bash
# Fetches the Apache Kafka broker jars (org.apache.kafka:kafka_2.13 and its runtime dependencies) from
# Maven Central into a cache outside the repo, once. Prints the directory that holds lib/.
# Usage: kafka-fetch.sh <version>
set -euo pipefail
version="$1"
cache="${STATIONWATCH_CACHE:-$HOME/.cache/stationwatch}"
dir="$cache/kafka-$version"
if [ -f "$dir/.complete" ]; then
  echo "$dir"
  exit 0
fi
command -v mvn >/dev/null 2>&1 || { echo "services: mvn not found; cannot fetch Kafka" >&2; exit 1; }
mkdir -p "$dir"
# A tiny pom so that copy-dependencies brings the whole runtime closure. The broker itself logs through
# slf4j 1.7 and ships no binding, so log4j2 is added to get a readable .services/kafka.log.
cat >"$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>stationwatch.local</groupId>
  <artifactId>kafka-broker-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
EOF
echo "services: fetching Kafka $version from Maven Central into $dir (first run only)" >&2
rm -rf "$dir/lib.partial"
(cd "$dir" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=lib.partial >&2)
rm -rf "$dir/lib"
mv "$dir/lib.partial" "$dir/lib"
touch "$dir/.complete"
echo "$dir"
