package io.driftguard.judge.policy;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Finding.SeverityEntry;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.judge.semantics.ChangeSemantics;
import io.driftguard.judge.semantics.ChangeSemantics.CostEstimate;
import io.driftguard.judge.semantics.ChangeSemantics.Observation;
import io.driftguard.judge.semantics.Meaning;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * docs/design/taxonomy.md's default severity table, with the organisation's overrides tried first.
 *
 * <p>Each default rule that fires gives one entry (its detail lists every path and reason that
 * fired it); the overall severity is the highest entry. An episode where no rule fires is
 * {@code low} with an empty breakdown: the breakdown lists fired rules only, so an invented
 * "no rule fired" entry would be a claim the table does not make; the narrative says it instead.
 */
public final class SeverityPolicy implements Serializable {

    /** A default row: its id (for overrides), dimension, level and the table's wording. */
    public record Rule(String id, String dimension, Severity level, String wording) implements Serializable {}

    /** The overall level and the entries that made it. */
    public record Assessment(Severity level, List<SeverityEntry> entries) implements Serializable {
        public Assessment {
            entries = List.copyOf(entries);
        }
    }

    static final Rule ADMIN_PORT = new Rule(
            "security.admin_port_open", "security", Severity.HIGH, "admin or database port open to 0.0.0.0/0 or ::/0");
    static final Rule STORAGE_PUBLIC =
            new Rule("security.storage_public", "security", Severity.HIGH, "storage made public");
    static final Rule WILDCARD_ADMIN = new Rule(
            "security.wildcard_or_admin_policy",
            "security",
            Severity.HIGH,
            "a policy granting * actions or admin roles");
    static final Rule ENCRYPTION =
            new Rule("security.encryption_disabled", "security", Severity.HIGH, "encryption disabled");
    static final Rule KEY_PROTECTION =
            new Rule("security.key_protection_removed", "security", Severity.HIGH, "MFA or key protection removed");
    static final Rule WIDENED =
            new Rule("security.ingress_widened", "security", Severity.MEDIUM, "other ingress widened");
    static final Rule PRINCIPAL =
            new Rule("security.principal_granted", "security", Severity.MEDIUM, "a new principal granted access");
    static final Rule TLS =
            new Rule("security.tls_weakened", "security", Severity.MEDIUM, "minimum TLS version lowered");
    static final Rule TIGHTENED = new Rule("security.tightened", "security", Severity.LOW, "tightening changes");
    static final Rule AUDIT =
            new Rule("compliance.audit_logging_disabled", "compliance", Severity.HIGH, "audit logging disabled");
    static final Rule AUDIT_VALIDATION = new Rule(
            "compliance.audit_log_validation_off", "compliance", Severity.MEDIUM, "audit log integrity validation off");
    static final Rule BACKUP =
            new Rule("compliance.backup_retention_lowered", "compliance", Severity.MEDIUM, "backup retention lowered");
    static final Rule DELETION =
            new Rule("compliance.deletion_protection_off", "compliance", Severity.MEDIUM, "deletion protection off");
    static final Rule TAG_REMOVED =
            new Rule("compliance.required_tag_removed", "compliance", Severity.MEDIUM, "required tags removed");
    static final Rule TAG_CHANGED = new Rule("compliance.tag_changed", "compliance", Severity.LOW, "other tag changes");
    static final Rule CAPACITY_HALVED = new Rule(
            "performance.capacity_halved",
            "performance",
            Severity.HIGH,
            "capacity reduced below declared by half or more");
    static final Rule CAPACITY_REDUCED =
            new Rule("performance.capacity_reduced", "performance", Severity.MEDIUM, "capacity reduced");
    static final Rule TIMEOUT =
            new Rule("performance.timeout_lowered", "performance", Severity.MEDIUM, "timeouts lowered");
    static final Rule CAPACITY_UP =
            new Rule("performance.capacity_increased", "performance", Severity.LOW, "capacity increased");
    static final Rule COST_HIGH = new Rule(
            "cost.up_50_percent_or_500",
            "cost",
            Severity.HIGH,
            "estimated monthly cost up by more than 50% or more than $500");
    static final Rule COST_MEDIUM =
            new Rule("cost.up_10_percent", "cost", Severity.MEDIUM, "estimated monthly cost up by more than 10%");
    static final Rule COST_LOW = new Rule("cost.otherwise", "cost", Severity.LOW, "estimated monthly cost otherwise");

