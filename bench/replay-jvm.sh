#!/usr/bin/env bash
# JVM options for the batch commands (issue 9): the same replay under several JVM option sets, each
# set run ROUNDS times and the sets alternated (A B C A B C …), so a change in the machine's load
# hits every set alike.
#   bench/replay-jvm.sh [events] [folder] [rounds]
# The option sets: the JVM's own defaults (tiered compilation with C2, G1) with -Xmx3g, what the
# launcher uses for replay (C1 only, parallel collector), and each of the two changes alone. Set
# JVM_SETS to "label=options;label=options" to measure others. Compare CPU seconds as well as wall
# seconds; the findings of every run are compared with the first run's.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
EVENTS=${1:-1000000}
DIR=${2:-target/bench-$EVENTS}
ROUNDS=${3:-2}
JVM_SETS=${JVM_SETS:-"jvm defaults=-Xmx3g;c1 only=-Xmx3g -XX:TieredStopAtLevel=1;parallel gc=-Xmx3g -XX:+UseParallelGC;c1 + parallel gc=-Xmx3g -XX:TieredStopAtLevel=1 -XX:+UseParallelGC"}
generate "$DIR" "$EVENTS"
IFS=';' read -r -a SETS <<<"$JVM_SETS"
first=""
for round in $(seq 1 "$ROUNDS"); do
    for set in "${SETS[@]}"; do
        label="${set%%=*} #$round"
        BENCH_JAVA_DEFAULTS="${set#*=}" replay "$label" "$DIR" default
        [[ -z "$first" ]] && first="$DIR/out-$label/FINDINGS.jsonl"
    done
done
table "replay, $EVENTS events, JVM option sets ($JVM_SETS)"
echo "Findings compared with the first run's:"
for set in "${SETS[@]}"; do
    for round in $(seq 1 "$ROUNDS"); do
        out="$DIR/out-${set%%=*} #$round/FINDINGS.jsonl"
        [[ -f "$out" ]] && python3 bench/compare-findings.py "$first" "$out" | head -1 | sed "s|^|  ${set%%=*} #$round: |"
    done
done
