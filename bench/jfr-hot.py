#!/usr/bin/env python3
"""Where a replay's (or the live benchmark's) CPU goes, from a JDK Flight Recorder file: `bench/jfr-hot.py FILE.jfr`.

Prints the share of execution samples (a) per stage of the job, attributed by the innermost
DriftGuard/Flink frame that names a stage, and (b) the hottest methods, self time. Needs `jfr` (JDK)."""
import collections, re, subprocess, sys

STAGES = [  # first match from the top of the stack (innermost frame) wins
    ("read activity (keyed by actor)", "io.driftguard.pipeline.correlation.ReadActivityFunction"),
    ("read bundles (before the exchange)", "io.driftguard.pipeline.correlation.ReadBundle"),
    ("context correlation", "io.driftguard.pipeline.correlation.Context"),
    ("judge (model, policies)", "io.driftguard.pipeline.judge."),
    ("episodes", "io.driftguard.pipeline.episode."),
    ("read fast path (byte scan, reduced tree)", "io.driftguard.ingest.ByteScan"),
    ("read fast path (byte scan, reduced tree)", "io.driftguard.ingest.ReadScan"),
    ("time merge (a record's time)", "io.driftguard.ingest.RecordTimes"),
    ("catalog (interpret a change)", "io.driftguard.ingest.catalog."),
    ("provider parsers (tree → event)", "io.driftguard.ingest."),
    ("JSON tree building (Jackson readTree)", "com.fasterxml.jackson.databind."),
    ("parse operator (other)", "io.driftguard.pipeline.parse."),
    ("live benchmark: feeder (re-timing)", "io.driftguard.pipeline.replay.LiveFeed"),
    ("source: split files into records", "io.driftguard.pipeline.replay."),
    ("state backend", "org.apache.flink.runtime.state."),
    ("state backend (RocksDB)", "org.apache.flink.state.rocksdb"),
    ("record serialization / copy", "org.apache.flink.api.common.typeutils"),
    ("record serialization / copy", "org.apache.flink.api.java.typeutils"),
    ("network / mailbox", "org.apache.flink.runtime.io."),
    ("JSON tokenizing (Jackson core)", "com.fasterxml.jackson.core."),
    # live (bench/live-load.sh): the broker runs in the benchmark's JVM
    ("Kafka clients (job's source and sinks, benchmark's producer)", "org.apache.kafka.clients."),
    ("Kafka broker (in-process, benchmark)", "kafka."),
    ("Kafka broker (in-process, benchmark)", "org.apache.kafka."),
    ("PostgreSQL JDBC (sinks)", "org.postgresql."),
]

def main(path):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                         capture_output=True, text=True, check=True).stdout
    samples, frames = [], []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("jdk.ExecutionSample"):
            if frames:
                samples.append(frames)
            frames = []
        m = re.match(r"^([\w.$<>]+)\(.*line:", line)
        if m:
            frames.append(m.group(1))
    if frames:
        samples.append(frames)
    n = len(samples) or 1
    stage, selfc = collections.Counter(), collections.Counter()
    for s in samples:
        selfc[s[0]] += 1
        name = "other (JDK, GC helpers, Flink runtime)"
        for f in s:
            hit = next((st for st, prefix in STAGES if f.startswith(prefix)), None)
            if hit:
                name = hit
                break
        stage[name] += 1
    print(f"{len(samples)} execution samples in {path}")
    print(f"\n{'share':>6}  stage (innermost frame that names one)")
    for k, v in stage.most_common():
        print(f"{100 * v / n:5.1f}%  {k}")
    print(f"\n{'share':>6}  hottest methods (self)")
    for k, v in selfc.most_common(15):
        print(f"{100 * v / n:5.1f}%  {k}")

if __name__ == "__main__":
    main(sys.argv[1])
