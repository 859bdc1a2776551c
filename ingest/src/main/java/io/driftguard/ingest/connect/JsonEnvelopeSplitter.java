package io.driftguard.ingest.connect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.RecordSplitter;
import io.driftguard.ingest.Sources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the providers' envelopes with one streaming pass: each record's bytes are cut out of the
 * payload at the parser's byte offsets, so the raw topic carries exactly what the provider wrote
 * (no re-serialisation), and each record is parsed once for its key.
 *
 * <ul>
 *   <li>{@code aws-cloudtrail}: a log file {@code {"Records":[...]}}</li>
 *   <li>{@code azure-activity}: {@code {"records":[...]}} (Event Hubs and storage export)</li>
 *   <li>{@code k8s-audit}: an {@code EventList} {@code {"items":[...]}} as the API server's webhook
 *       backend sends it, or a single {@code Event}</li>
 *   <li>every other source: the payload is one JSON object</li>
 * </ul>
 * Batches in other shapes (JSON lines, a bare array) fall back to the parsers' {@link RecordSplitter}.
 */
public final class JsonEnvelopeSplitter implements EnvelopeSplitter {

    @Override
    public Result split(String source, byte[] payload) {
        Result exact = splitExact(source, payload);
        return exact.failure() == null ? exact : fallback(payload, exact);
    }

    /**
     * Shapes other than the provider's usual envelope (JSON lines, a bare array, a gzipped payload)
     * go through the parsers' {@link RecordSplitter}. Its records are trees, so they are written
     * back with Jackson: same content, not necessarily the same bytes. Used only when it finds
     * records and rejects nothing; otherwise the payload is dead-lettered whole with the first
     * reason.
     */
    private static Result fallback(byte[] payload, Result exact) {
        RecordSplitter.Result other = RecordSplitter.split(payload);
        // one object without the envelope's array is not a record batch (a CloudTrail digest file)
        boolean batch = other.records().size() > 1 || startsWithArray(payload);
        if (!batch || !other.rejected().isEmpty()) {
            return exact;
        }
        List<Part> parts = new ArrayList<>(other.records().size());
        try {
            for (RecordSplitter.Result.Item item : other.records()) {
                if (!item.record().isObject()) {
                    return exact;
                }
                parts.add(new Part(item.position(), Json.MAPPER.writeValueAsBytes(item.record()), item.record()));
            }
        } catch (IOException e) {
            return exact;
        }
        return new Result(parts, List.of(), null);
    }

    private static boolean startsWithArray(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '[';
            }
        }
        return false;
    }

    private Result splitExact(String source, byte[] payload) {
        String arrayField = switch (source) {
            case Sources.AWS_CLOUDTRAIL -> "Records";
            case Sources.AZURE_ACTIVITY -> "records";
            case Sources.K8S_AUDIT -> "items";
            default -> null;
        };
        try (JsonParser p = Json.MAPPER.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Result.failed("payload is not a JSON object");
            }
            if (arrayField == null) {
                JsonNode node = p.readValueAsTree();
                return new Result(List.of(new Part("#0", payload, node)), List.of(), null);
            }
            return splitArray(source, payload, p, arrayField);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Result.failed("payload is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Result.failed("payload is not valid JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            return Result.failed("payload could not be read: " + e);
        }
    }

    private static Result splitArray(String source, byte[] payload, JsonParser p, String arrayField) throws IOException {
        List<Part> parts = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        boolean found = false;
        boolean singleEvent = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals(arrayField) && value == JsonToken.START_ARRAY) {
                found = true;
                int index = 0;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    if (t == JsonToken.START_OBJECT) {
                        JsonNode node = p.readValueAsTree();
                        int end = (int) p.currentLocation().getByteOffset();
                        parts.add(new Part("#" + index, Arrays.copyOfRange(payload, start, end), node));
                    } else {
                        p.skipChildren();
                        int end = (int) p.currentLocation().getByteOffset();
                        rejected.add(new Rejected("#" + index, Arrays.copyOfRange(payload, start, end),
                                arrayField + "[" + index + "] is a " + t.asString() + " (" + t + "), not a JSON object"));
                    }
                    index++;
                }
            } else {
                if (Sources.K8S_AUDIT.equals(source) && "kind".equals(name) && value == JsonToken.VALUE_STRING
                        && "Event".equals(p.getText())) {
                    singleEvent = true;
                }
                p.skipChildren();
            }
        }
        if (!found) {
            if (singleEvent) {
                return new Result(List.of(new Part("#0", payload, Json.MAPPER.readTree(payload))), List.of(), null);
            }
            return Result.failed("no \"" + arrayField + "\" array in the payload (expected the "
                    + source + " envelope {\"" + arrayField + "\":[...]})");
        }
        return new Result(parts, rejected, null);
    }
}
