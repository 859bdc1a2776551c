#!/usr/bin/env bash
# Webhook load benchmark: signed GitHub deliveries at a fixed rate against the shipped receiver
# (its own JVM) and an in-process Kafka broker; 10 % repeats, 10 % bad signatures; every accepted
# delivery checked on the raw topic (see WebhookLoadBenchmark).
#   bench/webhook-load.sh [rate per second (2000)] [seconds (60)] [client connections (64)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl ingest -am -DskipTests install
./mvnw -q -B -pl ingest dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -Xmx1g -cp "ingest/target/test-classes:ingest/target/classes:$(cat ingest/target/test-classpath.txt)" \
    io.driftguard.ingest.bench.WebhookLoadBenchmark "$@"
