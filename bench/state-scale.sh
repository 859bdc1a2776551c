#!/usr/bin/env bash
# State and memory at scale (issue 9: at most 1 KiB of state per managed resource at one million
# declared resources): generates an organisation with RESOURCES declared resources beside its own
# (driftguard generate --declared-resources) and EVENTS records, prints the bytes of state per
# resource with their parts (io.driftguard.pipeline.episode.StateSize), then replays the folder
# with RocksDB state and a small heap and prints its wall time, CPU seconds and peak RSS.
#   bench/state-scale.sh [RESOURCES [EVENTS [HEAP]]]   (defaults: 1000000 100000 1g)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RESOURCES=${1:-1000000}
EVENTS=${2:-100000}
HEAP=${3:-1g}
DIR=target/bench-state-$RESOURCES-$EVENTS
if [[ ! -d "$DIR/in" ]]; then
    echo "bench: generating $EVENTS events and $RESOURCES declared resources into $DIR/in (seed 11) ..." >&2
    ./driftguard generate --output "$DIR/in" --seed 11 --events "$EVENTS" --declared-resources "$RESOURCES" >&2
fi
echo "== state per declared resource ($DIR/in/iac)"
java -Xmx${STATE_SIZE_HEAP:-8g} -cp "$ROOT/cli/target/classes:$(cat "$ROOT/cli/target/classpath.txt")" \
    io.driftguard.pipeline.episode.StateSize "$DIR/in/iac"
replay "rocksdb-$HEAP" "$DIR" "$HEAP" --state-backend rocksdb
table "replay of $DIR/in ($RESOURCES declared resources beside the organisation's, $EVENTS records)"
