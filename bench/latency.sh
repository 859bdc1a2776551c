#!/usr/bin/env bash
# Live latency benchmark: detection → judged finding row in PostgreSQL (see LiveLatencyBenchmark).
#   bench/latency.sh [episodes]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests install
./mvnw -q -B -pl pipeline dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -Xmx3g --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
    -cp "pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/test-classpath.txt)" \
    io.driftguard.pipeline.bench.LiveLatencyBenchmark "$@"
