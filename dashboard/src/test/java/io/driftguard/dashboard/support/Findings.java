package io.driftguard.dashboard.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.IacRef;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Realistic findings, written to PostgreSQL the way the Flink job writes them: the row's columns,
 * the document (the core {@link Finding} serialised with the project's mapper), and the side tables.
 */
public final class Findings {

    public static final Instant T0 = Instant.parse("2025-03-14T09:12:31Z");

    private Findings() {}

    /** Port 22 opened to the world by a person: a configuration error, high, auto-revert. */
    public static Finding sshOpenToWorld() {
        return new Finding("f-aws-sg-ssh", 3, "drift", Cloud.AWS, "123456789012", "eu-west-1",
                "sg-0a1b2c3d4e5f67890", "aws_security_group",
                new IacRef("terraform", "module.web.aws_security_group.web", "terraform/aws-prod/web/"),
                "open", null,
                List.of(new Change("ingress", "[{\"cidr_blocks\":[\"10.0.0.0/8\"],\"from_port\":443,\"protocol\":\"tcp\",\"to_port\":443}]",
                        "[{\"cidr_blocks\":[\"10.0.0.0/8\"],\"from_port\":443,\"protocol\":\"tcp\",\"to_port\":443},"
                                + "{\"cidr_blocks\":[\"0.0.0.0/0\"],\"from_port\":22,\"protocol\":\"tcp\",\"to_port\":22}]", true)),
                List.of("6f1e2a3b-1111-4c5d-9e8f-0a1b2c3d4e5f"),
                new Finding.FindingActor("arn:aws:sts::123456789012:assumed-role/Developer/jane.doe", "human", "jane.doe"),
                T0, T0, T0.plusSeconds(4), null,
                new Finding.Trigger("6f1e2a3b-1111-4c5d-9e8f-0a1b2c3d4e5f", "AuthorizeSecurityGroupIngress", "203.0.113.7",
                        "aws-cli/2.15.0 Python/3.11.6", false),
                "web", null,
                "configuration_error", 0.86,
                scores("configuration_error", 0.86, "manual_troubleshooting", 0.09, "security_response", 0.02,
                        "emergency_fix", 0.02, "automated_response", 0.01),
                "high",
                List.of(new Finding.SeverityEntry("security", "admin_port_open_to_world",
                        "port 22 open to 0.0.0.0/0", "high")),
                "auto_revert", 0.9,
                "No incident, ticket or security finding explains the change; SSH opened to 0.0.0.0/0 is a misconfiguration.",
                "Sessions that rely on the new rule will be cut.", "default/configuration_error_high",
                List.of(),
                new Finding.Narrative("jane.doe (Developer role)", "14 Mar 2025 09:12 UTC",
                        "AuthorizeSecurityGroupIngress from the AWS CLI",
                        "jane.doe opened SSH to the internet on the web security group."),
                new Finding.Remediation(
                        "aws ec2 revoke-security-group-ingress --group-id sg-0a1b2c3d4e5f67890 --protocol tcp --port 22 --cidr 0.0.0.0/0",
                        null, null));
    }

    /** An on-call scale-up during a PagerDuty incident: emergency fix, escalate. */
    public static Finding emergencyScaleUp() {
        Instant t = T0.plusSeconds(3600);
        return new Finding("f-gcp-mig-scale", 1, "drift", Cloud.GCP, "checkout-prod", "europe-west1",
                "projects/checkout-prod/zones/europe-west1-b/instances/api-1", "google_compute_instance",
                new IacRef("terraform", "google_compute_instance.api", "terraform/gcp/checkout/"),
                "open", null,
                List.of(new Change("machine_type", "\"e2-standard-2\"", "\"e2-standard-8\"", true)),
                List.of("1abc2def3ghi", "1abc2def3ghj"),
                new Finding.FindingActor("oncall.sam@example.com", "human", "oncall.sam@example.com"),
                t, t.plusSeconds(120), t.plusSeconds(125), null,
                new Finding.Trigger("1abc2def3ghi", "v1.compute.instances.setMachineType", "198.51.100.23", "gcloud/463.0.0", false),
                "checkout", null,
                "emergency_fix", 0.78,
                scores("emergency_fix", 0.78, "manual_troubleshooting", 0.12, "configuration_error", 0.05,
                        "security_response", 0.03, "automated_response", 0.02),
                "medium",
                List.of(new Finding.SeverityEntry("cost", "cost_up_more_than_10_percent", "e2-standard-2 to e2-standard-8", "medium"),
                        new Finding.SeverityEntry("performance", "capacity_increased", "4x vCPU", "low")),
                "escalate_for_review", 0.8,
                "PagerDuty incident Q1ABC (urgency high) on Checkout API is open; never revert during an incident.",
                "Reverting now could re-trigger the outage.", "default/emergency_fix_incident_open",
                List.of(new Finding.Correlation("incident", "Q1ABC", "pagerduty", "open_during_change", t.minusSeconds(600),
                                "Checkout API latency"),
                        new Finding.Correlation("commit", "9f8e7d6", "github", "follows_change", t.plusSeconds(1800),
                                "hotfix: size api for Q1ABC")),
                new Finding.Narrative("oncall.sam@example.com", "14 Mar 2025 10:12 UTC",
                        "setMachineType from gcloud during incident Q1ABC", "The on-call engineer scaled api-1 up during an incident."),
                new Finding.Remediation(null, "machine_type = \"e2-standard-8\"", null));
    }

    /** A change the judge has not decided yet: every judgement field null. */
    public static Finding pendingJudgement() {
        Instant t = T0.plusSeconds(7200);
        return new Finding("f-azure-storage-pending", 1, "drift", Cloud.AZURE, "0000-sub", null,
                "/subscriptions/0000-sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata",
                "azurerm_storage_account",
                new IacRef("terraform", "azurerm_storage_account.data", "terraform/azure/data/"),
                "open", null,
                List.of(new Change("allow_nested_items_to_be_public", "false", "true", true)),
                List.of("c0ffee00-0000-0000-0000-000000000001"),
                new Finding.FindingActor("alex@example.com", "human", null),
                t, t, t.plusSeconds(2), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** An HPA scaling a Deployment, since reverted: automated response, resolved. */
    public static Finding resolvedAutoscale() {
        Instant t = T0.plusSeconds(10800);
        return new Finding("f-k8s-replicas", 4, "drift", Cloud.KUBERNETES, null, null,
                "prod-eu-1/checkout/Deployment/web", "Deployment",
                new IacRef("kubernetes", "kubernetes/prod-eu-1/web.yaml#apps/Deployment/checkout/web", "kubernetes/prod-eu-1/web.yaml"),
                "resolved", "reverted",
                List.of(new Change("spec.replicas", "3", "6", true)),
                List.of("a1b2c3d4-0000-0000-0000-00000000aaaa", "a1b2c3d4-0000-0000-0000-00000000bbbb"),
                new Finding.FindingActor("system:serviceaccount:kube-system:horizontal-pod-autoscaler", "automation",
                        "horizontal pod autoscaler"),
                t, t.plusSeconds(900), t.plusSeconds(1), t.plusSeconds(900), null, "checkout", null,
                "automated_response", 0.97,
                scores("automated_response", 0.97, "manual_troubleshooting", 0.01, "configuration_error", 0.01,
                        "security_response", 0.005, "emergency_fix", 0.005),
                "low", List.of(new Finding.SeverityEntry("performance", "capacity_increased", "3 to 6 replicas", "low")),
                "accept_as_exception", 0.92, "The horizontal pod autoscaler manages replicas.",
                "None: the autoscaler keeps adjusting the count.", "default/automated_response",
                List.of(), null, new Finding.Remediation(null, null, "{resource_type: Deployment, attribute: spec.replicas}"));
    }

    public static List<Finding> all() {
        return List.of(sshOpenToWorld(), emergencyScaleUp(), pendingJudgement(), resolvedAutoscale());
    }

    private static Map<String, Double> scores(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return m;
    }

    /** Upserts the finding as the job's sink does: columns, document, changes, events, correlations. */
    public static void write(JdbcClient jdbc, Finding f) {
        String document;
        try {
            document = Json.MAPPER.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.sql("""
                INSERT INTO findings (finding_id, version, kind, cloud, account, region, resource_id, resource_type,
                    iac_source, iac_address, iac_path, status, resolution, actor_id, actor_type, actor_display,
                    trigger_event_id, trigger_operation, source_ip, user_agent, service,
                    first_event_time, last_event_time, detected_at, resolved_at, suppressed_by,
                    cause, cause_confidence, cause_scores, severity, severity_breakdown, recommendation,
                    recommendation_confidence, reasoning, risk, policy_rule, narrative, remediation, document, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb,
                    ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, now())
                ON CONFLICT (finding_id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status,
                    resolution = EXCLUDED.resolution, last_event_time = EXCLUDED.last_event_time,
                    resolved_at = EXCLUDED.resolved_at, cause = EXCLUDED.cause, severity = EXCLUDED.severity,
                    recommendation = EXCLUDED.recommendation, document = EXCLUDED.document, updated_at = now()
                WHERE findings.version < EXCLUDED.version""")
                .params(f.findingId(), f.version(), f.kind(), f.cloud().wireName(), f.account(), f.region(),
                        f.resourceId(), f.resourceType(), f.iac() == null ? null : f.iac().source(),
                        f.iac() == null ? null : f.iac().address(), f.iac() == null ? null : f.iac().path(),
                        f.status(), f.resolution(), f.actor().id(), f.actor().type(), f.actor().display(),
                        f.trigger() == null ? null : f.trigger().eventId(), f.trigger() == null ? null : f.trigger().operation(),
                        f.trigger() == null ? null : f.trigger().sourceIp(), f.trigger() == null ? null : f.trigger().userAgent(),
                        f.service(), ts(f.firstEventTime()), ts(f.lastEventTime()), ts(f.detectedAt()), ts(f.resolvedAt()),
                        f.suppressedBy(), f.cause(), f.causeConfidence(), json(f.causeScores()), f.severity(),
                        json(f.severityBreakdown()), f.recommendation(), f.recommendationConfidence(), f.reasoning(),
                        f.risk(), f.policyRule(), json(f.narrative()), json(f.remediation()), document)
                .update();
        for (Change c : f.changes()) {
            jdbc.sql("INSERT INTO finding_changes (finding_id, path, desired_value, actual_value, actual_known)"
                            + " VALUES (?, ?, ?::jsonb, ?::jsonb, ?) ON CONFLICT DO NOTHING")
                    .params(f.findingId(), c.path(), c.desired(), c.actual(), c.actualKnown() == null || c.actualKnown())
                    .update();
        }
        for (int i = 0; i < f.sourceEvents().size(); i++) {
            jdbc.sql("INSERT INTO finding_source_events (finding_id, event_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(f.findingId(), f.sourceEvents().get(i), i)
                    .update();
        }
        if (f.correlations() != null) {
            for (Finding.Correlation c : f.correlations()) {
                jdbc.sql("INSERT INTO finding_correlations (finding_id, kind, correlated_id, source, relation, correlated_at, detail)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(f.findingId(), c.kind(), c.id(), c.source(), c.relation(), ts(c.time()), c.detail())
                        .update();
            }
        }
    }

    public static void writeAll(JdbcClient jdbc) {
        all().forEach(f -> write(jdbc, f));
    }

    /** A record the job rejected, with its reason. */
    public static void deadLetter(JdbcClient jdbc, String source, String origin, String reason, String payload) {
        jdbc.sql("INSERT INTO dead_letters (source, origin, reason, payload) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(source, origin, reason, payload)
                .update();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static String json(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