    /** The meaning-driven rows, in the table's order; a meaning missing here fires nothing. */
    private static final List<Object[]> MEANING_ROWS = List.of(
            new Object[] {Meaning.ADMIN_PORT_OPEN_TO_WORLD, ADMIN_PORT},
            new Object[] {Meaning.STORAGE_PUBLIC, STORAGE_PUBLIC},
            new Object[] {Meaning.POLICY_WILDCARD_OR_ADMIN, WILDCARD_ADMIN},
            new Object[] {Meaning.ENCRYPTION_DISABLED, ENCRYPTION},
            new Object[] {Meaning.KEY_PROTECTION_REMOVED, KEY_PROTECTION},
            new Object[] {Meaning.WIDENING, WIDENED},
            new Object[] {Meaning.NEW_PRINCIPAL_GRANTED, PRINCIPAL},
            new Object[] {Meaning.TLS_WEAKENED, TLS},
            new Object[] {Meaning.TIGHTENING, TIGHTENED},
            new Object[] {Meaning.AUDIT_LOGGING_DISABLED, AUDIT},
            new Object[] {Meaning.AUDIT_LOG_VALIDATION_OFF, AUDIT_VALIDATION},
            new Object[] {Meaning.BACKUP_RETENTION_LOWERED, BACKUP},
            new Object[] {Meaning.BACKUP_DISABLED, BACKUP},
            new Object[] {Meaning.DELETION_PROTECTION_OFF, DELETION},
            new Object[] {Meaning.REQUIRED_TAG_REMOVED, TAG_REMOVED},
            new Object[] {Meaning.OTHER_TAG_CHANGE, TAG_CHANGED},
            new Object[] {Meaning.TIMEOUT_LOWERED, TIMEOUT});

    /** One default entry before overrides, with the paths that fired it. */
    record Fired(Rule rule, String detail, Set<String> paths) {}

    private final List<PolicyOverrides.SeverityOverride> overrides;

    public SeverityPolicy(List<PolicyOverrides.SeverityOverride> overrides) {
        this.overrides = List.copyOf(overrides);
    }

    public static SeverityPolicy defaults() {
        return new SeverityPolicy(List.of());
    }

    public Assessment evaluate(Finding finding, ChangeSemantics s) {
        List<SeverityEntry> out = new ArrayList<>();
        Set<String> covered = new LinkedHashSet<>();
        for (Fired f : fire(s)) {
            covered.addAll(f.paths());
            PolicyOverrides.SeverityOverride o = first(finding, f.rule(), f.paths());
            if (o == null) {
                add(
                        out,
                        new SeverityEntry(
                                f.rule().dimension(),
                                f.rule().wording(),
                                f.detail(),
                                f.rule().level()));
            } else if (!o.ignore()) {
                add(
                        out,
                        new SeverityEntry(
                                o.dimension() != null ? o.dimension() : f.rule().dimension(),
                                o.name(),
                                f.detail() + " (policy " + o.name() + " instead of the default '"
                                        + f.rule().wording() + "')",
                                o.level()));
            }
        }
        // overrides that rate paths no default rule covered (a runtime change, a ConfigMap key)
        for (PolicyOverrides.SeverityOverride o : overrides) {
            if (o.ignore() || o.dimension() == null || o.when().path() == null) {
                continue;
            }
            for (var c : finding.changes()) {
                if (!covered.contains(c.path()) && o.when().matches(finding, null, Set.of(c.path()))) {
                    add(
                            out,
                            new SeverityEntry(
                                    o.dimension(),
                                    o.name(),
                                    ChangeSemantics.describe(c.path()) + " changed",
                                    o.level()));
                    covered.add(c.path());
                }
            }
        }
        Severity level = Severity.LOW;
        for (SeverityEntry e : out) {
            level = Severity.max(level, e.level());
        }
        return new Assessment(level, out);
    }

    private static void add(List<SeverityEntry> out, SeverityEntry e) {
        for (int i = 0; i < out.size(); i++) {
            SeverityEntry x = out.get(i);
            if (x.dimension().equals(e.dimension()) && x.rule().equals(e.rule())) {
                if (!x.detail().contains(e.detail())) {
                    out.set(
                            i,
                            new SeverityEntry(
                                    x.dimension(),
                                    x.rule(),
                                    x.detail() + "; " + e.detail(),
                                    Severity.max(x.level(), e.level())));
                }
                return;
            }
        }
        out.add(e);
    }

