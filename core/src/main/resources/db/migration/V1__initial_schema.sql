-- DriftGuard schema, version 1. Shared by the Flink job (writer) and the dashboard (reader,
-- approvals, audit). Every table is keyed so that replaying the same input rewrites the same rows.

-- One row per drift episode (or unmanaged change): the finding as it stands now.
CREATE TABLE findings (
    finding_id                 text PRIMARY KEY,
    version                    bigint      NOT NULL,
    kind                       text        NOT NULL CHECK (kind IN ('drift', 'unmanaged')),
    cloud                      text        NOT NULL CHECK (cloud IN ('aws', 'gcp', 'azure', 'kubernetes')),
    account                    text,
    region                     text,
    resource_id                text        NOT NULL,
    resource_type              text        NOT NULL,
    iac_source                 text,
    iac_address                text,
    iac_path                   text,
    status                     text        NOT NULL CHECK (status IN ('open', 'resolved')),
    resolution                 text        CHECK (resolution IN ('reverted', 'codified')),
    actor_id                   text        NOT NULL,
    actor_type                 text        NOT NULL,
    actor_display              text,
    trigger_event_id           text,
    trigger_operation          text,
    source_ip                  text,
    user_agent                 text,
    service                    text,
    first_event_time           timestamptz NOT NULL,
    last_event_time            timestamptz NOT NULL,
    detected_at                timestamptz NOT NULL,
    resolved_at                timestamptz,
    suppressed_by              text,
    cause                      text,
    cause_confidence           double precision,
    cause_scores               jsonb,
    severity                   text CHECK (severity IN ('low', 'medium', 'high')),
    severity_breakdown         jsonb,
    recommendation             text,
    recommendation_confidence  double precision,
    reasoning                  text,
    risk                       text,
    policy_rule                text,
    narrative                  jsonb,
    remediation                jsonb,
    document                   jsonb       NOT NULL,   -- the whole finding, as REPLAY.md writes it
    first_written_at           timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX findings_open_by_time ON findings (status, last_event_time DESC);
CREATE INDEX findings_by_resource ON findings (cloud, resource_id);
CREATE INDEX findings_by_actor ON findings (actor_id);

-- The managed attributes that differ (or differed) from their declaration.
CREATE TABLE finding_changes (
    finding_id    text  NOT NULL REFERENCES findings (finding_id) ON DELETE CASCADE,
    path          text  NOT NULL,
    desired_value jsonb,
    actual_value  jsonb,
    actual_known  boolean NOT NULL DEFAULT true,
    PRIMARY KEY (finding_id, path)
);

-- Every provider event that joined the episode (CloudTrail eventID, GCP insertId, ...).
CREATE TABLE finding_source_events (
    finding_id  text    NOT NULL REFERENCES findings (finding_id) ON DELETE CASCADE,
    event_id    text    NOT NULL,
    position    integer NOT NULL,
    PRIMARY KEY (finding_id, event_id)
);
CREATE INDEX finding_source_events_by_event ON finding_source_events (event_id);

-- Evidence that explains the episode: tickets, incidents, commits, alerts, findings, read activity.
CREATE TABLE finding_correlations (
    finding_id      text        NOT NULL REFERENCES findings (finding_id) ON DELETE CASCADE,
    kind            text        NOT NULL,
    correlated_id   text        NOT NULL,
    source          text,
    relation        text        NOT NULL,
    correlated_at   timestamptz,
    detail          text,
    PRIMARY KEY (finding_id, kind, correlated_id, relation)
);

-- Decisions people take on a finding's recommendation (dashboard approval workflow).
CREATE TABLE approvals (
    approval_id     bigserial   PRIMARY KEY,
    finding_id      text        NOT NULL REFERENCES findings (finding_id) ON DELETE CASCADE,
    finding_version bigint      NOT NULL,
    recommendation  text        NOT NULL,
    decision        text        NOT NULL CHECK (decision IN ('approved', 'rejected', 'deferred')),
    decided_by      text        NOT NULL,
    comment         text,
    decided_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approvals_by_finding ON approvals (finding_id, decided_at DESC);

-- Append-only record of who did what in DriftGuard. Updates and deletes are refused.
CREATE TABLE audit_log (
    entry_id     bigserial   PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor        text        NOT NULL,
    action       text        NOT NULL,
    finding_id   text,
    detail       jsonb
);
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Input that could not be used, with the reason. Keyed by where it came from, so a replay or a
-- restart that meets the same bad record again does not add a second row.
CREATE TABLE dead_letters (
    dead_letter_id bigserial   PRIMARY KEY,
    source         text        NOT NULL,   -- aws-cloudtrail, gcp-audit, github, ...
    origin         text        NOT NULL,   -- topic/partition/offset, or file and record index
    reason         text        NOT NULL,
    payload        text,                    -- the record, cut at 64 KiB
    received_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source, origin)
);
CREATE INDEX dead_letters_by_time ON dead_letters (received_at DESC);
