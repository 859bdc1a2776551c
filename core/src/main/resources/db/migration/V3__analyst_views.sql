-- DriftGuard schema, version 3: views for analysts, and the read-only role driftguard_analyst that
-- may read them and nothing else. Every view is documented with COMMENT ON (\d+ in psql shows it);
-- docs/sql.md has example queries.

-- Findings with who, what triggered them and the evidence that explains them, one row per finding.
CREATE VIEW analyst_findings AS
SELECT f.finding_id,
       f.version,
       f.kind,
       f.cloud,
       f.account,
       f.region,
       f.resource_id,
       f.resource_type,
       f.iac_source,
       f.iac_address,
       f.service,
       f.status,
       f.resolution,
       f.actor_id,
       f.actor_type,
       f.actor_display,
       f.trigger_event_id,
       f.trigger_operation,
       f.source_ip,
       f.first_event_time,
       f.last_event_time,
       f.detected_at,
       f.resolved_at,
       f.cause,
       f.cause_confidence,
       f.severity,
       f.recommendation,
       f.recommendation_confidence,
       f.suppressed_by,
       (SELECT string_agg(DISTINCT c.correlated_id, ', ' ORDER BY c.correlated_id) FROM finding_correlations c
         WHERE c.finding_id = f.finding_id AND c.kind = 'ticket') AS tickets,
       (SELECT string_agg(DISTINCT c.correlated_id, ', ' ORDER BY c.correlated_id) FROM finding_correlations c
         WHERE c.finding_id = f.finding_id AND c.kind = 'incident') AS incidents,
       (SELECT string_agg(DISTINCT c.correlated_id, ', ' ORDER BY c.correlated_id) FROM finding_correlations c
         WHERE c.finding_id = f.finding_id AND c.kind = 'commit') AS commits,
       (SELECT string_agg(DISTINCT c.correlated_id, ', ' ORDER BY c.correlated_id) FROM finding_correlations c
         WHERE c.finding_id = f.finding_id AND c.kind = 'alert') AS alerts,
       (SELECT count(*) FROM finding_changes ch WHERE ch.finding_id = f.finding_id) AS changed_attributes,
       (SELECT a.decision FROM approvals a WHERE a.finding_id = f.finding_id
         ORDER BY a.decided_at DESC, a.approval_id DESC LIMIT 1) AS latest_decision,
       CASE WHEN f.resolved_at IS NULL THEN NULL
            ELSE round((extract(epoch FROM (f.resolved_at - f.first_event_time)) / 3600.0)::numeric, 3)
       END AS hours_to_resolve
FROM findings f;

-- Every version of every finding, with what changed from the version before.
CREATE VIEW analyst_finding_history AS
SELECT v.finding_id,
       v.version,
       v.written_at,
       v.status,
       v.resolution,
       v.cause,
       v.cause_confidence,
       v.severity,
       v.recommendation,
       v.suppressed_by,
       v.last_event_time,
       v.resolved_at,
       lag(v.cause) OVER w IS DISTINCT FROM v.cause AND lag(v.version) OVER w IS NOT NULL AS cause_changed,
       lag(v.severity) OVER w IS DISTINCT FROM v.severity AND lag(v.version) OVER w IS NOT NULL AS severity_changed,
       lag(v.recommendation) OVER w IS DISTINCT FROM v.recommendation AND lag(v.version) OVER w IS NOT NULL
           AS recommendation_changed,
       v.document
FROM finding_versions v
WINDOW w AS (PARTITION BY v.finding_id ORDER BY v.version);

