package io.driftguard.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads any JSON value back into the compact text a {@code @JsonRawValue} field wrote. */
public final class RawJsonDeserializer extends JsonDeserializer<String> {

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = p.readValueAsTree();
        return node == null ? "null" : node.toString();
    }

    @Override
    public String getNullValue(DeserializationContext ctxt) {
        return "null";
    }
}
