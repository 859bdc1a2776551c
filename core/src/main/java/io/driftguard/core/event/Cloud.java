package io.driftguard.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The four control planes DriftGuard reads. Serialised in lower case, as docs/design/replay-contract.md writes them. */
public enum Cloud {
    AWS,
    GCP,
    AZURE,
    KUBERNETES;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Cloud fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
