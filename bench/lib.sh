# Shared by the replay benchmarks (source it). Each run of `driftguard replay` is timed with
# /usr/bin/time -v, so wall time, CPU time (user+sys) and the peak resident memory of the JVM come
# from the operating system, not from the job. On a shared machine compare CPU seconds as well as
# wall seconds: wall time grows with other load, CPU time much less.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The driftguard launcher rebuilds the project when sources are newer than its last build; that
# build must not be inside a timed run (it once doubled a replay's wall time and CPU seconds).
./driftguard --help >/dev/null 2>&1 || ./driftguard --help >&2

# generate FOLDER EVENTS [SPAN_HOURS]: a replay input of EVENTS records (all providers, ~85% reads)
# over SPAN_HOURS hours (default 48), once.
generate() {
    local dir=$1 events=$2 span=${3:-48}
    if [[ ! -d "$dir/in" ]]; then
        echo "bench: generating $events events over $span hours into $dir/in (seed 11) ..." >&2
        ./driftguard generate --output "$dir/in" --seed 11 --events "$events" --span-hours "$span" >&2
    fi
}

# timed LOG: WALL (seconds), CPU (user + system seconds) and RSS (peak MiB) of a `/usr/bin/time -v` log;
# empty when the log has no such lines.
timed() {
    local log=$1 user sys
    WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    user=$(awk -F': ' '/User time/ {print $2}' "$log")
    sys=$(awk -F': ' '/System time/ {print $2}' "$log")
    CPU=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN{printf "%.1f", u+s}')
    RSS=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$log")
}

# replay_done LOG: RECORDS, FINDINGS and LATE from the replay's closing line ("replay: done in …");
# returns 1 when the log has none (the replay did not finish).
replay_done() {
    local line
    line=$(grep 'replay: done in' "$1") || return 1
    RECORDS=$(echo "$line" | sed -E 's/.*: ([0-9,]+) records.*/\1/' | tr -d ,)
    FINDINGS=$(echo "$line" | sed -E 's/.* ([0-9,]+) findings.*/\1/' | tr -d ,)
    LATE=$(echo "$line" | sed -E 's/.* ([0-9,]+) behind the watermark.*/\1/' | tr -d ,)
}

# replay LABEL FOLDER HEAP [more replay options]: one timed replay; appends a row to $ROWS.
# HEAP is a -Xmx value (384m, 3g); "default" keeps the launcher's (-Xmx3g). The launcher's other JVM
# defaults for replay apply unless BENCH_JAVA_DEFAULTS replaces them (set it empty for the JVM's own);
# BENCH_JAVA_OPTS is added last (a JFR recording, say).
replay() {
    local label=$1 dir=$2 heap=$3
    shift 3
    local out="$dir/out-$label"
    local log="$out/replay.log"
    mkdir -p "$out"
    local opts=""
    [[ "$heap" != default ]] && opts="-Xmx$heap"
    opts="$opts ${BENCH_JAVA_OPTS:-}"
    echo "bench: $label: replay $dir/in with ${BENCH_JAVA_DEFAULTS-launcher defaults} $opts $* ..." >&2
    local rc=0
    local env=(DRIFTGUARD_JAVA_OPTS="$opts")
    [[ -n "${BENCH_JAVA_DEFAULTS+set}" ]] && env+=(DRIFTGUARD_JAVA_DEFAULTS="$BENCH_JAVA_DEFAULTS")
    env "${env[@]}" /usr/bin/time -v ./driftguard replay --input "$dir/in" \
        --output "$out/FINDINGS.jsonl" --progress-seconds "$PROGRESS_SECONDS" "$@" >"$log" 2>&1 || rc=$?
    timed "$log"
    if [[ $rc -ne 0 ]] || ! replay_done "$log"; then
        local why
        why=$(grep -o 'OutOfMemoryError[^"]*' "$log" | head -1)
        printf '%-28s %10s %9s %10s %9.0f %9s %9s  %s\n' "$label" "-" "${WALL:--}" "-" "$CPU" "${RSS:--}" "-" \
            "FAILED (exit $rc) ${why:-see $log}" >>"$ROWS"
        return 0
    fi
    printf '%-28s %10s %9.1f %10.0f %9.0f %9s %9s  %s\n' "$label" "$RECORDS" "$WALL" \
        "$(awk -v r="$RECORDS" -v w="$WALL" 'BEGIN{print r/w}')" "$CPU" "$RSS" "$FINDINGS" "late=${LATE:-?} $*" >>"$ROWS"
    LAST_RATE=$(awk -v r="$RECORDS" -v w="$WALL" 'BEGIN{print r/w}')
    reading "$log" "$RECORDS" >>"$NOTES"
}

PROGRESS_SECONDS=5

# reading LOG RECORDS: how the reading went, from the replay's progress lines (one per
# PROGRESS_SECONDS): records per second in each interval, and over the second half of the
# records (from the first line at or past half of them to the last line before all were read),
# when the JIT compiler has long compiled the job's code. The end-to-end rate also carries the
# start (JVM, MiniCluster, job), the warm-up and the end of input (last judgements, sinks).
reading() {
    awk -v total="$2" -v step="$PROGRESS_SECONDS" -v file="$1" '
        /records read, / {
            n++; v = $2; gsub(",", "", v); r[n] = v + 0
            rate = $5; gsub("[,/s]", "", rate); rates = rates sprintf(" %.0fk", rate / 1000)
        }
        END {
            if (n == 0) exit
            for (i = 1; i <= n && r[i] < total / 2; i++) ;
            for (j = n; j > i && r[j] >= total; j--) ;
            half = (j > i) ? sprintf("%.0f records/s", (r[j] - r[i]) / ((j - i) * step)) : "-"
            printf "%s: read per %d s:%s; second half of the records: %s\n", file, step, rates, half
        }' "$1"
}

# ceiling FOLDER THREADS: tree-parse every record of the folder on THREADS threads; appends a row.
ceiling() {
    local dir=$1 threads=$2
    local log="$dir/ceiling-$threads.log"
    echo "bench: parse ceiling on $threads threads ..." >&2
    /usr/bin/time -v java -Xmx1g -cp "$ROOT/cli/target/classes:$(cat "$ROOT/cli/target/classpath.txt")" \
        io.driftguard.pipeline.replay.ParseCeiling "$dir/in" "$threads" >"$log" 2>&1
    local records
    records=$(grep '^ceiling' "$log" | sed -E 's/.*records=([0-9]+).*/\1/')
    timed "$log"
    CEILING_RATE=$(awk -v r="$records" -v w="$WALL" 'BEGIN{print r/w}')
    printf '%-28s %10s %9.1f %10.0f %9.0f %9s %9s  %s\n' "parse ceiling ($threads threads)" "$records" "$WALL" \
        "$CEILING_RATE" "$CPU" "$RSS" "-" "readTree of every record" >>"$ROWS"
}

# table TITLE: prints the rows gathered so far under a header, with the machine's description.
table() {
    echo
    echo "== $1"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-28s %10s %9s %10s %9s %9s %9s  %s\n' run records wall_s records/s cpu_s rss_MiB findings notes
    cat "$ROWS"
    cat "$NOTES"
}

ROWS=$(mktemp)
NOTES=$(mktemp)
trap 'rm -f "$ROWS" "$NOTES"' EXIT
