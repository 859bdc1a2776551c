#!/bin/sh
# Creates DriftGuard's Kafka topics if they are missing (compose service kafka-init; the Kubernetes
# Job in deploy/kubernetes/kafka-topics.yaml runs the same script). Idempotent.
#
# Partitions follow io.driftguard.ingest.connect.kafka.RawTopics: the audit sources carry the volume
# and are keyed by resource (12), the context sources are a few records per minute (3). Adding
# partitions later moves keys, so size for the peak up front. Raw topics keep 7 days, enough to
# re-read a week with a fixed parser; declared state and findings are compacted (latest per key).
#
# Kafka client security comes from the same variables every DriftGuard process reads
# (docs/deployment.md, "Kafka with TLS and SASL"): DRIFTGUARD_KAFKA_PROPERTIES_FILE first, then
# DRIFTGUARD_KAFKA_SECURITY_*, _SASL_* and _SSL_* (the rest of the name lower-cased, _ read as .),
# written into one client properties file that every kafka-topics.sh call gets as --command-config.
set -eu

BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
RF="${TOPIC_REPLICATION:-1}"
AUDIT="${AUDIT_PARTITIONS:-12}"
CONTEXT="${CONTEXT_PARTITIONS:-3}"
WEEK=604800000
TOPICS="${KAFKA_TOPICS_BIN:-/opt/kafka/bin/kafka-topics.sh}"

CLIENT_CONFIG="$(mktemp)"
trap 'rm -f "$CLIENT_CONFIG"' EXIT
if [ -n "${DRIFTGUARD_KAFKA_PROPERTIES_FILE:-}" ]; then
    cat "$DRIFTGUARD_KAFKA_PROPERTIES_FILE" >> "$CLIENT_CONFIG"
    echo >> "$CLIENT_CONFIG"
fi
for var in $(env | sed -n -E 's/^(DRIFTGUARD_KAFKA_(SECURITY|SASL|SSL)_[A-Z0-9_]*)=.*/\1/p' | sort); do
    value="$(printenv "$var")"
    [ -n "$value" ] || continue # compose passes unset settings as empty
    name="$(printf '%s' "${var#DRIFTGUARD_KAFKA_}" | tr 'A-Z_' 'a-z.')"
    # A properties file reads backslashes as escapes: write them doubled. Later lines win.
    printf '%s=%s\n' "$name" "$(printf '%s' "$value" | sed 's/\\/\\\\/g')" >> "$CLIENT_CONFIG"
done

create() { # name partitions config...
    name=$1; partitions=$2; shift 2
    configs=""
    for c in "$@"; do configs="$configs --config $c"; done
    # shellcheck disable=SC2086
    "$TOPICS" --bootstrap-server "$BOOTSTRAP" --command-config "$CLIENT_CONFIG" --create --if-not-exists --topic "$name" \
        --partitions "$partitions" --replication-factor "$RF" $configs
}

for source in aws-cloudtrail aws-eventbridge gcp-audit azure-activity k8s-audit reconcile-scan; do
    create "driftguard.raw.$source" "$AUDIT" retention.ms=$WEEK
done
for source in github gitlab pagerduty jira alertmanager guardduty; do
    create "driftguard.raw.$source" "$CONTEXT" retention.ms=$WEEK
done
create driftguard.deadletter 3 retention.ms=$WEEK
# Keyed by resource key: the job re-reads the whole topic at start, compaction keeps it small.
create driftguard.desired-state "$AUDIT" cleanup.policy=compact min.compaction.lag.ms=3600000
# Keyed by finding id: compaction keeps each finding's latest version for late subscribers.
create driftguard.findings 6 cleanup.policy=compact min.compaction.lag.ms=86400000

"$TOPICS" --bootstrap-server "$BOOTSTRAP" --command-config "$CLIENT_CONFIG" --list | grep '^driftguard\.'
