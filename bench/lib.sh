# Shared by the replay benchmarks (source it). Each run of `driftguard replay` is timed with
# /usr/bin/time -v, so wall time, CPU time (user+sys) and the peak resident memory of the JVM come
# from the operating system, not from the job. On a shared machine compare CPU seconds as well as
# wall seconds: wall time grows with other load, CPU time much less.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The driftguard launcher rebuilds the project when sources are newer than its last build; that
# build must not be inside a timed run (it once doubled a replay's wall time and CPU seconds).
./driftguard --help >/dev/null 2>&1 || ./driftguard --help >&2

# generate FOLDER EVENTS: a replay input of EVENTS records (all providers, ~85% reads), once.
generate() {
    local dir=$1 events=$2
    if [[ ! -d "$dir/in" ]]; then
        echo "bench: generating $events events into $dir/in (seed 11) ..." >&2
        ./driftguard generate --output "$dir/in" --seed 11 --events "$events" >&2
    fi
}

# replay LABEL FOLDER HEAP [more replay options]: one timed replay; appends a row to $ROWS.
# HEAP is a -Xmx value (384m, 3g); "default" leaves the driftguard script's default (-Xmx3g).
replay() {
    local label=$1 dir=$2 heap=$3
    shift 3
    local out="$dir/out-$label"
    local log="$out/replay.log"
    mkdir -p "$out"
    local opts="-Xmx3g"
    [[ "$heap" != default ]] && opts="-Xmx$heap"
    echo "bench: $label: replay $dir/in with $opts $* ..." >&2
    local rc=0
    DRIFTGUARD_JAVA_OPTS="$opts ${BENCH_JAVA_OPTS:-}" /usr/bin/time -v ./driftguard replay --input "$dir/in" \
        --output "$out/FINDINGS.jsonl" --progress-seconds 30 "$@" >"$log" 2>&1 || rc=$?
    local done_line records wall user sys rss findings
    done_line=$(grep 'replay: done in' "$log" || true)
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    user=$(awk -F': ' '/User time/ {print $2}' "$log")
    sys=$(awk -F': ' '/System time/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$log")
    if [[ $rc -ne 0 || -z "$done_line" ]]; then
        local why
        why=$(grep -o 'OutOfMemoryError[^"]*' "$log" | head -1)
        printf '%-28s %10s %9s %10s %9s %9s %9s  %s\n' "$label" "-" "${wall:--}" "-" \
            "$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN{printf "%.0f", u+s}')" "${rss:--}" "-" \
            "FAILED (exit $rc) ${why:-see $log}" >>"$ROWS"
        return 0
    fi
    records=$(echo "$done_line" | sed -E 's/.*: ([0-9,]+) records.*/\1/' | tr -d ,)
    findings=$(echo "$done_line" | sed -E 's/.* ([0-9,]+) findings.*/\1/' | tr -d ,)
    local late
    late=$(echo "$done_line" | sed -E 's/.* ([0-9,]+) behind the watermark.*/\1/' | tr -d ,)
    printf '%-28s %10s %9.1f %10.0f %9.0f %9s %9s  %s\n' "$label" "$records" "$wall" \
        "$(awk -v r="$records" -v w="$wall" 'BEGIN{print r/w}')" \
        "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" "$rss" "$findings" "late=${late:-?} $*" >>"$ROWS"
    LAST_RATE=$(awk -v r="$records" -v w="$wall" 'BEGIN{print r/w}')
}

# ceiling FOLDER THREADS: tree-parse every record of the folder on THREADS threads; appends a row.
ceiling() {
    local dir=$1 threads=$2
    local log="$dir/ceiling-$threads.log"
    echo "bench: parse ceiling on $threads threads ..." >&2
    /usr/bin/time -v java -Xmx1g -cp "$ROOT/cli/target/classes:$(cat "$ROOT/cli/target/classpath.txt")" \
        io.driftguard.pipeline.replay.ParseCeiling "$dir/in" "$threads" >"$log" 2>&1
    local line wall user sys rss records
    line=$(grep '^ceiling' "$log")
    records=$(echo "$line" | sed -E 's/.*records=([0-9]+).*/\1/')
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    user=$(awk -F': ' '/User time/ {print $2}' "$log")
    sys=$(awk -F': ' '/System time/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$log")
    CEILING_RATE=$(awk -v r="$records" -v w="$wall" 'BEGIN{print r/w}')
    printf '%-28s %10s %9.1f %10.0f %9.0f %9s %9s  %s\n' "parse ceiling ($threads threads)" "$records" "$wall" \
        "$CEILING_RATE" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" "$rss" "-" "readTree of every record" >>"$ROWS"
}

# table TITLE: prints the rows gathered so far under a header, with the machine's description.
table() {
    echo
    echo "== $1"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-28s %10s %9s %10s %9s %9s %9s  %s\n' run records wall_s records/s cpu_s rss_MiB findings notes
    cat "$ROWS"
}

ROWS=$(mktemp)
trap 'rm -f "$ROWS"' EXIT
