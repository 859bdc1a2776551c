package io.driftguard.ingest.actor;

import java.util.ArrayList;
import java.util.List;

/** Collects an actor's identity strings in order, without nulls or repeats. */
final class Identities {

    private final List<String> values = new ArrayList<>(6);

    Identities add(String value) {
        if (value != null && !value.isEmpty() && !values.contains(value)) {
            values.add(value);
        }
        return this;
    }

    Identities addAll(Iterable<String> more) {
        for (String v : more) {
            add(v);
        }
        return this;
    }

    List<String> list() {
        return values;
    }
}
