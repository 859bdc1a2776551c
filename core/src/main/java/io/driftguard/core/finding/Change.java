package io.driftguard.core.finding;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.driftguard.core.json.RawJsonDeserializer;

/**
 * One managed attribute that differs (or differed) from its declaration. {@code desired} and
 * {@code actual} are JSON values; {@code actual} is null and {@code actualKnown} false when the
 * log hides the new value (CloudTrail's {@code HIDDEN_DUE_TO_SECURITY_REASONS}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Change(
        String path,

        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class)
        String desired,

        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class)
        String actual,

        Boolean actualKnown) {

    public Change {
        desired = desired == null ? "null" : desired;
        actual = actual == null ? "null" : actual;
    }
}