    private PolicyOverrides.SeverityOverride first(Finding finding, Rule rule, Set<String> paths) {
        for (PolicyOverrides.SeverityOverride o : overrides) {
            if (o.when().matches(finding, rule, paths)) {
                return o;
            }
        }
        return null;
    }

    /** The default table applied to the semantics, entries in table order. */
    static List<Fired> fire(ChangeSemantics s) {
        List<Fired> out = new ArrayList<>();
        for (Object[] row : MEANING_ROWS) {
            List<Observation> obs = s.of((Meaning) row[0]);
            if (obs.isEmpty()) {
                continue;
            }
            Set<String> paths = new LinkedHashSet<>();
            Set<String> details = new LinkedHashSet<>();
            for (Observation o : obs) {
                paths.add(o.path());
                details.add(o.detail());
            }
            out.add(new Fired((Rule) row[1], String.join("; ", details), paths));
        }
        capacity(s, out);
        cost(s, out);
        return out;
    }

    private static void capacity(ChangeSemantics s, List<Fired> out) {
        Set<String> paths = new LinkedHashSet<>();
        s.capacity().forEach(c -> paths.add(c.path()));
        s.sizes().forEach(z -> paths.add(z.path()));
        Double reduced = s.capacityReduction();
        String what = capacityText(s);
        if (reduced != null) {
            Rule r = reduced <= 0.5 ? CAPACITY_HALVED : CAPACITY_REDUCED;
            out.add(new Fired(r, String.format(Locale.ROOT, "%s (%.0f%% of declared)", what, reduced * 100), paths));
        }
        if (s.capacityIncreased()) {
            out.add(new Fired(CAPACITY_UP, what, paths));
        }
    }

    private static String capacityText(ChangeSemantics s) {
        List<String> parts = new ArrayList<>();
        s.capacity().forEach(c -> parts.add(c.measure() + " " + fmt(c.declared()) + " -> " + fmt(c.actual())));
        s.sizes().forEach(z -> parts.add(z.path() + " " + z.from() + " -> " + z.to()));
        return String.join(", ", parts);
    }

    private static void cost(ChangeSemantics s, List<Fired> out) {
        CostEstimate c = s.cost();
        if (c == null) {
            return;
        }
        Set<String> paths = new LinkedHashSet<>();
        s.sizes().forEach(z -> paths.add(z.path()));
        s.capacity().forEach(x -> paths.add(x.path()));
        double rel = c.relative();
        Rule r = costRule(c.monthlyBefore(), c.monthlyAfter());
        String pct = Double.isInfinite(rel) ? "from $0" : String.format(Locale.ROOT, "%+.0f%%", rel * 100);
        out.add(new Fired(
                r,
                String.format(
                        Locale.ROOT,
                        "about $%.0f/month -> $%.0f/month (%s; %s)",
                        c.monthlyBefore(),
                        c.monthlyAfter(),
                        pct,
                        c.basis()),
                paths));
    }

    /**
     * The cost row for monthly figures in USD, compared exactly in cents: "more than 50%" and "more
     * than 10%" are strict, so a count going from 2 to 3 pods (+50% to the cent) is medium, not high,
     * however the binary fractions of the two figures happen to round.
     */
    static Rule costRule(double monthlyBefore, double monthlyAfter) {
        BigDecimal before = cents(monthlyBefore);
        BigDecimal delta = cents(monthlyAfter).subtract(before);
        if (delta.signum() <= 0) {
            return COST_LOW;
        }
        if (delta.compareTo(FIVE_HUNDRED) > 0 || delta.compareTo(before.multiply(HALF)) > 0) {
            return COST_HIGH;
        }
        return delta.compareTo(before.multiply(TENTH)) > 0 ? COST_MEDIUM : COST_LOW;
    }

    private static final BigDecimal FIVE_HUNDRED = BigDecimal.valueOf(500);
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal TENTH = new BigDecimal("0.1");

    private static BigDecimal cents(double usd) {
        return BigDecimal.valueOf(usd).setScale(2, RoundingMode.HALF_UP);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
