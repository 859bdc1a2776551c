package io.driftguard.models.training;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.judge.context.ActorFacts;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.ContextFact.Relation;
import io.driftguard.judge.context.EpisodeContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Episode contexts drawn from docs/design/taxonomy.md itself, labelled by its rule table and precedence, for
 * training while (or in addition to) replayed contexts from generated folders. Each draw follows a
 * story (an autoscaler during an incident, a security engineer revoking access, an on-call engineer
 * scaling up, a troubleshooter reading then tweaking, an unexplained misconfiguration) with
 * distractors from the other stories mixed in; the label is then decided from what the context
 * actually contains, not from the story, so overlaps resolve by the precedence
 * automated_response, security_response, emergency_fix, manual_troubleshooting, configuration_error.
 *
 * <p>Changes use the catalog's attribute paths and canonical value shapes across the four clouds,
 * so the shared change semantics read them as the pipeline's findings would be read.
 */
public final class TaxonomySampler {

    /** What a change does, in the taxonomy's "typical changes" vocabulary (docs/design/taxonomy.md). */
    enum Kind {
        TIGHTEN,
        MISCONFIGURE,
        EMERGENCY,
        TROUBLESHOOT,
        AUTOMATE,
        OTHER
    }

    private record Template(Kind kind, String resourceType, String path, String desired, String actual) {}

