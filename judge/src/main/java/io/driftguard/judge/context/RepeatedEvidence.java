package io.driftguard.judge.context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Evidence as lines for people, with repeats folded into one line. A flapping alert, or the same
 * alert rule firing again and again on a busy service, gives a finding hundreds of pieces of
 * evidence that differ only in their time; listed one by one they bury the few that matter (and
 * made a judged finding hundreds of kilobytes, rewritten whole at every judgement). Facts whose line
 * is the same but for its time become one line that says how many there were and from when to when;
 * a line that occurs once reads exactly as before. The structured evidence ({@code correlations})
 * keeps every piece.
 */
public final class RepeatedEvidence {

    private RepeatedEvidence() {}

    /**
     * One line per distinct {@code head} (a fact's line without its time), in the order of each head's
     * first fact: {@code close} of the head followed by the fact's time after {@code at} when it is
     * alone (untimed: nothing), else by {@link #span}.
     */
    public static List<String> lines(
            List<ContextFact> facts, Function<ContextFact, String> head, String at, Function<String, String> close) {
        Map<String, List<ContextFact>> byHead = new LinkedHashMap<>();
        for (ContextFact f : facts) {
            byHead.computeIfAbsent(head.apply(f), h -> new ArrayList<>(1)).add(f);
        }
        List<String> out = new ArrayList<>(byHead.size());
        for (Map.Entry<String, List<ContextFact>> e : byHead.entrySet()) {
            List<ContextFact> same = e.getValue();
            if (same.size() == 1) {
                Instant t = same.get(0).time();
                out.add(close.apply(e.getKey() + (t == null ? "" : at + Wording.utc(t))));
                continue;
            }
            Instant first = null;
            Instant last = null;
            for (ContextFact f : same) {
                Instant t = f.time();
                if (t != null) {
                    first = first == null || t.isBefore(first) ? t : first;
                    last = last == null || t.isAfter(last) ? t : last;
                }
            }
            out.add(close.apply(e.getKey() + span(same.size(), first, last)));
        }
        return out;
    }

    /**
     * ", 260 times, first 2025-03-03 10:00:00 UTC, last 2025-03-03 11:40:00 UTC"; ", 3 times, all at …"
     * when they share their time; ", 3 times" untimed.
     */
    static String span(int count, Instant first, Instant last) {
        String times = ", " + count + " times";
        if (first == null) {
            return times;
        }
        if (first.equals(last)) {
            return times + ", all at " + Wording.utc(first);
        }
        return times + ", first " + Wording.utc(first) + ", last " + Wording.utc(last);
    }
}
