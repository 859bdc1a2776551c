-- Issue 12: reconcile scans. Whether a finding was opened by an audit event or found by a reconcile
-- scan (driftguard reconcile), as a column generated from the finding's document, which the job
-- writes whole on every version (trigger.found_by is present only for scans).
ALTER TABLE findings
    ADD COLUMN found_by text GENERATED ALWAYS AS (coalesce(document #>> '{trigger,found_by}', 'audit_event')) STORED
        CHECK (found_by IN ('audit_event', 'reconcile_scan'));

CREATE INDEX findings_found_by ON findings (found_by) WHERE found_by <> 'audit_event';

COMMENT ON COLUMN findings.found_by IS 'audit_event when a call in an audit stream opened the finding; reconcile_scan when a reconcile scan found the live configuration different from the declaration (the audit stream missed the change; the actor is unknown unless a later audit record names it).';
