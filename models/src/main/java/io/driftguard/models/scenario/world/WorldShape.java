package io.driftguard.models.scenario.world;

import io.driftguard.models.scenario.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of the organisation a data set happens in: its size (people, services, teams), who
 * makes the changes (actor mix), how often incidents and tickets happen, when people work, and how
 * much is automated. {@link #ACME} is the world every data set had before shapes existed and the
 * default; the others are worlds a model trained on ACME never saw. A shape changes rates and
 * people, never the taxonomy: a case's label still follows from its own timeline alone.
 *
 * @param name the id {@code driftguard generate --world} takes
 * @param summary one line for the model card and {@code --help}
 * @param emailDomain the domain of the people's e-mail addresses
 * @param engineers people who change resources
 * @param readers people who only read
 * @param securityPeople security principals
 * @param scripts non-IaC scripts with their own credentials (at least one)
 * @param minServices the fewest services cases spread over (more services: fewer cases each)
 * @param soleTeam when set, every service belongs to this one team (a small company)
 * @param securityByPrincipal share of security responses made by a security principal (the rest:
 *     an engineer after a finding or a security ticket)
 * @param configErrorByScript share of configuration errors made by a script rather than a person
 * @param troubleshootingTicket share of troubleshooting episodes with a low/medium ticket open
 * @param emergencySources where emergencies are declared, in tenths: PagerDuty below the first
 *     number, a Jira incident below the second, an Alertmanager alert otherwise
 * @param background cumulative shares of background records: reads below the first, failed writes
 *     below the second, unrelated context otherwise
 * @param readerMix thresholds on the same draw as {@code background}, below its first: people read
 *     below the first, monitoring bots below the second, security people up to {@code background[0]}
 * @param contextWeights weights of unrelated context kinds: incidents, tickets, warning alerts,
 *     sandbox findings, documentation pushes
 * @param familyWeights weights of the families in the mix after coverage, in {@link #FAMILY_ORDER}
 * @param zone where the people work
 * @param workFrom first working hour (local), 0 with {@code workTo} 24 for around the clock
 * @param workTo the hour work stops (local, exclusive)
 */
public record WorldShape(
        String name,
        String summary,
        String emailDomain,
        int engineers,
        int readers,
        int securityPeople,
        int scripts,
        int minServices,
        String soleTeam,
        double securityByPrincipal,
        double configErrorByScript,
        double troubleshootingTicket,
        int[] emergencySources,
        double[] background,
        double[] readerMix,
        int[] contextWeights,
        int[] familyWeights,
        ZoneOffset zone,
        int workFrom,
        int workTo) {

    /**
     * The order of {@link #familyWeights}: configuration error, emergency fix, manual
     * troubleshooting, security response, automated response, deploy then restore, deploy identity,
     * failed call, read only, no-op equivalent, undeclared attribute, ignored by rule, unmanaged
     * resource (the names of {@code cases.Family}, which this layer does not see).
     */
    public static final List<String> FAMILY_ORDER = List.of(
            "CONFIGURATION_ERROR",
            "EMERGENCY_FIX",
            "MANUAL_TROUBLESHOOTING",
            "SECURITY_RESPONSE",
            "AUTOMATED_RESPONSE",
            "DEPLOY_THEN_RESTORE",
            "DEPLOY_IDENTITY",
            "FAILED_CALL",
            "READ_ONLY",
            "NOOP_EQUIVALENT",
            "UNDECLARED_ATTRIBUTE",
            "IGNORED_BY_RULE",
            "UNMANAGED_RESOURCE");

    /** The one company every data set had before shapes: mid-sized, on call around the clock. */
    public static final WorldShape ACME = new WorldShape(
            "acme",
            "mid-sized shop (12 engineers, 8 readers, 3 security people, 2 scripts), around the clock, "
                    + "incidents mostly in PagerDuty",
            "acme-corp.com",
            12,
            8,
            3,
            2,
            6,
            null,
            0.5,
            0.2,
            0.4,
            new int[] {6, 8},
            new double[] {0.93, 0.965},
            new double[] {0.55, 0.80},
            new int[] {1, 1, 1, 1, 1},
            new int[] {3, 3, 3, 2, 2, 1, 2, 2, 1, 2, 1, 1, 1},
            ZoneOffset.UTC,
            0,
            24);

    /** Few people, one team, changes by hand, alerts instead of an incident process, little automation. */
    public static final WorldShape STARTUP = new WorldShape(
            "startup",
            "small company (4 engineers, 1 reader, 1 security person, 1 script, one team), alerts more than "
                    + "an incident process, few tickets, little automation, work into the night (UTC-8, 08-24)",
            "getnimbus.io",
            4,
            1,
            1,
            1,
            6,
            "engineering",
            0.2,
            0.35,
            0.15,
            new int[] {3, 4},
            new double[] {0.90, 0.96},
            new double[] {0.65, 0.85},
            new int[] {1, 1, 3, 1, 3},
            new int[] {4, 4, 4, 1, 1, 1, 2, 2, 1, 2, 1, 1, 1},
            ZoneOffset.ofHours(-8),
            8,
            24);

    /** A platform company: much automation, monitoring bots reading everything, alert-driven operations. */
    public static final WorldShape PLATFORM = new WorldShape(
            "platform",
            "platform-heavy company (20 engineers, 6 readers, 3 security people, 6 scripts), automation a "
                    + "third of drift, monitoring bots most of the reads, alert-driven emergencies, around the clock",
            "hyperscale.dev",
            20,
            6,
            3,
            6,
            10,
            null,
            0.5,
            0.45,
            0.3,
            new int[] {3, 4},
            new double[] {0.95, 0.97},
            new double[] {0.25, 0.90},
            new int[] {1, 1, 4, 1, 2},
            new int[] {2, 2, 2, 2, 6, 1, 4, 2, 1, 2, 1, 1, 1},
            ZoneOffset.UTC,
            0,
            24);

    /** A regulated business: tickets for everything, many security people, office hours in Europe. */
    public static final WorldShape REGULATED = new WorldShape(
            "regulated",
            "regulated company (15 engineers, 12 readers, 8 security people), tickets for most work, security "
                    + "responses often by security principals, incidents in Jira, office hours (UTC+1, 08-18)",
            "fidelis-bank.eu",
            15,
            12,
            8,
            2,
            8,
            null,
            0.75,
            0.1,
            0.8,
            new int[] {2, 8},
            new double[] {0.90, 0.93},
            new double[] {0.45, 0.65},
            new int[] {1, 4, 1, 2, 1},
            new int[] {3, 2, 3, 4, 1, 1, 2, 2, 2, 2, 1, 1, 1},
            ZoneOffset.ofHours(1),
            8,
            18);

    /** A large enterprise: many people and services, fewer cases per service, many tickets, office hours. */
    public static final WorldShape ENTERPRISE = new WorldShape(
            "enterprise",
            "large enterprise (60 engineers, 40 readers, 10 security people, 8 scripts, at least 48 services), "
                    + "busy context (incidents and tickets on other services), office hours (UTC-5, 08-19)",
            "globex-corp.com",
            60,
            40,
            10,
            8,
            48,
            null,
            0.4,
            0.25,
            0.6,
            new int[] {5, 8},
            new double[] {0.88, 0.92},
            new double[] {0.50, 0.85},
            new int[] {3, 3, 2, 1, 1},
            new int[] {3, 3, 3, 2, 2, 1, 3, 2, 1, 2, 1, 1, 1},
            ZoneOffset.ofHours(-5),
            8,
            19);

    /** An agency running clients' systems: contractors, scripts, evenings, few incidents. */
    public static final WorldShape AGENCY = new WorldShape(
            "agency",
            "agency running clients' systems (8 engineers, 2 readers, 1 security person, 5 scripts), "
                    + "configuration errors common, few incidents, work in the evenings (UTC+5:30, 12-23)",
            "brightpixel.agency",
            8,
            2,
            1,
            5,
            12,
            null,
            0.3,
            0.5,
            0.25,
            new int[] {4, 6},
            new double[] {0.94, 0.98},
            new double[] {0.60, 0.85},
            new int[] {1, 2, 1, 1, 4},
            new int[] {5, 2, 3, 1, 2, 1, 2, 2, 1, 2, 1, 1, 1},
            ZoneOffset.ofHoursMinutes(5, 30),
            12,
            23);

    public static final List<WorldShape> ALL = List.of(ACME, STARTUP, PLATFORM, REGULATED, ENTERPRISE, AGENCY);

    public WorldShape {
        if (engineers < 1 || readers < 1 || securityPeople < 1 || scripts < 1 || minServices < 1) {
            throw new IllegalArgumentException(name + ": every kind of person and at least one service");
        }
        if (emergencySources.length != 2 || background.length != 2 || readerMix.length != 2) {
            throw new IllegalArgumentException(name + ": two thresholds each");
        }
        if (contextWeights.length != 5 || familyWeights.length != FAMILY_ORDER.size()) {
            throw new IllegalArgumentException(name + ": weights for every context kind and family");
        }
        if (!(readerMix[0] <= readerMix[1]
                && readerMix[1] <= background[0]
                && background[0] <= background[1]
                && background[1] <= 1)) {
            throw new IllegalArgumentException(name + ": thresholds must rise");
        }
        if (emergencySources[0] > emergencySources[1] || emergencySources[1] > 10) {
            throw new IllegalArgumentException(name + ": emergency sources are tenths");
        }
        if (workFrom < 0 || workTo > 24 || workFrom >= workTo) {
            throw new IllegalArgumentException(name + ": working hours " + workFrom + "-" + workTo);
        }
    }

    /** The shape named {@code name} (case-insensitive). */
    public static WorldShape named(String name) {
        for (WorldShape w : ALL) {
            if (w.name.equalsIgnoreCase(name.trim())) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown world " + name + "; one of " + String.join(", ", names()));
    }

    public static List<String> names() {
        return ALL.stream().map(WorldShape::name).toList();
    }

    /** Whether people work at {@code t}: cases start only then. */
    public boolean working(Instant t) {
        int hour = t.atOffset(zone).getHour();
        return hour >= workFrom && hour < workTo;
    }

    public boolean aroundTheClock() {
        return workFrom == 0 && workTo == 24;
    }

    /** The indexes of the {@code count} slots of length {@code slot} from {@code start} that begin in working hours. */
    public List<Integer> workingSlots(Instant start, Duration slot, int count) {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            if (working(start.plus(slot.multipliedBy(t)))) {
                out.add(t);
            }
        }
        return out;
    }

    /** Index drawn with the given weights: with all weights 1 exactly {@code rng.nextInt(weights.length)}. */
    public static int weighted(Rng rng, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = rng.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorldShape w && w.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
