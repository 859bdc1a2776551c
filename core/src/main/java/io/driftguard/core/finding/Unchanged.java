package io.driftguard.core.finding;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.driftguard.core.json.RawJsonDeserializer;

/**
 * A declared attribute of the drifted resource that the episode left as declared but that qualifies
 * what its changes mean: a GCP firewall rule that gained {@code tcp:22} is exposure only if its
 * unchanged {@code source_ranges} admit the Internet. {@code value} is a JSON value, the declared
 * (and still actual) one.
 */
public record Unchanged(
        String path,

        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class)
        String value) {

    public Unchanged {
        value = value == null ? "null" : value;
    }
}
