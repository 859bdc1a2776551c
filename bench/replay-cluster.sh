#!/usr/bin/env bash
# Scale-out (issue 9) on a multi-process Flink session cluster: the same replay at parallelism 1 and 2,
# submitted with `driftguard replay --cluster` and the shipped job jar to a job manager and two task
# managers of one slot each, every one a JVM of its own, started from Flink's Maven artefacts exactly as
# the job module's tests start them (io.driftguard.testkit.FlinkSessionCluster).
#
# Two one-slot task managers rather than one with two slots: at parallelism 2 each parallel instance of
# every operator then runs in its own process, and records cross between them over the network, as on a
# cluster of several machines; one task manager of two slots would measure threads of one JVM again, which
# bench/replay-parallelism.sh already does with the replay command's MiniCluster.
#
# CPU seconds are those of every process involved: the job manager and task managers (from /proc before
# and after each run) plus the replay command that submits and waits (/usr/bin/time). At parallelism 1 the
# second task manager idles; its few CPU seconds are counted too.
#   bench/replay-cluster.sh [events] [folder]          (BENCH_TM_MEMORY: each task manager's process size)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
EVENTS=${1:-1000000}
DIR=${2:-${BENCH_DIR:-target/bench-$EVENTS}}
TM_MEMORY=${BENCH_TM_MEMORY:-2048m}
JAR="$ROOT/job/target/driftguard-job.jar"
KIT="$ROOT/testkit/target"
for f in "$JAR" "$KIT/classpath.txt"; do
    [[ -f "$f" ]] || { echo "bench: $f is missing: build first (./mvnw -B install -DskipTests)" >&2; exit 2; }
done
generate "$DIR" "$EVENTS"

# The cluster lives as long as this script holds its standard input open (fd 7), or until SIGTERM.
CLUSTER_DIR="$DIR/flink-cluster"
rm -rf "$CLUSTER_DIR"
mkdir -p "$CLUSTER_DIR"
mkfifo "$CLUSTER_DIR/stdin"
echo "bench: starting a session cluster: a job manager and 2 task managers of 1 slot, $TM_MEMORY each ..." >&2
java -Xmx256m -Ddriftguard.flinkConf="$ROOT/flink-conf" -cp "$KIT/classes:$(cat "$KIT/classpath.txt")" \
    io.driftguard.testkit.FlinkSessionCluster "$CLUSTER_DIR" 2 1 "$TM_MEMORY" \
    <"$CLUSTER_DIR/stdin" >"$CLUSTER_DIR/cluster.out" 2>&1 &
CLUSTER_PID=$!
exec 7>"$CLUSTER_DIR/stdin"
stop_cluster() {
    exec 7>&- 2>/dev/null || true
    kill "$CLUSTER_PID" 2>/dev/null || true
    wait "$CLUSTER_PID" 2>/dev/null || true
}
trap 'stop_cluster; rm -f "$ROWS" "$NOTES"' EXIT
for _ in $(seq 1 720); do
    grep -q '^pids ' "$CLUSTER_DIR/cluster.out" 2>/dev/null && break
    kill -0 "$CLUSTER_PID" 2>/dev/null || { cat "$CLUSTER_DIR/cluster.out" >&2; exit 1; }
    sleep 0.25
