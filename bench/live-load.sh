#!/usr/bin/env bash
# Live latency under sustained load (issue 9; see LiveLoadBenchmark):
#   bench/live-load.sh [rate per second (5000)] [seconds (300)] [folder]
# The live job (RocksDB state, checkpoints every 10 s, parallelism 2, MiniCluster) reads a real Kafka
# broker while a generated organisation's records (`driftguard generate --seed 11`: all providers,
# ~85 % reads and failed calls) are appended at RATE per second for SECONDS after a 20 s warm-up,
# each re-timed to the moment it is appended. Prints every 10 s what the job read, its consumer lag,
# the busiest tasks and their back-pressure; at the end p50/p95/p99 of Kafka append -> committed
# judged PostgreSQL row (by kind, and drift by provider), the finding versions written and the size
# of their documents, and the checkpoints' durations. The folder needs RATE x (SECONDS + 20)
# records; it is generated once (1,600,000 by default).
# Environment: BENCH_JAVA_OPTS (e.g. a JFR recording), MVN_REPO (a local Maven repository).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-5000}
SECONDS_=${2:-300}
EVENTS=$(( RATE * (SECONDS_ + 20) ))
(( EVENTS < 1600000 )) && EVENTS=1600000
DIR=${3:-target/live-$EVENTS/in}
MVN=(./mvnw -q -B ${MVN_REPO:+-Dmaven.repo.local=$MVN_REPO})
"${MVN[@]}" -DskipTests install -pl pipeline,cli -am
"${MVN[@]}" -pl pipeline dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
"${MVN[@]}" -pl cli dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
if [[ ! -d "$DIR" ]]; then
    echo "bench: generating $EVENTS events into $DIR (seed 11) ..." >&2
    java -cp "cli/target/classes:$(cat cli/target/classpath.txt)" io.driftguard.cli.DriftGuard \
        generate --output "$DIR" --seed 11 --events "$EVENTS" >&2
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
    -Dlog4j2.level=WARN \
    -cp "pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/test-classpath.txt)" \
    io.driftguard.pipeline.bench.LiveLoadBenchmark "$RATE" "$SECONDS_" "$DIR"