-- Drift episodes resolved, per week of their first change, cause and service.
CREATE VIEW analyst_time_to_resolve AS
SELECT date_trunc('week', f.first_event_time) AS week,
       coalesce(f.cause, 'pending') AS cause,
       coalesce(f.service, 'unowned') AS service,
       count(*) AS episodes,
       count(f.resolved_at) AS resolved,
       round((avg(extract(epoch FROM (f.resolved_at - f.first_event_time))) / 3600.0)::numeric, 3)
           AS mean_hours_to_resolve,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (f.resolved_at - f.first_event_time)))
           / 3600.0)::numeric, 3) AS median_hours_to_resolve,
       round((max(extract(epoch FROM (f.resolved_at - f.first_event_time))) / 3600.0)::numeric, 3)
           AS max_hours_to_resolve
FROM findings f
WHERE f.kind = 'drift'
GROUP BY 1, 2, 3;

-- Each finding's recommendation and what people did with it: the latest decision, and whether the
-- episode ended the way the recommendation said.
CREATE VIEW analyst_recommendation_outcomes AS
SELECT f.finding_id,
       f.cloud,
       f.service,
       f.cause,
       f.severity,
       f.recommendation,
       d.decision AS latest_decision,
       d.decided_by,
       d.decided_at,
       d.decision IS NOT NULL AND d.decision <> 'deferred' AS decided,
       d.decision = 'approved' AS followed,
       d.decision = 'rejected' AS overridden,
       f.status,
       f.resolution,
       CASE WHEN f.resolution IS NULL THEN NULL
            ELSE (f.recommendation = 'auto_revert' AND f.resolution = 'reverted')
              OR (f.recommendation = 'codify_into_iac' AND f.resolution = 'codified')
       END AS resolved_as_recommended
FROM findings f
LEFT JOIN LATERAL (
    SELECT a.decision, a.decided_by, a.decided_at FROM approvals a
    WHERE a.finding_id = f.finding_id ORDER BY a.decided_at DESC, a.approval_id DESC LIMIT 1
) d ON true
WHERE f.kind = 'drift' AND f.recommendation IS NOT NULL;

-- Adoption of recommendations, per recommendation.
CREATE VIEW analyst_recommendation_adoption AS
SELECT o.recommendation,
       count(*) AS findings,
       count(*) FILTER (WHERE o.decided) AS decided,
       count(*) FILTER (WHERE o.followed) AS followed,
       count(*) FILTER (WHERE o.overridden) AS overridden,
       count(*) FILTER (WHERE o.latest_decision = 'deferred') AS deferred,
       count(*) FILTER (WHERE o.latest_decision IS NULL) AS undecided,
       round(count(*) FILTER (WHERE o.decided)::numeric / count(*), 4) AS share_decided,
       round(count(*) FILTER (WHERE o.followed)::numeric / nullif(count(*) FILTER (WHERE o.decided), 0), 4)
           AS share_followed,
       count(*) FILTER (WHERE o.resolved_as_recommended) AS resolved_as_recommended
FROM analyst_recommendation_outcomes o
GROUP BY o.recommendation;

-- The product's outcome measures in one row: what DriftGuard promises to improve.
CREATE VIEW analyst_outcome_summary AS
SELECT count(*) AS drift_findings,
       count(*) FILTER (WHERE o.decided) AS decided,
       count(*) FILTER (WHERE o.followed) AS followed,
       count(*) FILTER (WHERE o.overridden) AS overridden,
       round(coalesce(count(*) FILTER (WHERE o.decided)::numeric / nullif(count(*), 0), 0), 4) AS share_decided,
       round(coalesce(count(*) FILTER (WHERE o.followed)::numeric
           / nullif(count(*) FILTER (WHERE o.decided), 0), 0), 4) AS share_followed,
       (SELECT round((avg(extract(epoch FROM (f.resolved_at - f.first_event_time))) / 3600.0)::numeric, 3)
          FROM findings f WHERE f.kind = 'drift' AND f.resolved_at IS NOT NULL) AS mean_hours_to_resolve,
       (SELECT count(*) FROM findings f WHERE f.kind = 'drift' AND f.status = 'open') AS open_drift
FROM analyst_recommendation_outcomes o;

