package io.driftguard.pipeline.sequence;

import io.driftguard.pipeline.sequence.SequenceEvent.Kind;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The sequence patterns of docs/design/taxonomy.md as Flink CEP patterns, each from a small factory
 * with its window ({@code within}). All run in event time; a match skips past its last event, so one
 * sequence yields one match.
 *
 * <ul>
 *   <li>{@link #troubleshooting()}, keyed by actor: a read of the resource (or of its service) in the
 *       {@link #READ_WINDOW} before a change to it, then a revert of that resource by the same actor
 *       within {@link #REVERT_WINDOW} of the change (manual troubleshooting).
 *   <li>{@link #incidentFix()}, keyed by service: an incident opened, a change on the service while
 *       it is open, the same incident resolved (the emergency-fix sequence), within {@link #INCIDENT_WINDOW}.
 *   <li>{@link #alertThenAutomation()}, keyed by service: an alert, then a change by an automation
 *       principal within {@link #AUTOMATION_WINDOW} (an automated response).
 * </ul>
 */
public final class SequencePatterns {

    public static final String TROUBLESHOOTING = "reads-change-revert";
    public static final String INCIDENT_FIX = "incident-change-resolved";
    public static final String ALERT_AUTOMATION = "alert-automated-change";

    /** Reads count when they fall this long before the change (taxonomy: 30 minutes). */
    public static final Duration READ_WINDOW = Duration.ofMinutes(30);
    /** A revert counts within this long after the change (taxonomy: within an hour). */
    public static final Duration REVERT_WINDOW = Duration.ofHours(1);
    /** The longest incident the incident pattern waits for. */
    public static final Duration INCIDENT_WINDOW = Duration.ofHours(24);
    /** An automated change counts this long after the alert. */
    public static final Duration AUTOMATION_WINDOW = Duration.ofMinutes(15);

    private SequencePatterns() {}

    public static Pattern<SequenceEvent, ?> troubleshooting() {
        return Pattern.<SequenceEvent>begin("read", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> e.is(Kind.READ)))
                .followedBy("change")
                .where(new IterativeCondition<>() {
                    @Override
                    public boolean filter(SequenceEvent e, Context<SequenceEvent> ctx) throws Exception {
                        if (!e.is(Kind.CHANGE) || e.automation()) {
                            return false;
                        }
                        for (SequenceEvent read : ctx.getEventsForPattern("read")) {
                            boolean near = e.time() - read.time() <= READ_WINDOW.toMillis();
                            boolean same = read.resource() == null
                                    ? Objects.equals(read.service(), e.service()) && e.service() != null
                                    : read.resource().equals(e.resource());
                            if (near && same) {
                                return true;
                            }
                        }
                        return false;
                    }
                })
                .followedBy("revert")
                .where(new IterativeCondition<>() {
                    @Override
                    public boolean filter(SequenceEvent e, Context<SequenceEvent> ctx) throws Exception {
                        if (!e.is(Kind.REVERT)) {
                            return false;
                        }
                        for (SequenceEvent change : ctx.getEventsForPattern("change")) {
                            if (change.resource().equals(e.resource())
                                    && e.time() - change.time() <= REVERT_WINDOW.toMillis()) {
                                return true;
                            }
                        }
                        return false;
                    }
                })
                .within(READ_WINDOW.plus(REVERT_WINDOW));
    }

    public static Pattern<SequenceEvent, ?> incidentFix() {
        return Pattern.<SequenceEvent>begin("opened", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> e.is(Kind.INCIDENT_OPENED)))
                .followedBy("change")
                .where(SimpleCondition.of(e -> e.is(Kind.CHANGE) && !e.automation()))
                .followedBy("resolved")
                .where(new IterativeCondition<>() {
                    @Override
                    public boolean filter(SequenceEvent e, Context<SequenceEvent> ctx) throws Exception {
                        if (!e.is(Kind.INCIDENT_RESOLVED)) {
                            return false;
                        }
                        for (SequenceEvent opened : ctx.getEventsForPattern("opened")) {
                            if (opened.id().equals(e.id())) {
                                return true;
                            }
                        }
                        return false;
                    }
                })
                .within(INCIDENT_WINDOW);
    }

    public static Pattern<SequenceEvent, ?> alertThenAutomation() {
        return Pattern.<SequenceEvent>begin("alert", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> e.is(Kind.ALERT)))
                .followedBy("change")
                .where(SimpleCondition.of(e -> e.is(Kind.CHANGE) && e.automation()))
                .within(AUTOMATION_WINDOW);
    }
}