    private static final String SSH_WORLD =
            "{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}";
    private static final String PG_WORLD =
            "{\"from_port\":5432,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":5432}";
    private static final String HTTPS_WORLD =
            "{\"from_port\":443,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":443}";
    private static final String SSH_OFFICE =
            "{\"from_port\":22,\"peer\":\"203.0.113.7/32\",\"protocol\":\"tcp\",\"to_port\":22}";
    private static final String HTTPS_VPC =
            "{\"from_port\":443,\"peer\":\"10.0.0.0/8\",\"protocol\":\"tcp\",\"to_port\":443}";
    private static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

    private static final List<Template> TEMPLATES = List.of(
            // Tightening: revoke ingress, remove public access, detach a policy, enable encryption or logging.
            t(
                    Kind.TIGHTEN,
                    "aws_security_group",
                    "ingress",
                    "[" + HTTPS_VPC + "," + SSH_WORLD + "]",
                    "[" + HTTPS_VPC + "]"),
            t(Kind.TIGHTEN, "aws_security_group", "ingress", "[" + HTTPS_WORLD + "]", "[]"),
            t(Kind.TIGHTEN, "aws_s3_bucket", "public_access_block.block_public_acls", "false", "true"),
            t(Kind.TIGHTEN, "aws_s3_bucket", "acl", "\"public-read\"", "\"private\""),
            t(Kind.TIGHTEN, "aws_db_instance", "publicly_accessible", "true", "false"),
            t(Kind.TIGHTEN, "aws_iam_role", "managed_policy_arns", "[\"" + ADMIN + "\"]", "[]"),
            t(Kind.TIGHTEN, "aws_s3_bucket", "encryption.sse_algorithm", "null", "\"aws:kms\""),
            t(Kind.TIGHTEN, "aws_cloudtrail", "logging_enabled", "false", "true"),
            t(Kind.TIGHTEN, "google_compute_firewall", "source_ranges", "[\"0.0.0.0/0\"]", "[\"10.0.0.0/8\"]"),
            t(Kind.TIGHTEN, "google_compute_firewall", "disabled", "false", "true"),
            t(Kind.TIGHTEN, "google_storage_bucket", "iam.members", "[\"roles/storage.objectViewer allUsers\"]", "[]"),
            t(Kind.TIGHTEN, "azurerm_storage_account", "network_rules.default_action", "\"allow\"", "\"deny\""),
            t(Kind.TIGHTEN, "azurerm_network_security_rule", "access", "\"allow\"", "\"deny\""),
            t(Kind.TIGHTEN, "azurerm_storage_account", "public_blob_access", "true", "false"),
            t(Kind.TIGHTEN, "ClusterRoleBinding", "subjects", "[{\"kind\":\"User\",\"name\":\"bob\"}]", "[]"),
            // Misconfiguration: admin ports to the world, public storage, backups/protection/encryption off, nonsense
            // sizes.
            t(
                    Kind.MISCONFIGURE,
                    "aws_security_group",
                    "ingress",
                    "[" + HTTPS_VPC + "]",
                    "[" + HTTPS_VPC + "," + SSH_WORLD + "]"),
            t(Kind.MISCONFIGURE, "aws_security_group", "ingress", "[]", "[" + PG_WORLD + "]"),
            t(Kind.MISCONFIGURE, "aws_s3_bucket", "public_access_block.block_public_acls", "true", "false"),
            t(Kind.MISCONFIGURE, "aws_s3_bucket", "acl", "\"private\"", "\"public-read\""),
            t(Kind.MISCONFIGURE, "aws_db_instance", "backup_retention_period", "7", "0"),
            t(Kind.MISCONFIGURE, "aws_db_instance", "deletion_protection", "true", "false"),
            t(Kind.MISCONFIGURE, "aws_db_instance", "publicly_accessible", "false", "true"),
            t(Kind.MISCONFIGURE, "aws_s3_bucket", "encryption.sse_algorithm", "\"aws:kms\"", "null"),
            t(Kind.MISCONFIGURE, "aws_cloudtrail", "logging_enabled", "true", "false"),
            t(Kind.MISCONFIGURE, "aws_iam_role", "managed_policy_arns", "[]", "[\"" + ADMIN + "\"]"),
            t(Kind.MISCONFIGURE, "aws_instance", "disable_api_termination", "true", "false"),
            t(Kind.MISCONFIGURE, "aws_autoscaling_group", "desired_capacity", "4", "0"),
            t(Kind.MISCONFIGURE, "aws_instance", "instance_type", "\"m5.xlarge\"", "\"t3.nano\""),
            t(Kind.MISCONFIGURE, "google_compute_firewall", "source_ranges", "[\"10.0.0.0/8\"]", "[\"0.0.0.0/0\"]"),
            t(Kind.MISCONFIGURE, "google_sql_database_instance", "backup_enabled", "true", "false"),
            t(
                    Kind.MISCONFIGURE,
                    "google_storage_bucket",
                    "iam.members",
                    "[]",
                    "[\"roles/storage.objectViewer allUsers\"]"),
            t(Kind.MISCONFIGURE, "azurerm_storage_account", "public_blob_access", "false", "true"),
            t(Kind.MISCONFIGURE, "azurerm_storage_account", "https_only", "true", "false"),
            t(Kind.MISCONFIGURE, "azurerm_key_vault", "purge_protection", "true", "false"),
            t(Kind.MISCONFIGURE, "azurerm_storage_account", "network_rules.default_action", "\"deny\"", "\"allow\""),
            t(
                    Kind.MISCONFIGURE,
                    "ClusterRoleBinding",
                    "role_ref",
                    "{\"kind\":\"ClusterRole\",\"name\":\"view\"}",
                    "{\"kind\":\"ClusterRole\",\"name\":\"cluster-admin\"}"),
            t(Kind.MISCONFIGURE, "Deployment", "spec.replicas", "3", "0"),
            // Emergency: scale up, raise memory or timeouts, widen a limit, open a port needed to restore service.
            t(Kind.EMERGENCY, "aws_instance", "instance_type", "\"m5.large\"", "\"m5.2xlarge\""),
            t(Kind.EMERGENCY, "aws_autoscaling_group", "desired_capacity", "4", "10"),
            t(Kind.EMERGENCY, "aws_autoscaling_group", "max_size", "6", "20"),
            t(Kind.EMERGENCY, "aws_db_instance", "instance_class", "\"db.r5.large\"", "\"db.r5.4xlarge\""),
            t(Kind.EMERGENCY, "aws_lambda_function", "memory_size", "512", "2048"),
            t(Kind.EMERGENCY, "aws_lambda_function", "timeout", "30", "120"),
            t(
                    Kind.EMERGENCY,
                    "aws_security_group",
                    "ingress",
                    "[" + HTTPS_VPC + "]",
                    "[" + HTTPS_VPC + "," + HTTPS_WORLD + "]"),
            t(Kind.EMERGENCY, "google_compute_instance", "machine_type", "\"e2-standard-4\"", "\"e2-standard-16\""),
            t(Kind.EMERGENCY, "google_compute_instance_group_manager", "target_size", "3", "8"),
            t(Kind.EMERGENCY, "azurerm_linux_virtual_machine", "size", "\"Standard_D2s_v3\"", "\"Standard_D8s_v3\""),
            t(Kind.EMERGENCY, "azurerm_linux_virtual_machine_scale_set", "instances", "2", "6"),
            t(Kind.EMERGENCY, "Deployment", "spec.replicas", "3", "12"),
            t(
                    Kind.EMERGENCY,
                    "Deployment",
                    "spec.template.spec.containers.app.resources.limits.memory",
                    "\"512Mi\"",
                    "\"2Gi\""),
            // Troubleshooting: log level, detailed monitoring, the actor's own IP, an environment variable, toggles.
            t(
                    Kind.TROUBLESHOOT,
                    "aws_lambda_function",
                    "environment",
                    "{\"LOG_LEVEL\":\"info\"}",
                    "{\"LOG_LEVEL\":\"debug\"}"),
            t(Kind.TROUBLESHOOT, "aws_lambda_function", "environment", "{\"FEATURE_X\":\"on\"}", null),
            t(Kind.TROUBLESHOOT, "aws_instance", "monitoring", "false", "true"),
            t(
                    Kind.TROUBLESHOOT,
                    "aws_security_group",
                    "ingress",
                    "[" + HTTPS_VPC + "]",
                    "[" + HTTPS_VPC + "," + SSH_OFFICE + "]"),
            t(Kind.TROUBLESHOOT, "aws_instance", "source_dest_check", "true", "false"),
            t(Kind.TROUBLESHOOT, "google_compute_instance", "metadata.startup-script", "\"a\"", "\"b\""),
            t(
                    Kind.TROUBLESHOOT,
                    "google_cloudfunctions_function",
                    "environment_variables",
                    "{\"DEBUG\":\"0\"}",
                    "{\"DEBUG\":\"1\"}"),
            t(Kind.TROUBLESHOOT, "azurerm_linux_web_app", "app_settings", "{\"LOG\":\"warn\"}", "{\"LOG\":\"trace\"}"),
            t(
                    Kind.TROUBLESHOOT,
                    "Deployment",
                    "spec.template.spec.containers.app.env",
                    "[{\"name\":\"LOG\",\"value\":\"info\"}]",
                    "[{\"name\":\"LOG\",\"value\":\"debug\"}]"),
            t(
                    Kind.TROUBLESHOOT,
                    "Deployment",
                    "spec.template.metadata.annotations.restartedAt",
                    "null",
                    "\"2025-03-03T10:00:00Z\""),
            // Automation: desired capacity, replicas, tags, automatic remediation.
            t(Kind.AUTOMATE, "aws_autoscaling_group", "desired_capacity", "4", "6"),
            t(Kind.AUTOMATE, "aws_autoscaling_group", "desired_capacity", "6", "3"),
            t(Kind.AUTOMATE, "Deployment", "spec.replicas", "3", "7"),
            t(Kind.AUTOMATE, "Deployment", "spec.replicas", "5", "2"),
            t(Kind.AUTOMATE, "google_compute_instance_group_manager", "target_size", "3", "5"),
            t(Kind.AUTOMATE, "azurerm_linux_virtual_machine_scale_set", "instances", "2", "4"),
            t(Kind.AUTOMATE, "aws_instance", "tags.CostCenter", "\"1234\"", "\"unassigned\""),
            t(Kind.AUTOMATE, "google_compute_instance", "labels.owner", "null", "\"platform\""),
            t(Kind.AUTOMATE, "aws_s3_bucket", "public_access_block.block_public_acls", "false", "true"),
            // Other: ordinary edits nobody would call a misconfiguration.
            t(Kind.OTHER, "aws_instance", "tags.Owner", "\"team-a\"", "\"team-b\""),
            t(Kind.OTHER, "aws_lambda_function", "runtime", "\"python3.11\"", "\"python3.12\""),
            t(Kind.OTHER, "azurerm_storage_account", "tags.env", "\"prod\"", "\"production\""),
            t(Kind.OTHER, "Deployment", "metadata.labels.tier", "\"web\"", "\"frontend\""),
            t(Kind.OTHER, "aws_db_instance", "allocated_storage", "100", "120"));

    private static Template t(Kind kind, String type, String path, String desired, String actual) {
        return new Template(kind, type, path, desired, actual);
    }

    /** The stories, one per cause; the label may still differ when a draw's context says otherwise. */
    private enum Story {
        AUTOMATION,
        SECURITY,
        EMERGENCY,
        TROUBLESHOOTING,
        CONFIGURATION
    }

    /** How often the correlation stage is assumed to miss one piece of evidence. */
    static final double MISSED_EVIDENCE = 0.05;

    private final SplittableRandom r;
    private final Instant base = Instant.parse("2025-03-03T08:00:00Z");
    private int serial;

    private TaxonomySampler(long seed) {
        this.r = new SplittableRandom(seed);
    }

    /** {@code n} labelled contexts; the same seed gives the same list. */
    public static List<LabelledContexts.Example> sample(long seed, int n, String group) {
        TaxonomySampler s = new TaxonomySampler(seed);
        List<LabelledContexts.Example> out = new ArrayList<>(n);
        Story[] stories = Story.values();
        for (int i = 0; i < n; i++) {
            EpisodeContext ctx = s.draw(stories[i % stories.length]);
            Cause cause = label(ctx);
            out.add(new LabelledContexts.Example(group, group + "-" + i, s.missSomeEvidence(ctx), cause));
        }
        return out;
    }

    /**
     * docs/design/taxonomy.md's cause table applied to a context, first matching row wins. This is the
     * definition the sampled data is labelled with; the model learns it from the features.
     */
    static Cause label(EpisodeContext ctx) {
        ActorFacts a = ctx.actor();
        if (a.automationPrincipal()) {
            return Cause.AUTOMATED_RESPONSE;
        }
        Instant first = ctx.finding().firstEventTime();
        boolean securityEvidence = false;
        boolean highIncident = false;
        boolean reads = false;
        for (ContextFact f : ctx.facts()) {
            boolean openOrBefore =
                    Relation.OPEN_DURING_CHANGE.equals(f.relation()) || Relation.BEFORE_CHANGE.equals(f.relation());
            CorrelationKind kind = CorrelationKind.of(f.kind());
            if (f.security()
                    && openOrBefore
                    && kind != CorrelationKind.READ_ACTIVITY
                    && kind != CorrelationKind.COMMIT
                    && !f.time().isAfter(first)
                    && Duration.between(f.time(), first).compareTo(Duration.ofHours(2)) <= 0) {
                securityEvidence = true;
            }
            boolean incidentLike = kind == CorrelationKind.INCIDENT
                    || kind == CorrelationKind.ALERT
                    || kind == CorrelationKind.TICKET && "Incident".equalsIgnoreCase(f.type());
            if (incidentLike
                    && ("high".equals(f.level()) || "critical".equals(f.level()))
                    && Relation.OPEN_DURING_CHANGE.equals(f.relation())) {
                highIncident = true;
            }
            if (kind == CorrelationKind.READ_ACTIVITY && Relation.BEFORE_CHANGE.equals(f.relation())) {
                reads = true;
            }
        }
        boolean tightening =
                io.driftguard.judge.cause.ChangeMeanings.of(ctx.finding()).tightening();
        if ((a.securityPrincipal() || securityEvidence) && tightening) {
            return Cause.SECURITY_RESPONSE;
        }
        if (highIncident) {
            return Cause.EMERGENCY_FIX;
        }
        if (reads) {
            return Cause.MANUAL_TROUBLESHOOTING;
        }
        return Cause.CONFIGURATION_ERROR;
    }

    /**
     * The label is decided on the full context; the model then sees it with each fact missed with
     * a small probability, as a correlation stage misses an incident not mapped to the service or a
     * read not attributed. The trees learn to lean on the secondary signals (a hotfix commit, a
     * quick revert, what the change does) and their probabilities stay honest about it.
     */
    private EpisodeContext missSomeEvidence(EpisodeContext ctx) {
        List<ContextFact> kept = new ArrayList<>();
        for (ContextFact f : ctx.facts()) {
            if (!chance(MISSED_EVIDENCE)) {
                kept.add(f);
            }
        }
        return new EpisodeContext(ctx.finding(), ctx.actor(), ctx.service(), kept, ctx.asOf(), ctx.lastActorChange());
    }

    private boolean chance(double p) {
        return r.nextDouble() < p;
    }

    private Template pick(Kind kind) {
        List<Template> fit = TEMPLATES.stream().filter(t -> t.kind() == kind).toList();
        return fit.get(r.nextInt(fit.size()));
    }

    private Kind kindFor(Story story) {
        if (chance(0.15)) {
            return Kind.values()[r.nextInt(Kind.values().length)];
        }
        return switch (story) {
            case AUTOMATION -> chance(0.8) ? Kind.AUTOMATE : Kind.TIGHTEN;
            case SECURITY -> Kind.TIGHTEN;
            case EMERGENCY -> chance(0.85) ? Kind.EMERGENCY : Kind.TROUBLESHOOT;
            case TROUBLESHOOTING -> chance(0.8) ? Kind.TROUBLESHOOT : Kind.EMERGENCY;
            case CONFIGURATION -> chance(0.75) ? Kind.MISCONFIGURE : chance(0.5) ? Kind.OTHER : Kind.EMERGENCY;
        };
    }

    private EpisodeContext draw(Story story) {
        int id = ++serial;
        Instant first = base.plusSeconds(r.nextLong(0, 60L * 24 * 3600));
        Kind kind = kindFor(story);
        List<Template> changes = new ArrayList<>();
        changes.add(pick(kind));
        boolean multi = chance(story == Story.TROUBLESHOOTING ? 0.4 : 0.15);
        if (multi) {
            Template more = pick(kind);
            if (!more.path().equals(changes.get(0).path())) {
                changes.add(more);
            }
        }
        // Who acted.
        boolean automation = story == Story.AUTOMATION || chance(0.03);
        String type;
        if (automation) {
            type = chance(0.7) ? "automation" : "service";
        } else {
            double p = r.nextDouble();
            type = p < 0.88 ? "human" : p < 0.94 ? "service" : "unknown";
        }
        boolean securityPrincipal = !automation && (story == Story.SECURITY ? chance(0.55) : chance(0.05));
        ActorFacts actor = new ActorFacts(
                "actor-" + r.nextInt(40),
                type,
                "actor",
                securityPrincipal,
                automation,
                !automation && chance(0.4),
                automation ? "aws-internal" : "console.amazonaws.com");

        List<ContextFact> facts = new ArrayList<>();
        // Security evidence: the security story without a security principal always has some.
        if (story == Story.SECURITY && (!securityPrincipal || chance(0.4)) || story != Story.SECURITY && chance(0.08)) {
            CorrelationKind kindOf = r.nextInt(3) == 0
                    ? CorrelationKind.TICKET
                    : chance(0.2) ? CorrelationKind.ALERT : CorrelationKind.FINDING;
            int minutes = chance(0.85) ? r.nextInt(2, 115) : r.nextInt(130, 600);
            facts.add(fact(
                    kindOf,
                    Relation.BEFORE_CHANGE,
                    first.minusSeconds(minutes * 60L),
                    null,
                    chance(0.6) ? "high" : "medium",
                    kindOf == CorrelationKind.FINDING ? "UnauthorizedAccess:EC2/SSHBruteForce" : "Task",
                    true,
                    "security finding",
                    1,
                    chance(0.6)));
        }
        // A high-urgency incident open during the change.
        boolean incident = story == Story.EMERGENCY || chance(story == Story.CONFIGURATION ? 0.0 : 0.1);
        String incidentId = "P" + (100000 + id);
        if (incident) {
            int minutes = r.nextInt(1, 240);
            int form = r.nextInt(3);
            CorrelationKind kindOf =
                    form == 0 ? CorrelationKind.INCIDENT : form == 1 ? CorrelationKind.TICKET : CorrelationKind.ALERT;
            facts.add(fact(
                    kindOf,
                    Relation.OPEN_DURING_CHANGE,
                    first.minusSeconds(minutes * 60L),
                    chance(0.3) ? first.plusSeconds(r.nextInt(5, 120) * 60L) : null,
                    chance(0.5) ? "high" : "critical",
                    form == 1 ? "Incident" : form == 2 ? "HighErrorRate" : null,
                    false,
                    "checkout latency",
                    1,
                    false));
            facts.set(facts.size() - 1, withId(facts.get(facts.size() - 1), form == 1 ? "OPS-" + id : incidentId));
        }
        // Distractors that decide nothing: incidents that ended long before, low-urgency ones, later incidents.
        if (chance(0.12)) {
            facts.add(fact(
                    CorrelationKind.INCIDENT,
                    Relation.ENDED_BEFORE_CHANGE,
                    first.minusSeconds(r.nextInt(120, 600) * 60L),
                    first.minusSeconds(r.nextInt(20, 100) * 60L),
                    "high",
                    null,
                    false,
                    "earlier outage",
                    1,
                    false));
        }
        if (chance(0.08)) {
            facts.add(fact(
                    chance(0.5) ? CorrelationKind.INCIDENT : CorrelationKind.ALERT,
                    Relation.OPEN_DURING_CHANGE,
                    first.minusSeconds(r.nextInt(5, 200) * 60L),
                    null,
                    chance(0.5) ? "low" : "medium",
                    null,
                    false,
                    "minor alert",
                    1,
                    false));
        }
        if (chance(0.06)) {
            facts.add(fact(
                    CorrelationKind.INCIDENT,
                    Relation.AFTER_CHANGE,
                    first.plusSeconds(r.nextInt(10, 300) * 60L),
                    null,
                    "high",
                    null,
                    false,
                    "later incident",
                    1,
                    false));
        }
        // The actor's own reads before the change.
        boolean reads = story == Story.TROUBLESHOOTING
                || story == Story.EMERGENCY && chance(0.35)
                || story == Story.SECURITY && chance(0.3)
                || story == Story.AUTOMATION && chance(0.1);
        if (reads) {
            facts.add(fact(
                    CorrelationKind.READ_ACTIVITY,
                    Relation.BEFORE_CHANGE,
                    first.minusSeconds(r.nextInt(1, 29) * 60L),
                    null,
                    null,
                    null,
                    false,
                    "Describe calls",
                    r.nextInt(1, 12),
                    chance(0.7)));
        }
        if (story == Story.TROUBLESHOOTING && chance(0.35) || chance(0.05)) {
            facts.add(fact(
                    CorrelationKind.TICKET,
                    chance(0.5) ? Relation.OPEN_DURING_CHANGE : Relation.BEFORE_CHANGE,
                    first.minusSeconds(r.nextInt(10, 3000) * 60L),
                    null,
                    chance(0.5) ? "low" : "medium",
                    "Task",
                    false,
                    "investigate slow requests",
                    1,
                    false));
        }
        // Commits after: often a hotfix commit after an emergency, sometimes an ordinary one after anything.
        if (story == Story.EMERGENCY && chance(0.5)) {
            facts.add(fact(
                    CorrelationKind.COMMIT,
                    Relation.AFTER_CHANGE,
                    first.plusSeconds(r.nextInt(10, 600) * 60L),
                    null,
                    null,
                    null,
                    false,
                    chance(0.5) ? "hotfix: raise capacity" : "codify change for " + incidentId,
                    1,
                    false));
        } else if (chance(story == Story.CONFIGURATION ? 0.05 : 0.2)) {
            facts.add(fact(
                    CorrelationKind.COMMIT,
                    Relation.AFTER_CHANGE,
                    first.plusSeconds(r.nextInt(10, 1440) * 60L),
                    null,
                    null,
                    null,
                    false,
                    "update module",
                    1,
                    false));
        }

        // The episode's shape: more events with several changes, quick reverts for troubleshooting.
        int events = changes.size() + (chance(0.2) ? r.nextInt(1, 4) : 0);
        FindingStatus status = FindingStatus.OPEN;
        Resolution resolution = null;
        Instant resolvedAt = null;
        double revertP = story == Story.TROUBLESHOOTING ? 0.45 : story == Story.CONFIGURATION ? 0.2 : 0.1;
        if (chance(revertP)) {
            status = FindingStatus.RESOLVED;
            resolution = Resolution.REVERTED;
            boolean quick = story == Story.TROUBLESHOOTING ? chance(0.8) : chance(0.3);
            resolvedAt = first.plusSeconds((quick ? r.nextInt(3, 59) : r.nextInt(61, 1440)) * 60L);
            events += changes.size();
        } else if (chance(story == Story.SECURITY || story == Story.EMERGENCY ? 0.25 : 0.1)) {
            status = FindingStatus.RESOLVED;
            resolution = Resolution.CODIFIED;
            resolvedAt = first.plusSeconds(r.nextInt(30, 2880) * 60L);
            events += changes.size();
        }
        List<Change> findingChanges = new ArrayList<>();
        for (Template t : changes) {
            boolean hidden = t.actual() == null;
            findingChanges.add(new Change(t.path(), t.desired(), hidden ? null : t.actual(), !hidden));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            ids.add("evt-" + id + "-" + i);
        }
        Instant last = resolvedAt != null ? resolvedAt : first.plusSeconds((events - 1) * r.nextInt(1, 20) * 60L);
        Finding finding = Finding.builder()
                .findingId("f-" + id)
                .version(1)
                .kind(FindingKind.DRIFT)
                .cloud(cloudOf(changes.get(0).resourceType()))
                .resourceId("res-" + id)
                .resourceType(changes.get(0).resourceType())
                .status(status)
                .resolution(resolution)
                .changes(findingChanges)
                .sourceEvents(ids)
                .actor(new Finding.FindingActor(actor.id(), actor.type(), actor.display()))
                .firstEventTime(first)
                .lastEventTime(last)
                .detectedAt(first)
                .resolvedAt(resolvedAt)
                .trigger(
                        new Finding.Trigger(ids.get(0), "Modify", "203.0.113.7", actor.userAgent(), actor.viaConsole()))
                .build();
        return new EpisodeContext(finding, actor, "svc", facts, last, first);
    }

    private static Cloud cloudOf(String resourceType) {
        if (resourceType.startsWith("aws_")) {
            return Cloud.AWS;
        }
        if (resourceType.startsWith("google_")) {
            return Cloud.GCP;
        }
        return resourceType.startsWith("azurerm_") ? Cloud.AZURE : Cloud.KUBERNETES;
    }

    private ContextFact fact(
            CorrelationKind kind,
            String relation,
            Instant time,
            Instant end,
            String level,
            String type,
            boolean security,
            String text,
            int count,
            boolean sameResource) {
        return new ContextFact(
                kind.id(),
                kind.id() + "-" + serial + "-" + r.nextInt(1000),
                "synthetic",
                relation,
                time,
                end,
                level,
                type,
                security,
                text,
                count,
                sameResource);
    }

    private static ContextFact withId(ContextFact f, String id) {
        return new ContextFact(
                f.kind(),
                id,
                f.source(),
                f.relation(),
                f.time(),
                f.endTime(),
                f.level(),
                f.type(),
                f.security(),
                f.text(),
                f.count(),
                f.sameResource());
    }
}
