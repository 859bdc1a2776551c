package io.driftguard.dashboard.support;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.DeadLetter;
import io.driftguard.core.store.DeadLetterStore;
import io.driftguard.core.store.FindingStore;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.core.vocabulary.Severity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic findings, written to PostgreSQL the way the Flink job writes them: the row's columns,
 * the document (the core {@link Finding} serialised with the project's mapper), and the side tables.
 */
public final class Findings {

    public static final Instant T0 = Instant.parse("2025-03-14T09:12:31Z");
    /** The model that judged the fixtures, as a finding names it. */
    public static final Finding.CauseModelRef MODEL =
            new Finding.CauseModelRef("cause", "3f2a9c1d7b4e", "870c8dde0ec7756a");

    private Findings() {}

    /** Port 22 opened to the world by a person: a configuration error, high, auto-revert. */
    public static Finding sshOpenToWorld() {
        return new Finding(
                "f-aws-sg-ssh",
                3,
                FindingKind.DRIFT,
                Cloud.AWS,
                "123456789012",
                "eu-west-1",
                "sg-0a1b2c3d4e5f67890",
                "aws_security_group",
                new IacRef("terraform", "module.web.aws_security_group.web", "terraform/aws-prod/web/"),
                FindingStatus.OPEN,
                null,
                List.of(new Change(
                        "ingress",
                        "[{\"cidr_blocks\":[\"10.0.0.0/8\"],\"from_port\":443,\"protocol\":\"tcp\",\"to_port\":443}]",
                        "[{\"cidr_blocks\":[\"10.0.0.0/8\"],\"from_port\":443,\"protocol\":\"tcp\",\"to_port\":443},"
                                + "{\"cidr_blocks\":[\"0.0.0.0/0\"],\"from_port\":22,\"protocol\":\"tcp\",\"to_port\":22}]",
                        true)),
                List.of("6f1e2a3b-1111-4c5d-9e8f-0a1b2c3d4e5f"),
                new Finding.FindingActor(
                        "arn:aws:sts::123456789012:assumed-role/Developer/jane.doe", "human", "jane.doe"),
                T0,
                T0,
                T0.plusSeconds(4),
                null,
                new Finding.Trigger(
                        "6f1e2a3b-1111-4c5d-9e8f-0a1b2c3d4e5f",
                        "AuthorizeSecurityGroupIngress",
                        "203.0.113.7",
                        "aws-cli/2.15.0 Python/3.11.6",
                        false),
                "web",
                null,
                Cause.CONFIGURATION_ERROR,
                0.86,
                scores(
                        Cause.CONFIGURATION_ERROR,
                        0.86,
                        Cause.MANUAL_TROUBLESHOOTING,
                        0.09,
                        Cause.SECURITY_RESPONSE,
                        0.02,
                        Cause.EMERGENCY_FIX,
                        0.02,
                        Cause.AUTOMATED_RESPONSE,
                        0.01),
                MODEL,
                Severity.HIGH,
                List.of(new Finding.SeverityEntry(
                        "security", "admin_port_open_to_world", "port 22 open to 0.0.0.0/0", Severity.HIGH)),
                Recommendation.AUTO_REVERT,
                0.9,
                "No incident, ticket or security finding explains the change; SSH opened to 0.0.0.0/0 is a misconfiguration.",
                "Sessions that rely on the new rule will be cut.",
                "default/configuration_error_high",
                List.of(),
                new Finding.Narrative(
                        "jane.doe (Developer role)",
                        "14 Mar 2025 09:12 UTC",
                        "AuthorizeSecurityGroupIngress from the AWS CLI",
                        "jane.doe opened SSH to the internet on the web security group."),
                new Finding.Remediation(
                        "aws ec2 revoke-security-group-ingress --group-id sg-0a1b2c3d4e5f67890 --protocol tcp --port 22 --cidr 0.0.0.0/0",
                        null,
                        null),
                List.of());
    }

    /** An on-call scale-up during a PagerDuty incident: emergency fix, escalate. */
    public static Finding emergencyScaleUp() {
        Instant t = T0.plusSeconds(3600);
        return new Finding(
                "f-gcp-mig-scale",
                1,
                FindingKind.DRIFT,
                Cloud.GCP,
                "checkout-prod",
                "europe-west1",
                "projects/checkout-prod/zones/europe-west1-b/instances/api-1",
                "google_compute_instance",
                new IacRef("terraform", "google_compute_instance.api", "terraform/gcp/checkout/"),
                FindingStatus.OPEN,
                null,
                List.of(new Change("machine_type", "\"e2-standard-2\"", "\"e2-standard-8\"", true)),
                List.of("1abc2def3ghi", "1abc2def3ghj"),
                new Finding.FindingActor("oncall.sam@example.com", "human", "oncall.sam@example.com"),
                t,
                t.plusSeconds(120),
                t.plusSeconds(125),
                null,
                new Finding.Trigger(
                        "1abc2def3ghi",
                        "v1.compute.instances.setMachineType",
                        "198.51.100.23",
                        "gcloud/463.0.0",
                        false),
                "checkout",
                null,
                Cause.EMERGENCY_FIX,
                0.78,
                scores(
                        Cause.EMERGENCY_FIX,
                        0.78,
                        Cause.MANUAL_TROUBLESHOOTING,
                        0.12,
                        Cause.CONFIGURATION_ERROR,
                        0.05,
                        Cause.SECURITY_RESPONSE,
                        0.03,
                        Cause.AUTOMATED_RESPONSE,
                        0.02),
                MODEL,
                Severity.MEDIUM,
                List.of(
                        new Finding.SeverityEntry(
                                "cost",
                                "cost_up_more_than_10_percent",
                                "e2-standard-2 to e2-standard-8",
                                Severity.MEDIUM),
                        new Finding.SeverityEntry("performance", "capacity_increased", "4x vCPU", Severity.LOW)),
                Recommendation.ESCALATE_FOR_REVIEW,
                0.8,
                "PagerDuty incident Q1ABC (urgency high) on Checkout API is open; never revert during an incident.",
                "Reverting now could re-trigger the outage.",
                "default/emergency_fix_incident_open",
                List.of(
                        new Finding.Correlation(
                                CorrelationKind.INCIDENT,
                                "Q1ABC",
                                "pagerduty",
                                "open_during_change",
                                t.minusSeconds(600),
                                "Checkout API latency"),
                        new Finding.Correlation(
                                CorrelationKind.COMMIT,
                                "9f8e7d6",
                                "github",
                                "follows_change",
                                t.plusSeconds(1800),
                                "hotfix: size api for Q1ABC")),
                new Finding.Narrative(
                        "oncall.sam@example.com",
                        "14 Mar 2025 10:12 UTC",
                        "setMachineType from gcloud during incident Q1ABC",
                        "The on-call engineer scaled api-1 up during an incident."),
                // As the judge writes it against the declaring file (CodifyPatchGitApplyTest applies such patches).
                new Finding.Remediation(null, """
                        # codify google_compute_instance.api: run git apply on this patch in the repository's root
                        diff --git a/terraform/gcp/checkout/main.tf b/terraform/gcp/checkout/main.tf
                        --- a/terraform/gcp/checkout/main.tf
                        +++ b/terraform/gcp/checkout/main.tf
                        @@ -12,7 +12,7 @@
                         resource "google_compute_instance" "api" {
                           name         = "api-1"
                           zone         = "europe-west1-b"
                        -  machine_type = "e2-standard-2"
                        +  machine_type = "e2-standard-8"
                        \s
                           boot_disk {
                             initialize_params {
                        """, null),
                List.of());
    }

    /** A change the judge has not decided yet: every judgement field null. */
    public static Finding pendingJudgement() {
        Instant t = T0.plusSeconds(7200);
        return new Finding(
                "f-azure-storage-pending",
                1,
                FindingKind.DRIFT,
                Cloud.AZURE,
                "0000-sub",
                null,
                "/subscriptions/0000-sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdata",
                "azurerm_storage_account",
                new IacRef("terraform", "azurerm_storage_account.data", "terraform/azure/data/"),
                FindingStatus.OPEN,
                null,
                List.of(new Change("allow_nested_items_to_be_public", "false", "true", true)),
                List.of("c0ffee00-0000-0000-0000-000000000001"),
                new Finding.FindingActor("alex@example.com", "human", null),
                t,
                t,
                t.plusSeconds(2),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of());
    }

    /** An HPA scaling a Deployment, since reverted: automated response, resolved. */
    public static Finding resolvedAutoscale() {
        Instant t = T0.plusSeconds(10800);
        return new Finding(
                "f-k8s-replicas",
                4,
                FindingKind.DRIFT,
                Cloud.KUBERNETES,
                null,
                null,
                "prod-eu-1/checkout/Deployment/web",
                "Deployment",
                new IacRef(
                        "kubernetes",
                        "kubernetes/prod-eu-1/web.yaml#apps/Deployment/checkout/web",
                        "kubernetes/prod-eu-1/web.yaml"),
                FindingStatus.RESOLVED,
                Resolution.REVERTED,
                List.of(new Change("spec.replicas", "3", "6", true)),
                List.of("a1b2c3d4-0000-0000-0000-00000000aaaa", "a1b2c3d4-0000-0000-0000-00000000bbbb"),
                new Finding.FindingActor(
                        "system:serviceaccount:kube-system:horizontal-pod-autoscaler",
                        "automation",
                        "horizontal pod autoscaler"),
                t,
                t.plusSeconds(900),
                t.plusSeconds(1),
                t.plusSeconds(900),
                null,
                "checkout",
                null,
                Cause.AUTOMATED_RESPONSE,
                0.97,
                scores(
                        Cause.AUTOMATED_RESPONSE,
                        0.97,
                        Cause.MANUAL_TROUBLESHOOTING,
                        0.01,
                        Cause.CONFIGURATION_ERROR,
                        0.01,
                        Cause.SECURITY_RESPONSE,
                        0.005,
                        Cause.EMERGENCY_FIX,
                        0.005),
                MODEL,
                Severity.LOW,
                List.of(new Finding.SeverityEntry(
                        "performance", "capacity_increased", "3 to 6 replicas", Severity.LOW)),
                Recommendation.ACCEPT_AS_EXCEPTION,
                0.92,
                "The horizontal pod autoscaler manages replicas.",
                "None: the autoscaler keeps adjusting the count.",
                "default/automated_response",
                List.of(),
                null,
                new Finding.Remediation(null, null, "{resource_type: Deployment, attribute: spec.replicas}"),
                List.of());
    }

    public static List<Finding> all() {
        return List.of(sshOpenToWorld(), emergencyScaleUp(), pendingJudgement(), resolvedAutoscale());
    }

    /**
     * {@code n} findings for a feed at scale, built from the four fixtures: distinct ids and
     * resources, 40 services, 25 actors, detections one minute apart ending at {@code newest}, each
     * detected 1–9 s after its first change, and a Jira ticket {@code OPS-<i>} on every fifth.
     */
    public static List<Finding> many(int n, Instant newest) {
        List<Finding> templates = all();
        List<Finding> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Finding t = templates.get(i % templates.size());
            Instant detected = newest.minusSeconds(60L * i);
            Instant first = detected.minusSeconds(1 + i % 9);
            String actor = "engineer" + (i % 25) + "@example.com";
            List<Finding.Correlation> correlations = t.correlations();
            if (i % 5 == 0 && correlations != null) {
                correlations = new java.util.ArrayList<>(correlations);
                correlations.add(new Finding.Correlation(
                        CorrelationKind.TICKET,
                        "OPS-" + i,
                        "jira",
                        "open_during_change",
                        first,
                        "change request " + i));
            }
            out.add(t.toBuilder()
                    .findingId(String.format("f-%04d", i))
                    .resourceId(t.resourceId() + "-" + i)
                    .actor(new Finding.FindingActor(actor, "human", actor))
                    .firstEventTime(first)
                    .lastEventTime(first)
                    .detectedAt(detected)
                    .resolvedAt(t.resolvedAt() == null ? null : detected.plusSeconds(30))
                    .service("service-" + (i % 40))
                    .correlations(correlations)
                    .build());
        }
        return out;
    }

    /** Writes many findings in one transaction, as one batch of the job's sink would. */
    public static void writeMany(TestDatabase db, List<Finding> findings) {
        try (Connection c = database(db).connect()) {
            new FindingStore(c).upsert(findings);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Cause, Double> scores(Object... pairs) {
        Map<Cause, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Cause) pairs[i], (Double) pairs[i + 1]);
        }
        return m;
    }

    /** Writes the finding with the job's own store: columns, document, changes, events, correlations. */
    public static void write(TestDatabase db, Finding f) {
        try (Connection c = database(db).connect()) {
            new FindingStore(c).upsert(List.of(f));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void writeAll(TestDatabase db) {
        all().forEach(f -> write(db, f));
    }

    /** A record the job rejected, with its reason, written as the job's dead-letter sink writes it. */
    public static void deadLetter(TestDatabase db, String source, String origin, String reason, String payload) {
        try (Connection c = database(db).connect()) {
            DeadLetterStore.insert(c, List.of(new DeadLetter(source, origin, reason, payload)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Database database(TestDatabase db) {
        return new Database(db.url(), "postgres", "");
    }
}
