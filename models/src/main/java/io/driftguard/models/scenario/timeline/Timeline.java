package io.driftguard.models.scenario.timeline;

import io.driftguard.models.scenario.driver.Emitted;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the scenarios' records (held in memory, sorted) with background traffic (generated on
 * demand) into one event-time ordered stream, so millions of background records never sit in memory.
 */
public final class Timeline implements Iterator<Emitted> {

    private record Pending(Emitted e, long seq) {}

    private final List<Emitted> scenario;
    private final BackgroundTraffic background;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> {
        int c = a.e().time().compareTo(b.e().time());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });
    private int next;
    private long seq;

    public Timeline(List<Emitted> scenario, BackgroundTraffic background) {
        this.scenario = scenario;
        this.background = background;
    }

    private void fill() {
        while (background.hasNext()
                && (pending.isEmpty()
                        || !background.nextTime().isAfter(pending.peek().e().time()))) {
            for (Emitted e : background.next()) {
                pending.add(new Pending(e, seq++));
            }
        }
    }

    @Override
    public boolean hasNext() {
        fill();
        return next < scenario.size() || !pending.isEmpty();
    }

    @Override
    public Emitted next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Pending head = pending.peek();
        if (next < scenario.size()
                && (head == null || !scenario.get(next).time().isAfter(head.e().time()))) {
            return scenario.get(next++);
        }
        return pending.poll().e();
    }
}
