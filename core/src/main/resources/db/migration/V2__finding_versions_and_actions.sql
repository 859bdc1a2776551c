-- DriftGuard schema, version 2: the history of every finding, and the tables where people act on
-- drift (exception rules, remediation commitments, Slack threads). Append-only tables refuse
-- UPDATE and DELETE with a trigger, like audit_log.

CREATE FUNCTION driftguard_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

-- Every version of every finding that reached PostgreSQL. findings keeps the latest; this table
-- keeps them all, filled by a trigger on findings so no writer can forget it.
CREATE TABLE finding_versions (
    seq                        bigserial   UNIQUE,
    finding_id                 text        NOT NULL,
    version                    bigint      NOT NULL,
    status                     text        NOT NULL,
    resolution                 text,
    cause                      text,
    cause_confidence           double precision,
    severity                   text,
    recommendation             text,
    recommendation_confidence  double precision,
    suppressed_by              text,
    last_event_time            timestamptz NOT NULL,
    resolved_at                timestamptz,
    document                   jsonb       NOT NULL,
    written_at                 timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (finding_id, version)
);
CREATE INDEX finding_versions_by_time ON finding_versions (written_at);
CREATE TRIGGER finding_versions_append_only BEFORE UPDATE OR DELETE ON finding_versions
    FOR EACH ROW EXECUTE FUNCTION driftguard_refuse_change();

CREATE FUNCTION findings_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO finding_versions (finding_id, version, status, resolution, cause, cause_confidence, severity,
        recommendation, recommendation_confidence, suppressed_by, last_event_time, resolved_at, document)
    VALUES (NEW.finding_id, NEW.version, NEW.status, NEW.resolution, NEW.cause, NEW.cause_confidence,
        NEW.severity, NEW.recommendation, NEW.recommendation_confidence, NEW.suppressed_by,
        NEW.last_event_time, NEW.resolved_at, NEW.document)
    ON CONFLICT (finding_id, version) DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER findings_versions AFTER INSERT OR UPDATE ON findings
    FOR EACH ROW EXECUTE FUNCTION findings_keep_version();

-- Rules that silence drift for a while: made when someone approves "accept as exception". The job
-- reads the active ones (not revoked, not expired) every few seconds and marks matching findings.
-- A rule is never edited: revoking it writes revoked_at and revoked_by once.
CREATE TABLE exception_rules (
    rule_id        bigserial   PRIMARY KEY,
    finding_id     text,
    approval_id    bigint      REFERENCES approvals (approval_id),
    cloud          text        NOT NULL CHECK (cloud IN ('aws', 'gcp', 'azure', 'kubernetes')),
    resource_id    text        NOT NULL,
    attribute      text,
    reason         text        NOT NULL CHECK (length(reason) > 0),
    approved_by    text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_by     text,
    CHECK (expires_at > created_at)
);
CREATE INDEX exception_rules_active ON exception_rules (expires_at) WHERE revoked_at IS NULL;

-- Who committed to revert or codify a finding, and by when: made when someone approves
-- "auto-revert" or "codify into IaC". Kept after the episode resolves (the record of the promise).
CREATE TABLE remediation_commitments (
    commitment_id  bigserial   PRIMARY KEY,
    finding_id     text        NOT NULL REFERENCES findings (finding_id),
    approval_id    bigint      REFERENCES approvals (approval_id),
    action         text        NOT NULL CHECK (action IN ('revert', 'codify')),
    committed_by   text        NOT NULL,
    due_at         timestamptz NOT NULL,
    note           text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX remediation_commitments_by_finding ON remediation_commitments (finding_id);
CREATE TRIGGER remediation_commitments_append_only BEFORE UPDATE OR DELETE ON remediation_commitments
    FOR EACH ROW EXECUTE FUNCTION driftguard_refuse_change();

-- The Slack message that opened each finding's thread, so a restarted notifier replies in it and
-- never posts the finding twice.
CREATE TABLE slack_messages (
    finding_id        text        PRIMARY KEY,
    channel           text        NOT NULL,
    ts                text        NOT NULL,
    digest            boolean     NOT NULL DEFAULT false,
    posted_version    bigint      NOT NULL,
    last_version      bigint      NOT NULL,
    resolved_posted   boolean     NOT NULL DEFAULT false,
    posted_at         timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- How far each notifier has read finding_versions (its seq).
CREATE TABLE notifier_cursors (
    notifier    text        PRIMARY KEY,
    last_seq    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Findings written before this version start their history with the version they had.
INSERT INTO finding_versions (finding_id, version, status, resolution, cause, cause_confidence, severity,
    recommendation, recommendation_confidence, suppressed_by, last_event_time, resolved_at, document, written_at)
SELECT finding_id, version, status, resolution, cause, cause_confidence, severity, recommendation,
    recommendation_confidence, suppressed_by, last_event_time, resolved_at, document, updated_at
FROM findings;
