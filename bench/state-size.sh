#!/usr/bin/env bash
# Bytes of keyed state per managed resource (issue 9; budget 1 KiB): every resource the IaC of a
# replay folder declares, serialized as the episode operator keeps it when no episode is open
# (io.driftguard.pipeline.episode.StateSize).
#   bench/state-size.sh [folder with iac/]   (default: the 1,000,000-event benchmark folder)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DIR=${1:-target/bench-1000000/in}
[[ -d "$DIR/iac" ]] || { generate "target/bench-1000000" 1000000; DIR=target/bench-1000000/in; }
java -cp "$ROOT/cli/target/classes:$(cat "$ROOT/cli/target/classpath.txt")" io.driftguard.pipeline.episode.StateSize "$DIR/iac"
