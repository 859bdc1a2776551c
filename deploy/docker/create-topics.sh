#!/bin/sh
# Creates DriftGuard's Kafka topics if they are missing (compose service kafka-init; the Kubernetes
# Job in deploy/kubernetes/kafka-topics.yaml runs the same script). Idempotent.
#
# Partitions follow io.driftguard.ingest.connect.kafka.RawTopics: the audit sources carry the volume
# and are keyed by resource (12), the context sources are a few records per minute (3). Adding
# partitions later moves keys, so size for the peak up front. Raw topics keep 7 days, enough to
# re-read a week with a fixed parser; declared state and findings are compacted (latest per key).
set -eu

BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
RF="${TOPIC_REPLICATION:-1}"
AUDIT="${AUDIT_PARTITIONS:-12}"
CONTEXT="${CONTEXT_PARTITIONS:-3}"
WEEK=604800000
TOPICS=/opt/kafka/bin/kafka-topics.sh

create() { # name partitions config...
    name=$1; partitions=$2; shift 2
    configs=""
    for c in "$@"; do configs="$configs --config $c"; done
    # shellcheck disable=SC2086
    "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
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

"$TOPICS" --bootstrap-server "$BOOTSTRAP" --list | grep '^driftguard\.'
