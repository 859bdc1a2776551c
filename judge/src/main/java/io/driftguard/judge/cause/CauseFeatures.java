package io.driftguard.judge.cause;

import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.judge.context.ActorFacts;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The cause model's features, read from an {@link EpisodeContext} only: the same code runs when
 * training and inside the Flink judge, so the two can never disagree. Each feature carries one of
 * docs/design/taxonomy.md's deciding signals (who acted, a high-urgency incident open during the change, a
 * security finding shortly before, the actor's own reads before, commits after, a quick revert)
 * or what the change means (tightening, a misconfiguration, capacity up or down, path family).
 *
 * <p>The schema is fixed and named; {@link #schemaHash()} covers the version, the names and the
 * reading of changes, and a model stores the hash it was trained on so serving refuses a model
 * that reads the vector differently. Stateless and thread-safe.
 */
public final class CauseFeatures {

    /** Bump when a feature's meaning changes, even if the names stay. */
    public static final int VERSION = 1;

    /** "Not present" for time-since features; real values are never negative. */
    public static final float ABSENT = -1f;

    private static final Duration SECURITY_WINDOW = Duration.ofHours(2);
    private static final Duration QUICK_REVERT = Duration.ofHours(1);

    private static final List<String> NAMES = new ArrayList<>();
    // Who acted.
    static final int ACTOR_HUMAN = add("actor_human");
    static final int ACTOR_AUTOMATION = add("actor_automation");
    static final int ACTOR_SERVICE = add("actor_service");
    static final int ACTOR_UNKNOWN = add("actor_unknown");
    static final int SECURITY_PRINCIPAL = add("security_principal");
    static final int AUTOMATION_PRINCIPAL = add("automation_principal");
    static final int VIA_CONSOLE = add("via_console");
    // Incidents, tickets and alerts.
    static final int HIGH_INCIDENT_OPEN = add("high_incident_open");
    static final int MINUTES_SINCE_HIGH_INCIDENT = add("minutes_since_high_incident_start");
    static final int HIGH_INCIDENT_ENDED_BEFORE = add("high_incident_ended_before");
    static final int LOW_MEDIUM_TICKET = add("low_medium_ticket");
    static final int LOW_MEDIUM_INCIDENT_OPEN = add("low_medium_incident_open");
    // Security evidence before the change.
    static final int SECURITY_EVIDENCE = add("security_evidence_before");
    static final int SECURITY_EVIDENCE_SAME_RESOURCE = add("security_evidence_same_resource");
    static final int SECURITY_EVIDENCE_SERVICE_LEVEL = add("security_evidence_service_level");
    static final int MINUTES_SINCE_SECURITY_EVIDENCE = add("minutes_since_security_evidence");
    // The actor's reads before.
    static final int READ_COUNT = add("read_count_before");
    static final int READ_SAME_RESOURCE = add("read_same_resource");
    // Commits after.
    static final int COMMITS_AFTER = add("commits_after");
    static final int COMMIT_MENTIONS_HOTFIX = add("commit_mentions_hotfix_or_incident");
    // The episode's shape.
    static final int SOURCE_EVENTS = add("source_event_count");
    static final int CHANGED_ATTRIBUTES = add("changed_attribute_count");
    static final int RESOLVED_REVERTED = add("resolved_reverted");
    static final int REVERTED_WITHIN_1H = add("reverted_within_1h");
    static final int RESOLVED_CODIFIED = add("resolved_codified");
    static final int EPISODE_MINUTES = add("episode_minutes");
    // What the change means.
    static final int TIGHTENING = add("tightening");
    static final int WIDENING = add("widening");
    static final int ADMIN_PORT_TO_WORLD = add("admin_or_database_port_open_to_world");
    static final int STORAGE_PUBLIC = add("storage_public");
    static final int POLICY_WILDCARD = add("policy_grants_wildcard_or_admin");
    static final int NEW_PRINCIPAL = add("new_principal_granted");
    static final int KEY_PROTECTION_REMOVED = add("key_protection_removed");
    static final int ENCRYPTION_DISABLED = add("encryption_disabled");
    static final int AUDIT_LOGGING_DISABLED = add("audit_logging_disabled");
    static final int BACKUP_DISABLED = add("backup_disabled");
    static final int DELETION_PROTECTION_OFF = add("deletion_protection_off");
    static final int MISCONFIGURATION = add("misconfiguration");
    static final int LOG2_CAPACITY_RATIO = add("log2_capacity_ratio");
    static final int TAG_ONLY = add("tag_only");
    static final int ACTUAL_HIDDEN = add("actual_value_hidden");
    // Path families, multi-hot (an episode may touch several).
    static final int PATH_FAMILY_0 = addFamilies();

    private static final List<String> FROZEN = List.copyOf(NAMES);
    private static final String HASH = hash();

    private static int add(String name) {
        NAMES.add(name);
        return NAMES.size() - 1;
    }

    private static int addFamilies() {
        int first = NAMES.size();
        for (PathFamily f : PathFamily.values()) {
            NAMES.add("path_" + f.name().toLowerCase(Locale.ROOT));
        }
        return first;
    }

    private static String hash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String text = "cause-features/" + VERSION + "\n" + ChangeMeanings.SOURCE + "\n" + String.join("\n", FROZEN);
            return HexFormat.of()
                    .formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public List<String> names() {
        return FROZEN;
    }

    public int size() {
        return FROZEN.size();
    }

    public int version() {
        return VERSION;
    }

    /** A short fingerprint of version, names and change reading; models store it and serving checks it. */
    public String schemaHash() {
        return HASH;
    }

    /** The feature vector of one episode, in {@link #names()} order. */
    public float[] extract(EpisodeContext ctx) {
        float[] x = new float[FROZEN.size()];
        Finding f = ctx.finding();
        Instant first = f.firstEventTime();
        actor(ctx.actor(), f, x);
        facts(ctx.facts(), first, x);
        episode(f, first, x);
        meaning(f, x);
        return x;
    }

    private static void actor(ActorFacts a, Finding f, float[] x) {
        String type = a != null ? a.type() : f.actor() != null ? f.actor().type() : null;
        type = type == null ? "unknown" : type;
        switch (type) {
            case "human" -> x[ACTOR_HUMAN] = 1;
            case "automation" -> x[ACTOR_AUTOMATION] = 1;
            case "service" -> x[ACTOR_SERVICE] = 1;
            default -> x[ACTOR_UNKNOWN] = 1;
        }
        if (a != null) {
            x[SECURITY_PRINCIPAL] = bit(a.securityPrincipal());
            x[AUTOMATION_PRINCIPAL] = bit(a.automationPrincipal());
            x[VIA_CONSOLE] = bit(a.viaConsole());
        }
        if (f.trigger() != null && f.trigger().viaConsole()) {
            x[VIA_CONSOLE] = 1;
        }
    }

    private static void facts(List<ContextFact> facts, Instant first, float[] x) {
        x[MINUTES_SINCE_HIGH_INCIDENT] = ABSENT;
        x[MINUTES_SINCE_SECURITY_EVIDENCE] = ABSENT;
        List<String> incidentIds = null;
        for (ContextFact c : facts) {
            String kind = c.kind() == null ? "" : c.kind();
            String relation = c.relation() == null ? "" : c.relation();
            boolean open = ContextFact.Relation.OPEN_DURING_CHANGE.equals(relation);
            boolean before = ContextFact.Relation.BEFORE_CHANGE.equals(relation);
            boolean after = ContextFact.Relation.AFTER_CHANGE.equals(relation);
            boolean urgent = isHigh(c.level());
            boolean incidentLike = kind.equals("incident")
                    || kind.equals("alert")
                    || kind.equals("ticket") && "incident".equalsIgnoreCase(c.type());
            if (incidentLike && urgent) {
                if (open) {
                    x[HIGH_INCIDENT_OPEN] = 1;
                    float minutes = minutesBetween(c.time(), first);
                    if (minutes >= 0
                            && (x[MINUTES_SINCE_HIGH_INCIDENT] < 0 || minutes < x[MINUTES_SINCE_HIGH_INCIDENT])) {
                        x[MINUTES_SINCE_HIGH_INCIDENT] = minutes;
                    }
                } else if (ContextFact.Relation.ENDED_BEFORE_CHANGE.equals(relation)) {
                    x[HIGH_INCIDENT_ENDED_BEFORE] = 1;
                }
            }
            if (!urgent && (open || before) && !c.security()) {
                if (kind.equals("ticket")) {
                    x[LOW_MEDIUM_TICKET] = 1;
                } else if (kind.equals("incident") || kind.equals("alert")) {
                    x[LOW_MEDIUM_INCIDENT_OPEN] = 1;
                }
            }
            if (c.security() && (open || before) && !kind.equals("commit") && !kind.equals("read_activity")) {
                float minutes = minutesBetween(c.time(), first);
                boolean inWindow =
                        c.time() == null || first == null || minutes >= 0 && minutes <= SECURITY_WINDOW.toMinutes();
                if (inWindow) {
                    x[SECURITY_EVIDENCE] = 1;
                    x[c.sameResource() ? SECURITY_EVIDENCE_SAME_RESOURCE : SECURITY_EVIDENCE_SERVICE_LEVEL] = 1;
                    if (minutes >= 0
                            && (x[MINUTES_SINCE_SECURITY_EVIDENCE] < 0
                                    || minutes < x[MINUTES_SINCE_SECURITY_EVIDENCE])) {
                        x[MINUTES_SINCE_SECURITY_EVIDENCE] = minutes;
                    }
                }
            }
            if (kind.equals("read_activity") && !after) {
                x[READ_COUNT] += Math.max(1, c.count());
                if (c.sameResource()) {
                    x[READ_SAME_RESOURCE] = 1;
                }
            }
            if (kind.equals("incident") || kind.equals("ticket") && "incident".equalsIgnoreCase(c.type())) {
                if (c.id() != null && c.id().length() >= 3) {
                    incidentIds = incidentIds == null ? new ArrayList<>() : incidentIds;
                    incidentIds.add(c.id().toLowerCase(Locale.ROOT));
                }
            }
        }
        for (ContextFact c : facts) {
            if ("commit".equals(c.kind()) && ContextFact.Relation.AFTER_CHANGE.equals(c.relation())) {
                x[COMMITS_AFTER]++;
                if (mentionsHotfix(c.text(), incidentIds)) {
                    x[COMMIT_MENTIONS_HOTFIX] = 1;
                }
            }
        }
    }

    private static boolean mentionsHotfix(String text, List<String> incidentIds) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("hotfix") || t.contains("hot fix") || t.contains("hot-fix")) {
            return true;
        }
        if (incidentIds != null) {
            for (String id : incidentIds) {
                if (t.contains(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void episode(Finding f, Instant first, float[] x) {
        x[SOURCE_EVENTS] = f.sourceEvents().size();
        x[CHANGED_ATTRIBUTES] = f.changes().size();
        boolean resolved = FindingStatus.RESOLVED.equals(f.status());
        if (resolved && Resolution.REVERTED.equals(f.resolution())) {
            x[RESOLVED_REVERTED] = 1;
            Instant end = f.resolvedAt() != null ? f.resolvedAt() : f.lastEventTime();
            float minutes = minutesBetween(first, end);
            x[REVERTED_WITHIN_1H] = bit(minutes >= 0 && minutes <= QUICK_REVERT.toMinutes());
        } else if (resolved && Resolution.CODIFIED.equals(f.resolution())) {
            x[RESOLVED_CODIFIED] = 1;
        }
        Instant end = resolved && f.resolvedAt() != null ? f.resolvedAt() : f.lastEventTime();
        x[EPISODE_MINUTES] = Math.max(0, minutesBetween(first, end));
    }

    private static void meaning(Finding f, float[] x) {
        ChangeMeaning m = ChangeMeanings.of(f);
        x[TIGHTENING] = bit(m.tightening());
        x[WIDENING] = bit(m.widening());
        x[ADMIN_PORT_TO_WORLD] = bit(m.adminOrDatabasePortOpenToWorld());
        x[STORAGE_PUBLIC] = bit(m.storagePublic());
        x[POLICY_WILDCARD] = bit(m.policyGrantsWildcardOrAdmin());
        x[NEW_PRINCIPAL] = bit(m.newPrincipalGranted());
        x[KEY_PROTECTION_REMOVED] = bit(m.keyProtectionRemoved());
        x[ENCRYPTION_DISABLED] = bit(m.encryptionDisabled());
        x[AUDIT_LOGGING_DISABLED] = bit(m.auditLoggingDisabled());
        x[BACKUP_DISABLED] = bit(m.backupDisabled());
        x[DELETION_PROTECTION_OFF] = bit(m.deletionProtectionOff());
        x[MISCONFIGURATION] = bit(m.adminOrDatabasePortOpenToWorld()
                || m.storagePublic()
                || m.policyGrantsWildcardOrAdmin()
                || m.keyProtectionRemoved()
                || m.encryptionDisabled()
                || m.auditLoggingDisabled()
                || m.backupDisabled()
                || m.deletionProtectionOff());
        double ratio = m.capacityRatio();
        x[LOG2_CAPACITY_RATIO] = ratio > 0 && Double.isFinite(ratio)
                ? (float) Math.max(-10, Math.min(10, Math.log(ratio) / Math.log(2)))
                : 0f;
        x[TAG_ONLY] = bit(m.tagOnly());
        for (Change c : f.changes()) {
            if (Boolean.FALSE.equals(c.actualKnown())) {
                x[ACTUAL_HIDDEN] = 1;
            }
            x[PATH_FAMILY_0 + PathFamily.of(c.path()).ordinal()] = 1;
        }
    }

    private static boolean isHigh(String level) {
        return "high".equalsIgnoreCase(level) || "critical".equalsIgnoreCase(level);
    }

    /** Minutes from a to b (negative when b is earlier), ABSENT when either is unknown. */
    private static float minutesBetween(Instant a, Instant b) {
        if (a == null || b == null) {
            return ABSENT;
        }
        return (b.toEpochMilli() - a.toEpochMilli()) / 60_000f;
    }

    private static float bit(boolean b) {
        return b ? 1f : 0f;
    }
}
