#!/usr/bin/env bash
# Bounded memory (issue 9): the same replay with the default heap (-Xmx3g), with 384 MiB, and with
# 384 MiB and RocksDB state; then ten times the events over ten times the hours (the same density,
# a longer input) with the default heap, with 384 MiB, and with 384 MiB and RocksDB state.
#   bench/replay-memory.sh [events] [big-events]
# Goal: 384 MiB at >= 80% of the default heap's speed; the longer input in the same heap (with its
# state on RocksDB, where it must spill), with the default heap's findings.
# The big folder is generated once (about 9 GB for 10,000,000 events, a few minutes); pass 0 as
# big-events to skip it. BIG_SPAN_HOURS sets its length (default: 48 hours times big / events).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
EVENTS=${1:-1000000}
BIG=${2:-10000000}
DIR=${BENCH_DIR:-target/bench-$EVENTS}
generate "$DIR" "$EVENTS"
replay "default heap (3g)" "$DIR" default
DEFAULT_RATE=$LAST_RATE
replay "heap 384m" "$DIR" 384m
SMALL_RATE=$LAST_RATE
replay "heap 384m, rocksdb" "$DIR" 384m --state-backend rocksdb
if [[ "$BIG" != 0 ]]; then
    SPAN=${BIG_SPAN_HOURS:-$((48 * BIG / EVENTS))}
    BIG_DIR=${BIG_BENCH_DIR:-target/bench-$BIG-${SPAN}h}
    generate "$BIG_DIR" "$BIG" "$SPAN"
    replay "big, default heap (3g)" "$BIG_DIR" default
    replay "big, heap 384m" "$BIG_DIR" 384m
    replay "big, heap 384m, rocksdb" "$BIG_DIR" 384m --state-backend rocksdb
fi
table "replay memory, $EVENTS events"
awk -v s="${SMALL_RATE:-0}" -v d="${DEFAULT_RATE:-1}" \
    'BEGIN{printf "384 MiB / default heap: %.0f%% of the speed (goal >= 80%%)\n", 100*s/d}'
echo "Findings of the runs over the same folder should be identical:"
for out in "$DIR"/out-heap*; do
    python3 bench/compare-findings.py "$DIR/out-default heap (3g)/FINDINGS.jsonl" "$out/FINDINGS.jsonl" | head -1 | sed "s|^|  $(basename "$out"): |"
done
if [[ "$BIG" != 0 ]]; then
    for out in "$BIG_DIR"/out-big,\ heap*; do
        [[ -f "$out/FINDINGS.jsonl" ]] || continue
        python3 bench/compare-findings.py "$BIG_DIR/out-big, default heap (3g)/FINDINGS.jsonl" "$out/FINDINGS.jsonl" \
            | head -1 | sed "s|^|  $(basename "$out"): |"
    done
fi