done
REST=$(awk '/^rest / {print $2}' "$CLUSTER_DIR/cluster.out")
read -r -a PIDS <<<"$(awk '/^pids / {$1=""; print}' "$CLUSTER_DIR/cluster.out")"
[[ -n "$REST" && ${#PIDS[@]} -eq 3 ]] || { cat "$CLUSTER_DIR/cluster.out" >&2; exit 1; }
echo "bench: cluster at $REST, processes ${PIDS[*]} (job manager first)" >&2

TICKS=$(getconf CLK_TCK)
# cpu_ticks PID...: user+system clock ticks each process has used so far, space-separated.
cpu_ticks() {
    local p out=()
    for p in "$@"; do out+=("$(awk '{print $14+$15}' "/proc/$p/stat")"); done
    echo "${out[*]}"
}

# cluster_replay LABEL PARALLELISM: one timed replay on the cluster; appends a row to $ROWS.
cluster_replay() {
    local label=$1 parallelism=$2
    LAST_RATE=0
    local out="$DIR/out-cluster-p$parallelism"
    local log="$out/replay.log"
    mkdir -p "$out"
    local load_before before after rc=0
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    before=($(cpu_ticks "${PIDS[@]}"))
    echo "bench: $label: replay $DIR/in on $REST at parallelism $parallelism ..." >&2
    DRIFTGUARD_JAVA_OPTS="-Xmx1g ${BENCH_JAVA_OPTS:-}" /usr/bin/time -v ./driftguard replay --input "$DIR/in" \
        --output "$out/FINDINGS.jsonl" --cluster "$REST" --job-jar "$JAR" --parallelism "$parallelism" \
        >"$log" 2>&1 || rc=$?
    after=($(cpu_ticks "${PIDS[@]}"))
    local jm=$(( after[0] - before[0] )) tm1=$(( after[1] - before[1] )) tm2=$(( after[2] - before[2] ))
    local client cluster
    timed "$log"
    if [[ $rc -ne 0 ]] || ! replay_done "$log"; then
        printf '%-28s %10s %9s %10s %9s %9s %9s  %s\n' "$label" - "${WALL:--}" - - - - "FAILED (exit $rc), see $log" >>"$ROWS"
        return 0
    fi
    # The launcher rebuilds when sources changed after lib.sh's warm-up: such a row is not a measurement.
    local rebuilt=""
    grep -q '^driftguard: building' "$log" && rebuilt="INVALID, the launcher rebuilt inside the timed run; "
    client=$CPU
    cluster=$(awk -v t="$TICKS" -v a="$jm" -v b="$tm1" -v c="$tm2" 'BEGIN{printf "%.1f", (a+b+c)/t}')
    printf '%-28s %10s %9.1f %10.0f %9.0f %9s %9s  %s\n' "$label" "$RECORDS" "$WALL" \
        "$(awk -v r="$RECORDS" -v w="$WALL" 'BEGIN{print r/w}')" \
        "$(awk -v a="$client" -v b="$cluster" 'BEGIN{print a+b}')" "$RSS" "$FINDINGS" \
        "${rebuilt}late=$LATE; cpu s: client $client, job manager $(awk -v t="$TICKS" -v a="$jm" 'BEGIN{printf "%.1f", a/t}'), task managers $(awk -v t="$TICKS" -v a="$tm1" 'BEGIN{printf "%.1f", a/t}') + $(awk -v t="$TICKS" -v a="$tm2" 'BEGIN{printf "%.1f", a/t}'); load $load_before -> $(cut -d' ' -f1 /proc/loadavg)" >>"$ROWS"
    LAST_RATE=$(awk -v r="$RECORDS" -v w="$WALL" 'BEGIN{print r/w}')
}

cluster_replay "cluster, parallelism 1" 1
P1=$LAST_RATE
cluster_replay "cluster, parallelism 2" 2
P2=$LAST_RATE
table "replay on a session cluster (job manager + 2 task managers of 1 slot, $TM_MEMORY each), $EVENTS events"
echo "(rss_MiB is the replay command's, which submits and waits; the cluster's processes are in the notes)"
awk -v a="${P1:-0}" -v b="${P2:-0}" 'BEGIN{ if (a > 0) printf "parallelism 2 / 1 on the cluster: %.2f (this machine has %d cores)\n", b/a, '"$(nproc)"' }'
python3 "$ROOT/bench/compare-findings.py" "$DIR/out-cluster-p1/FINDINGS.jsonl" "$DIR/out-cluster-p2/FINDINGS.jsonl" ||
    echo "bench: the findings at parallelism 1 and 2 differ" >&2