-- The resources that drift most.
CREATE VIEW analyst_top_drifting_resources AS
SELECT f.cloud,
       f.resource_id,
       max(f.resource_type) AS resource_type,
       max(f.service) AS service,
       count(*) AS episodes,
       count(*) FILTER (WHERE f.status = 'open') AS open_episodes,
       count(DISTINCT f.actor_id) AS actors,
       max(f.last_event_time) AS last_drift,
       mode() WITHIN GROUP (ORDER BY f.cause) AS usual_cause
FROM findings f
WHERE f.kind = 'drift'
GROUP BY f.cloud, f.resource_id;

-- The identities whose changes drift most.
CREATE VIEW analyst_top_drifting_actors AS
SELECT f.actor_id,
       max(f.actor_type) AS actor_type,
       max(f.actor_display) AS actor_display,
       count(*) AS episodes,
       count(DISTINCT f.cloud || ':' || f.resource_id) AS resources,
       count(*) FILTER (WHERE f.severity = 'high') AS high_severity,
       mode() WITHIN GROUP (ORDER BY f.cause) AS usual_cause,
       max(f.last_event_time) AS last_drift
FROM findings f
WHERE f.kind = 'drift'
GROUP BY f.actor_id;

-- Managed drift against changes to resources no IaC declares, per cloud and account.
CREATE VIEW analyst_unmanaged_coverage AS
SELECT f.cloud,
       coalesce(f.account, 'unknown') AS account,
       count(DISTINCT f.resource_id) FILTER (WHERE f.kind = 'drift') AS managed_resources_drifted,
       count(DISTINCT f.resource_id) FILTER (WHERE f.kind = 'unmanaged') AS unmanaged_resources_changed,
       count(*) FILTER (WHERE f.kind = 'unmanaged') AS unmanaged_findings,
       round(count(DISTINCT f.resource_id) FILTER (WHERE f.kind = 'unmanaged')::numeric
           / count(DISTINCT f.resource_id), 4) AS share_unmanaged
FROM findings f
GROUP BY f.cloud, coalesce(f.account, 'unknown');

-- Exception rules with whether each is in force now.
CREATE VIEW analyst_exception_rules AS
SELECT r.rule_id,
       r.finding_id,
       r.cloud,
       r.resource_id,
       r.attribute,
       r.reason,
       r.approved_by,
       r.created_at,
       r.expires_at,
       r.revoked_at,
       r.revoked_by,
       r.revoked_at IS NULL AND r.expires_at > now() AS active,
       (SELECT count(*) FROM finding_versions v
         WHERE v.suppressed_by LIKE 'exception rule ' || r.rule_id || ' %') AS versions_silenced
FROM exception_rules r;

-- Commitments to revert or codify, with whether they were kept.
CREATE VIEW analyst_remediation_commitments AS
SELECT c.commitment_id,
       c.finding_id,
       c.action,
       c.committed_by,
       c.created_at,
       c.due_at,
       c.note,
       f.status AS finding_status,
       f.resolution,
       f.resolved_at,
       CASE WHEN f.resolved_at IS NOT NULL AND f.resolved_at <= c.due_at THEN 'kept'
            WHEN f.resolved_at IS NOT NULL THEN 'late'
            WHEN now() > c.due_at THEN 'overdue'
            ELSE 'pending'
       END AS state
FROM remediation_commitments c
JOIN findings f ON f.finding_id = c.finding_id;

-- What people did in DriftGuard (sign-ins, decisions, exception rules), from the append-only audit log.
CREATE VIEW analyst_user_actions AS
SELECT a.entry_id, a.occurred_at, a.actor, a.action, a.finding_id, a.detail
FROM audit_log a;

-- Where each finding was announced in Slack.
CREATE VIEW analyst_slack_messages AS
SELECT s.finding_id, s.channel, s.ts, s.digest, s.posted_version, s.last_version, s.resolved_posted, s.posted_at,
       s.updated_at
FROM slack_messages s;
