#!/usr/bin/env bash
# Replay throughput benchmark: generate a folder of N events (default 1,000,000, all four
# providers, ~85% reads) once, then time `driftguard replay` over it. Prints records/s.
#   bench/replay-throughput.sh [events] [folder]
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
DIR=${2:-target/bench-$EVENTS}
[[ -d "$DIR/in" ]] || ./driftguard generate --output "$DIR/in" --seed 11 --events "$EVENTS"
DRIFTGUARD_JAVA_OPTS="${DRIFTGUARD_JAVA_OPTS:--Xmx8g}" ./driftguard replay --input "$DIR/in" --output "$DIR/out/FINDINGS.jsonl" \
    --progress-seconds 10
