package io.driftguard.pipeline.sequence;

import java.io.Serializable;
import java.util.List;

/**
 * A completed sequence: which pattern, on which key (actor or service), the ids of the events in
 * pattern order, and the event times of its first and last event.
 */
public record SequenceMatch(String pattern, String key, List<String> eventIds, long first, long last)
        implements Serializable {

    public SequenceMatch {
        eventIds = List.copyOf(eventIds);
    }
}
