#!/usr/bin/env bash
# Submits the DriftGuard job to the session cluster of docker-compose.yml, once.
#
#  * Waits for the job manager's REST API (compose also waits for its health check).
#  * Does nothing when a job named driftguard-live is already running, so `docker compose up`
#    can be repeated safely.
#  * Resumes from state: $DRIFTGUARD_RESTORE = latest (default: the newest retained checkpoint
#    or savepoint, if any), none, or a path (a savepoint taken before an upgrade).
#  * Passes --config /etc/driftguard/config.yaml when that file is mounted.
#  * Every other argument goes to the job (see `driftguard job --help`).
set -euo pipefail

REST="${FLINK_REST:-http://jobmanager:8081}"
JAR=/opt/driftguard/driftguard-job.jar
RESTORE="${DRIFTGUARD_RESTORE:-latest}"

# The client reads conf/config.yaml too: the job takes its checkpoint directory and defaults from it.
if [[ -d /opt/driftguard/flink-conf-mounted ]]; then
    cp /opt/driftguard/flink-conf-mounted/* /opt/flink/conf/
fi

for _ in $(seq 1 60); do
    curl -fsS "$REST/overview" >/dev/null 2>&1 && break
    echo "waiting for the Flink REST API at $REST …"
    sleep 2
done

# `flink list` prints "<date> : <job id> : <name> (<state>)".
if flink list --running 2>/dev/null | grep -q ': driftguard-live (RUNNING)'; then
    echo "driftguard-live is already running; nothing to submit."
    exit 0
fi

ARGS=(run --detached)
case "$RESTORE" in
    none) ;;
    latest)
        newest=$(ls -td /opt/flink/savepoints/savepoint-* /opt/flink/checkpoints/*/chk-* 2>/dev/null \
                   | while read -r d; do [[ -f "$d/_metadata" ]] && echo "$d"; done | head -1 || true)
        if [[ -n "$newest" ]]; then
            echo "resuming from $newest"
            ARGS+=(--fromSavepoint "$newest")
        fi ;;
    *) ARGS+=(--fromSavepoint "$RESTORE") ;;
esac

# DriftGuard's own configuration is read here, on the client, and travels inside the job graph.
JOB_ARGS=()
if [[ -f /etc/driftguard/config.yaml ]]; then
    JOB_ARGS+=(--config /etc/driftguard/config.yaml)
fi

exec flink "${ARGS[@]}" "$JAR" "${JOB_ARGS[@]}" "$@"
