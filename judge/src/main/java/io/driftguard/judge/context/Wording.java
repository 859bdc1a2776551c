package io.driftguard.judge.context;

import io.driftguard.core.finding.Finding;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the judge words times, durations and changed attributes, the same in reasoning, narratives and patches. */
public final class Wording {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Wording() {}

    public static String utc(Instant t) {
        return t == null ? "an unknown time" : UTC.format(t);
    }

    /** "12 minutes", "1 hour 5 minutes", "45 seconds", "2 days 3 hours". */
    public static String duration(Duration d) {
        long s = Math.abs(d.getSeconds());
        if (s < 60) {
            return s + (s == 1 ? " second" : " seconds");
        }
        long days = s / 86400;
        long hours = s % 86400 / 3600;
        long minutes = s % 3600 / 60;
        if (days > 0) {
            return days
                    + (days == 1 ? " day" : " days")
                    + (hours > 0 ? " " + hours + (hours == 1 ? " hour" : " hours") : "");
        }
        if (hours > 0) {
            return hours
                    + (hours == 1 ? " hour" : " hours")
                    + (minutes > 0 ? " " + minutes + (minutes == 1 ? " minute" : " minutes") : "");
        }
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /** "ingress, tags.Owner", or "the changed attributes" when there are none. */
    public static String paths(Finding f) {
        List<String> p = new ArrayList<>();
        f.changes().forEach(c -> p.add(c.path()));
        return p.isEmpty() ? "the changed attributes" : String.join(", ", p);
    }

    /** The actor as people read it: the display name, else the id, else "an unknown actor". */
    public static String actorName(EpisodeContext ctx) {
        ActorFacts a = ctx.actor();
        Finding.FindingActor fa = ctx.finding().actor();
        String display = a != null && a.display() != null ? a.display() : fa != null ? fa.display() : null;
        String id = a != null && a.id() != null ? a.id() : fa != null ? fa.id() : null;
        return display != null && !display.isBlank() ? display : id != null ? id : "an unknown actor";
    }
}
