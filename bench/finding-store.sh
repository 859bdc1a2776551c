#!/usr/bin/env bash
# What one judged version of a finding costs the PostgreSQL sink, by how much evidence it carries
# (issue 9; see FindingStoreBenchmark): findings with 10, 100, 400 and 800 correlations written
# version after version (each two correlations more, one version per transaction) into an embedded
# PostgreSQL; prints milliseconds per version (p50, p90) and the document's size.
#   bench/finding-store.sh [versions per size (40)]
# Environment: MVN_REPO (a local Maven repository).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(./mvnw -q -B ${MVN_REPO:+-Dmaven.repo.local=$MVN_REPO})
"${MVN[@]}" -DskipTests install -pl pipeline -am
"${MVN[@]}" -pl pipeline dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -Xmx1g -Dlog4j2.level=WARN \
    -cp "pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/test-classpath.txt)" \
    io.driftguard.pipeline.bench.FindingStoreBenchmark "$@"
