#!/usr/bin/env bash
# Scale-out (issue 9): the same replay at parallelism 1 and 2 in the replay command's MiniCluster
# (one JVM; the multi-process session cluster of the issue is not measured here).
#   bench/replay-parallelism.sh [events]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
EVENTS=${1:-1000000}
DIR=${BENCH_DIR:-target/bench-$EVENTS}
generate "$DIR" "$EVENTS"
replay "parallelism 1" "$DIR" default --parallelism 1
P1=$LAST_RATE
replay "parallelism 2" "$DIR" default --parallelism 2
P2=$LAST_RATE
table "replay parallelism, $EVENTS events"
awk -v a="$P1" -v b="$P2" 'BEGIN{printf "parallelism 2 / 1: %.2f (this machine has %d cores)\n", b/a, '"$(nproc)"'}'
