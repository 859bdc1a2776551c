package io.driftguard.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.finding.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Versioned JSON encoding of events and findings for Kafka.
 *
 * <p>Each payload is one JSON object with {@code "schema": N} and {@code "type"} beside the event's
 * own fields. Readers ignore fields they do not know, so adding a field never breaks a consumer; a
 * payload of a newer major schema than this reader knows is refused with a clear error rather than
 * half-read. Raw provider records are not encoded here: they travel unchanged.
 */
public final class EventCodec {

    public static final int SCHEMA = 1;

    private EventCodec() {}

    public static byte[] encode(AuditEvent event) {
        return write("audit", event);
    }

    public static byte[] encode(ContextEvent event) {
        return write("context", event);
    }

    /**
     * The finding written straight after the envelope's two fields in one pass, not through a tree:
     * every judged version of the live job goes to the findings topic, and building the tree of a
     * finding with all its evidence was a quarter of the judge chain's time. The bytes are those of
     * {@link #write}, since a finding has no {@code schema} or {@code type} field of its own
     * ({@code EventCodecTest}).
     */
    public static byte[] encode(Finding finding) {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(finding);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] head = ("{\"schema\":" + SCHEMA + ",\"type\":\"finding\"").getBytes(StandardCharsets.UTF_8);
        if (body.length <= 2) {
            byte[] out = Arrays.copyOf(head, head.length + 1);
            out[head.length] = '}';
            return out;
        }
        // body is {"field":...}: the envelope's fields, a comma, and the body after its opening brace
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        out[head.length] = ',';
        System.arraycopy(body, 1, out, head.length + 1, body.length - 1);
        return out;
    }

    public static AuditEvent decodeAudit(byte[] bytes) {
        return read(bytes, "audit", AuditEvent.class);
    }

    public static ContextEvent decodeContext(byte[] bytes) {
        return read(bytes, "context", ContextEvent.class);
    }

    public static Finding decodeFinding(byte[] bytes) {
        return read(bytes, "finding", Finding.class);
    }

    static byte[] write(String type, Object value) {
        ObjectNode node = Json.MAPPER.valueToTree(value);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("schema", SCHEMA);
        out.put("type", type);
        out.setAll(node);
        try {
            return Json.MAPPER.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(byte[] bytes, String type, Class<T> cls) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int schema = node.path("schema").asInt(-1);
            if (schema < 1 || schema > SCHEMA) {
                throw new IllegalArgumentException(
                        "unsupported schema " + node.path("schema") + " (this reader knows 1.." + SCHEMA + ")");
            }
            if (!type.equals(node.path("type").asText())) {
                throw new IllegalArgumentException("expected type " + type + ", got " + node.path("type"));
            }
            ((ObjectNode) node).remove("schema");
            ((ObjectNode) node).remove("type");
            return Json.MAPPER.treeToValue(node, cls);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + type + " payload: " + e.getMessage(), e);
        }
    }
}
