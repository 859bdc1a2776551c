-- DriftGuard schema, version 4: a comment on every table, view and column (psql's \d+ shows them),
-- and the read-only role driftguard_analyst.

COMMENT ON TABLE findings IS 'One row per drift episode or unmanaged change: the finding as it stands now (its latest version). Written by the detection job; every version is also kept in finding_versions.';
COMMENT ON COLUMN findings.finding_id IS 'Stable id: dg- and 20 hex digits of a SHA-256 over kind, resource key and first diverging event id.';
COMMENT ON COLUMN findings.version IS 'Grows with every update of the finding (episode version × 1000 + judgement); the row keeps the highest.';
COMMENT ON COLUMN findings.kind IS 'drift (a managed attribute differs from its IaC declaration) or unmanaged (a change to a resource no IaC declares).';
COMMENT ON COLUMN findings.cloud IS 'aws, gcp, azure or kubernetes.';
COMMENT ON COLUMN findings.account IS 'AWS account, GCP project, Azure subscription or Kubernetes cluster the change was made in.';
COMMENT ON COLUMN findings.region IS 'Region or zone of the call, when the provider records one.';
COMMENT ON COLUMN findings.resource_id IS 'The resource as the provider names it (sg-…, projects/…/instances/…, /subscriptions/…, cluster/namespace/kind/name).';
COMMENT ON COLUMN findings.resource_type IS 'IaC or provider type (aws_security_group, google_compute_instance, Deployment, …).';
COMMENT ON COLUMN findings.iac_source IS 'Which IaC declares the resource: terraform, cloudformation or kubernetes.';
COMMENT ON COLUMN findings.iac_address IS 'The declaration''s address in the IaC (module.web.aws_security_group.web, a stack''s logical id, a manifest).';
COMMENT ON COLUMN findings.iac_path IS 'The IaC folder or file that declares the resource.';
COMMENT ON COLUMN findings.status IS 'open while any managed attribute differs; resolved once all match again.';
COMMENT ON COLUMN findings.resolution IS 'How a resolved episode ended: reverted (live value put back) or codified (IaC changed to the live value).';
COMMENT ON COLUMN findings.actor_id IS 'Canonical identity of who made the first diverging change (role and session, ARN, e-mail, UPN, application id, Kubernetes user).';
COMMENT ON COLUMN findings.actor_type IS 'human, automation, security or deploy, as the job recognised the identity.';
COMMENT ON COLUMN findings.actor_display IS 'A short name for people (jane.doe).';
COMMENT ON COLUMN findings.trigger_event_id IS 'Provider id of the call that opened the episode (CloudTrail eventID, GCP insertId, …).';
COMMENT ON COLUMN findings.trigger_operation IS 'The API call that opened the episode (AuthorizeSecurityGroupIngress, v1.compute.instances.setMachineType, …).';
COMMENT ON COLUMN findings.source_ip IS 'Source address of the triggering call.';
COMMENT ON COLUMN findings.user_agent IS 'User agent of the triggering call (console, CLI, SDK, Terraform).';
COMMENT ON COLUMN findings.service IS 'The owning service (config.yaml services, or a service/app tag or label), or null when nobody owns it.';
COMMENT ON COLUMN findings.first_event_time IS 'Event time of the first diverging change.';
COMMENT ON COLUMN findings.last_event_time IS 'Event time of the latest change that joined or resolved the episode.';
COMMENT ON COLUMN findings.detected_at IS 'When DriftGuard opened the finding (wall clock live; the change''s event time in replay).';
COMMENT ON COLUMN findings.resolved_at IS 'Event time of the change that resolved the episode.';
COMMENT ON COLUMN findings.suppressed_by IS 'The rule that silences this finding: an accepted exception (exception rule N …) or an ignore rule; silenced findings are kept but not alerted.';
COMMENT ON COLUMN findings.cause IS 'Why the change was made: emergency_fix, manual_troubleshooting, security_response, configuration_error or automated_response.';
COMMENT ON COLUMN findings.cause_confidence IS 'The cause model''s probability for the chosen cause (0–1).';
COMMENT ON COLUMN findings.cause_scores IS 'Probability of every cause, as JSON.';
COMMENT ON COLUMN findings.severity IS 'low, medium or high, the highest of the severity breakdown.';
COMMENT ON COLUMN findings.severity_breakdown IS 'Per dimension (security, availability, cost, compliance, performance): rule, reason, severity; JSON.';
COMMENT ON COLUMN findings.recommendation IS 'What to do: auto_revert, codify_into_iac, escalate_for_review or accept_as_exception.';
COMMENT ON COLUMN findings.recommendation_confidence IS 'Confidence of the recommendation (0–1).';
COMMENT ON COLUMN findings.reasoning IS 'Why the policy recommends what it does, in a sentence.';
COMMENT ON COLUMN findings.risk IS 'What following the recommendation could break.';
COMMENT ON COLUMN findings.policy_rule IS 'The policy rule that decided the recommendation.';
COMMENT ON COLUMN findings.narrative IS 'Who, when, what triggered it and a summary, for people; JSON.';
COMMENT ON COLUMN findings.remediation IS 'Revert command, codify patch and ignore rule, shown and never executed; JSON.';
COMMENT ON COLUMN findings.document IS 'The whole finding as the replay contract writes it (JSON).';
COMMENT ON COLUMN findings.first_written_at IS 'When the row was first written.';
COMMENT ON COLUMN findings.updated_at IS 'When the row was last replaced by a newer version.';

COMMENT ON TABLE finding_changes IS 'The managed attributes that differ (or differed) from their declaration, for each finding''s latest version.';
COMMENT ON COLUMN finding_changes.finding_id IS 'The finding.';
COMMENT ON COLUMN finding_changes.path IS 'Canonical attribute path (ingress, spec.replicas, tags.Owner; + and - mark added and removed set members).';
COMMENT ON COLUMN finding_changes.desired_value IS 'The declared value (canonical JSON).';
COMMENT ON COLUMN finding_changes.actual_value IS 'The live value after the change (canonical JSON), null when the log does not show it.';
COMMENT ON COLUMN finding_changes.actual_known IS 'False when the provider''s log hides the new value.';

COMMENT ON TABLE finding_source_events IS 'Every provider event that joined each finding''s episode.';
COMMENT ON COLUMN finding_source_events.finding_id IS 'The finding.';
COMMENT ON COLUMN finding_source_events.event_id IS 'Provider event id (CloudTrail eventID, GCP insertId, Azure eventDataId, Kubernetes auditID).';
COMMENT ON COLUMN finding_source_events.position IS 'Order in which the event joined the episode, from 0.';

COMMENT ON TABLE finding_correlations IS 'Evidence that explains a finding: tickets, incidents, commits, alerts, security findings, read activity.';
COMMENT ON COLUMN finding_correlations.finding_id IS 'The finding.';
COMMENT ON COLUMN finding_correlations.kind IS 'incident, ticket, commit, alert, finding or read_activity.';
COMMENT ON COLUMN finding_correlations.correlated_id IS 'The evidence''s own id (PagerDuty incident, Jira key, commit SHA, alert fingerprint, …).';
COMMENT ON COLUMN finding_correlations.source IS 'Where it came from (pagerduty, jira, github, gitlab, alertmanager, guardduty, …).';
COMMENT ON COLUMN finding_correlations.relation IS 'How it relates to the change (open_during, mentions_resource, codifies, reads_before, …).';
COMMENT ON COLUMN finding_correlations.correlated_at IS 'The evidence''s own time.';
COMMENT ON COLUMN finding_correlations.detail IS 'A one-line description for people.';

COMMENT ON TABLE approvals IS 'Decisions people take on a finding''s recommendation in the dashboard (approved, rejected, deferred).';
COMMENT ON COLUMN approvals.approval_id IS 'Id of the decision.';
COMMENT ON COLUMN approvals.finding_id IS 'The finding decided on.';
COMMENT ON COLUMN approvals.finding_version IS 'The finding version the person looked at.';
COMMENT ON COLUMN approvals.recommendation IS 'The recommendation decided on.';
COMMENT ON COLUMN approvals.decision IS 'approved (follow the recommendation), rejected (override it) or deferred.';
COMMENT ON COLUMN approvals.decided_by IS 'The dashboard user.';
COMMENT ON COLUMN approvals.comment IS 'Why, in the user''s words.';
COMMENT ON COLUMN approvals.decided_at IS 'When.';

COMMENT ON TABLE audit_log IS 'Append-only record of who did what in DriftGuard: sign-ins, decisions, exception rules, commitments. Updates and deletes are refused.';
COMMENT ON COLUMN audit_log.entry_id IS 'Order of entries.';
COMMENT ON COLUMN audit_log.occurred_at IS 'When.';
COMMENT ON COLUMN audit_log.actor IS 'The dashboard user.';
COMMENT ON COLUMN audit_log.action IS 'What they did (sign_in, approval.approved, exception_rule.created, commitment.created, …).';
COMMENT ON COLUMN audit_log.finding_id IS 'The finding it concerns, if any.';
COMMENT ON COLUMN audit_log.detail IS 'The details of the action, as JSON.';

COMMENT ON TABLE dead_letters IS 'Input the job could not use, with the reason; one row per source record.';
COMMENT ON COLUMN dead_letters.dead_letter_id IS 'Id of the entry.';
COMMENT ON COLUMN dead_letters.source IS 'The source (aws-cloudtrail, gcp-audit, github, …).';
COMMENT ON COLUMN dead_letters.origin IS 'Where the record was: topic/partition/offset, or file and record index.';
COMMENT ON COLUMN dead_letters.reason IS 'Why it could not be used.';
COMMENT ON COLUMN dead_letters.payload IS 'The record, cut at 64 KiB.';
COMMENT ON COLUMN dead_letters.received_at IS 'When it was rejected.';

COMMENT ON TABLE finding_versions IS 'Every version of every finding that reached PostgreSQL, append-only (findings keeps only the latest). Versions written within one sink batch (50 ms) collapse to the last.';
COMMENT ON COLUMN finding_versions.seq IS 'Order in which versions were written; notifiers read on from their cursor.';
COMMENT ON COLUMN finding_versions.finding_id IS 'The finding.';
COMMENT ON COLUMN finding_versions.version IS 'The finding version.';
COMMENT ON COLUMN finding_versions.status IS 'open or resolved at this version.';
COMMENT ON COLUMN finding_versions.resolution IS 'reverted or codified, once resolved.';
COMMENT ON COLUMN finding_versions.cause IS 'The cause judged at this version.';
COMMENT ON COLUMN finding_versions.cause_confidence IS 'Its probability (0–1).';
COMMENT ON COLUMN finding_versions.severity IS 'Severity at this version.';
COMMENT ON COLUMN finding_versions.recommendation IS 'Recommendation at this version.';
COMMENT ON COLUMN finding_versions.recommendation_confidence IS 'Its confidence (0–1).';
COMMENT ON COLUMN finding_versions.suppressed_by IS 'The rule that silenced this version, if any.';
COMMENT ON COLUMN finding_versions.last_event_time IS 'Event time of the latest change in the episode at this version.';
COMMENT ON COLUMN finding_versions.resolved_at IS 'Event time of the resolving change, once resolved.';
COMMENT ON COLUMN finding_versions.document IS 'The whole finding at this version (JSON, replay contract).';
COMMENT ON COLUMN finding_versions.written_at IS 'When this version was written.';

COMMENT ON TABLE exception_rules IS 'Accepted exceptions: drift on a resource (or one attribute of it) that the job marks as silenced until the rule expires or is revoked. Made when a dashboard user approves accept_as_exception.';
COMMENT ON COLUMN exception_rules.rule_id IS 'Id of the rule; silenced findings say exception rule <id>.';
COMMENT ON COLUMN exception_rules.finding_id IS 'The finding whose approval made the rule.';
COMMENT ON COLUMN exception_rules.approval_id IS 'The approval that made the rule.';
COMMENT ON COLUMN exception_rules.cloud IS 'Cloud of the resource.';
COMMENT ON COLUMN exception_rules.resource_id IS 'The resource, as findings.resource_id (* is a wildcard).';
COMMENT ON COLUMN exception_rules.attribute IS 'Attribute path (* is a wildcard), or null for every attribute of the resource.';
COMMENT ON COLUMN exception_rules.reason IS 'Why the drift is accepted.';
COMMENT ON COLUMN exception_rules.approved_by IS 'The dashboard user who approved the exception.';
COMMENT ON COLUMN exception_rules.created_at IS 'When the rule was made.';
COMMENT ON COLUMN exception_rules.expires_at IS 'When the rule stops silencing.';
COMMENT ON COLUMN exception_rules.revoked_at IS 'When a user revoked the rule early, if they did.';
COMMENT ON COLUMN exception_rules.revoked_by IS 'Who revoked it.';

COMMENT ON TABLE remediation_commitments IS 'Who committed to revert or codify a finding and by when; made when a dashboard user approves auto_revert or codify_into_iac. Append-only.';
COMMENT ON COLUMN remediation_commitments.commitment_id IS 'Id of the commitment.';
COMMENT ON COLUMN remediation_commitments.finding_id IS 'The finding.';
COMMENT ON COLUMN remediation_commitments.approval_id IS 'The approval that made it.';
COMMENT ON COLUMN remediation_commitments.action IS 'revert or codify.';
COMMENT ON COLUMN remediation_commitments.committed_by IS 'Who will do it.';
COMMENT ON COLUMN remediation_commitments.due_at IS 'By when.';
COMMENT ON COLUMN remediation_commitments.note IS 'Free text (a ticket, a plan).';
COMMENT ON COLUMN remediation_commitments.created_at IS 'When the commitment was made.';

COMMENT ON TABLE slack_messages IS 'The Slack message that announced each finding: replies go into its thread, and a restarted notifier never posts the finding again.';
COMMENT ON COLUMN slack_messages.finding_id IS 'The finding.';
COMMENT ON COLUMN slack_messages.channel IS 'Slack channel id or name the message went to.';
COMMENT ON COLUMN slack_messages.ts IS 'Slack''s message timestamp (the thread id).';
COMMENT ON COLUMN slack_messages.digest IS 'True when the finding was announced inside a digest message during a burst.';
COMMENT ON COLUMN slack_messages.posted_version IS 'The finding version first posted.';
COMMENT ON COLUMN slack_messages.last_version IS 'The latest finding version posted (message or thread reply).';
COMMENT ON COLUMN slack_messages.resolved_posted IS 'True once the resolution was posted in the thread.';
COMMENT ON COLUMN slack_messages.posted_at IS 'When the first message was posted.';
COMMENT ON COLUMN slack_messages.updated_at IS 'When the thread last got a reply.';

COMMENT ON TABLE notifier_cursors IS 'How far each notifier has read finding_versions.';
COMMENT ON COLUMN notifier_cursors.notifier IS 'The notifier (slack).';
COMMENT ON COLUMN notifier_cursors.last_seq IS 'The last finding_versions.seq it handled.';
COMMENT ON COLUMN notifier_cursors.updated_at IS 'When it last moved.';

COMMENT ON VIEW analyst_findings IS 'Findings with actor, trigger, tickets, incidents, commits and alerts, the latest decision and hours to resolve; one row per finding.';
COMMENT ON COLUMN analyst_findings.tickets IS 'Correlated Jira keys, comma-separated.';
COMMENT ON COLUMN analyst_findings.incidents IS 'Correlated incident ids, comma-separated.';
COMMENT ON COLUMN analyst_findings.commits IS 'Correlated commit SHAs, comma-separated.';
COMMENT ON COLUMN analyst_findings.alerts IS 'Correlated alert ids, comma-separated.';
COMMENT ON COLUMN analyst_findings.changed_attributes IS 'How many attributes differ from the declaration.';
COMMENT ON COLUMN analyst_findings.latest_decision IS 'The latest dashboard decision (approved, rejected, deferred), or null.';
COMMENT ON COLUMN analyst_findings.hours_to_resolve IS 'Hours from the first change to the resolving change; null while open.';

COMMENT ON VIEW analyst_finding_history IS 'Every version of every finding, with flags for what the judgement changed from the version before.';
COMMENT ON COLUMN analyst_finding_history.cause_changed IS 'True when this version''s cause differs from the previous version''s.';
COMMENT ON COLUMN analyst_finding_history.severity_changed IS 'True when the severity differs from the previous version''s.';
COMMENT ON COLUMN analyst_finding_history.recommendation_changed IS 'True when the recommendation differs from the previous version''s.';

COMMENT ON VIEW analyst_time_to_resolve IS 'Drift episodes per week of their first change, cause and service: how many, how many resolved, and hours to resolve.';
COMMENT ON COLUMN analyst_time_to_resolve.week IS 'Monday 00:00 UTC of the week of the first change.';
COMMENT ON COLUMN analyst_time_to_resolve.cause IS 'The cause, or pending before judgement.';
COMMENT ON COLUMN analyst_time_to_resolve.service IS 'The owning service, or unowned.';
COMMENT ON COLUMN analyst_time_to_resolve.episodes IS 'Drift episodes.';
COMMENT ON COLUMN analyst_time_to_resolve.resolved IS 'Of which resolved.';
COMMENT ON COLUMN analyst_time_to_resolve.mean_hours_to_resolve IS 'Mean hours from first change to resolution, over resolved episodes.';
COMMENT ON COLUMN analyst_time_to_resolve.median_hours_to_resolve IS 'Median hours to resolve.';
COMMENT ON COLUMN analyst_time_to_resolve.max_hours_to_resolve IS 'Longest hours to resolve.';

COMMENT ON VIEW analyst_recommendation_outcomes IS 'Each judged drift finding''s recommendation, the latest decision on it, and whether the episode ended as recommended.';
COMMENT ON COLUMN analyst_recommendation_outcomes.latest_decision IS 'approved, rejected, deferred, or null when nobody decided.';
COMMENT ON COLUMN analyst_recommendation_outcomes.decided_by IS 'Who took the latest decision.';
COMMENT ON COLUMN analyst_recommendation_outcomes.decided_at IS 'When.';
COMMENT ON COLUMN analyst_recommendation_outcomes.decided IS 'True when the latest decision approves or rejects (deferred is not a decision).';
COMMENT ON COLUMN analyst_recommendation_outcomes.followed IS 'True when the recommendation was approved.';
COMMENT ON COLUMN analyst_recommendation_outcomes.overridden IS 'True when the recommendation was rejected.';
COMMENT ON COLUMN analyst_recommendation_outcomes.resolved_as_recommended IS 'For resolved episodes: reverted after auto_revert, or codified after codify_into_iac.';

COMMENT ON VIEW analyst_recommendation_adoption IS 'Adoption of recommendations, per recommendation: decided, followed, overridden, deferred, undecided.';
COMMENT ON COLUMN analyst_recommendation_adoption.findings IS 'Judged drift findings with this recommendation.';
COMMENT ON COLUMN analyst_recommendation_adoption.decided IS 'Of which approved or rejected.';
COMMENT ON COLUMN analyst_recommendation_adoption.followed IS 'Of which approved.';
COMMENT ON COLUMN analyst_recommendation_adoption.overridden IS 'Of which rejected.';
COMMENT ON COLUMN analyst_recommendation_adoption.deferred IS 'Of which deferred.';
COMMENT ON COLUMN analyst_recommendation_adoption.undecided IS 'Of which nobody decided.';
COMMENT ON COLUMN analyst_recommendation_adoption.share_decided IS 'decided / findings.';
COMMENT ON COLUMN analyst_recommendation_adoption.share_followed IS 'followed / decided.';
COMMENT ON COLUMN analyst_recommendation_adoption.resolved_as_recommended IS 'Episodes that ended the way the recommendation said.';

COMMENT ON VIEW analyst_outcome_summary IS 'The product''s outcome measures in one row: share of findings with a decision, share of decisions that followed the recommendation, mean hours to resolve.';
COMMENT ON COLUMN analyst_outcome_summary.drift_findings IS 'Judged drift findings.';
COMMENT ON COLUMN analyst_outcome_summary.decided IS 'Of which approved or rejected.';
COMMENT ON COLUMN analyst_outcome_summary.followed IS 'Of which approved.';
COMMENT ON COLUMN analyst_outcome_summary.overridden IS 'Of which rejected.';
COMMENT ON COLUMN analyst_outcome_summary.share_decided IS 'decided / drift_findings (0 when there are none).';
COMMENT ON COLUMN analyst_outcome_summary.share_followed IS 'followed / decided (0 when nothing was decided).';
COMMENT ON COLUMN analyst_outcome_summary.mean_hours_to_resolve IS 'Mean hours from first change to resolution over resolved drift episodes.';
COMMENT ON COLUMN analyst_outcome_summary.open_drift IS 'Drift episodes open now.';

COMMENT ON VIEW analyst_top_drifting_resources IS 'Drift episodes per resource, most first when ordered by episodes.';
COMMENT ON COLUMN analyst_top_drifting_resources.episodes IS 'Drift episodes on the resource.';
COMMENT ON COLUMN analyst_top_drifting_resources.open_episodes IS 'Of which open.';
COMMENT ON COLUMN analyst_top_drifting_resources.actors IS 'Distinct identities that drifted it.';
COMMENT ON COLUMN analyst_top_drifting_resources.last_drift IS 'Latest change in any of its episodes.';
COMMENT ON COLUMN analyst_top_drifting_resources.usual_cause IS 'The most frequent cause.';

COMMENT ON VIEW analyst_top_drifting_actors IS 'Drift episodes per identity.';
COMMENT ON COLUMN analyst_top_drifting_actors.episodes IS 'Drift episodes the identity opened.';
COMMENT ON COLUMN analyst_top_drifting_actors.resources IS 'Distinct resources it drifted.';
COMMENT ON COLUMN analyst_top_drifting_actors.high_severity IS 'Of which high severity.';
COMMENT ON COLUMN analyst_top_drifting_actors.usual_cause IS 'The most frequent cause.';
COMMENT ON COLUMN analyst_top_drifting_actors.last_drift IS 'Latest change in any of its episodes.';

COMMENT ON VIEW analyst_unmanaged_coverage IS 'Per cloud and account: resources with managed drift against resources changed outside any IaC.';
COMMENT ON COLUMN analyst_unmanaged_coverage.account IS 'Account, project, subscription or cluster (unknown when not recorded).';
COMMENT ON COLUMN analyst_unmanaged_coverage.managed_resources_drifted IS 'Distinct IaC-managed resources with drift findings.';
COMMENT ON COLUMN analyst_unmanaged_coverage.unmanaged_resources_changed IS 'Distinct resources changed that no IaC declares.';
COMMENT ON COLUMN analyst_unmanaged_coverage.unmanaged_findings IS 'Unmanaged-change findings.';
COMMENT ON COLUMN analyst_unmanaged_coverage.share_unmanaged IS 'unmanaged resources / all resources with findings.';

COMMENT ON VIEW analyst_exception_rules IS 'Exception rules, whether each is in force now, and how many finding versions it silenced.';
COMMENT ON COLUMN analyst_exception_rules.active IS 'True while not revoked and not expired.';
COMMENT ON COLUMN analyst_exception_rules.versions_silenced IS 'Finding versions the job marked as silenced by this rule.';

COMMENT ON VIEW analyst_remediation_commitments IS 'Commitments to revert or codify, with whether they were kept.';
COMMENT ON COLUMN analyst_remediation_commitments.finding_status IS 'open or resolved now.';
COMMENT ON COLUMN analyst_remediation_commitments.state IS 'kept (resolved by the due date), late, overdue (open past the due date) or pending.';

COMMENT ON VIEW analyst_user_actions IS 'What people did in DriftGuard (sign-ins, decisions, exception rules, commitments), from the append-only audit log.';
COMMENT ON VIEW analyst_slack_messages IS 'Where each finding was announced in Slack.';

-- View columns that repeat a table column carry that column's comment.
DO $$
DECLARE
    col record;
    text_of text;
BEGIN
    FOR col IN
        SELECT c.relname AS view_name, a.attname AS column_name, a.attnum
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = current_schema() AND c.relkind = 'v' AND c.relname LIKE 'analyst\_%'
          AND col_description(c.oid, a.attnum) IS NULL
    LOOP
        SELECT col_description(t.oid, ta.attnum) INTO text_of
        FROM (VALUES (1, 'findings'), (2, 'finding_versions'), (3, 'exception_rules'),
                     (4, 'remediation_commitments'), (5, 'audit_log'), (6, 'slack_messages'),
                     (7, 'approvals')) AS src(rank, table_name)
        JOIN pg_class t ON t.relname = src.table_name AND t.relnamespace = to_regnamespace(current_schema())
        JOIN pg_attribute ta ON ta.attrelid = t.oid AND ta.attname = col.column_name
        WHERE col_description(t.oid, ta.attnum) IS NOT NULL
        ORDER BY CASE WHEN col.view_name LIKE '%' || src.table_name || '%' THEN 0 ELSE 1 END, src.rank
        LIMIT 1;
        IF text_of IS NOT NULL THEN
            EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', col.view_name, col.column_name, text_of);
        END IF;
    END LOOP;
END;
$$;

-- The read-only role. Roles belong to the server, not the database: it is made once, and a
-- migration user without CREATEROLE leaves it to the operator (docs/sql.md says how).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'driftguard_analyst') THEN
        BEGIN
            CREATE ROLE driftguard_analyst NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'cannot create role driftguard_analyst (needs CREATEROLE); create it and grant it SELECT on the analyst_ views';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'driftguard_analyst') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO driftguard_analyst', current_schema());
        EXECUTE (SELECT 'GRANT SELECT ON ' || string_agg(format('%I', c.relname), ', ') || ' TO driftguard_analyst'
                 FROM pg_class c
                 WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind = 'v'
                   AND c.relname LIKE 'analyst\_%');
    END IF;
END;
$$;
