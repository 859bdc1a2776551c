package io.driftguard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves every timestamp in a provider record by one offset, keeping each value's own format (the
 * number of fraction digits and the way the zone is written), so a record generated for one
 * moment reads as if the provider had written it at another. Covers what the providers write:
 * ISO-8601 instants ({@code 2025-03-03T08:00:00Z}, {@code ...123456Z}), offsets
 * ({@code +00:00}, {@code +0000}), and epoch numbers under {@code timestamp} (milliseconds, Jira)
 * and {@code iat}/{@code nbf}/{@code exp} (seconds, token claims). Zero values such as
 * Alertmanager's {@code 0001-01-01T00:00:00Z} stay as they are.
 */
final class PayloadTimes {

    private static final Pattern ISO =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2})");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final Instant EPOCH_FLOOR = Instant.parse("2000-01-01T00:00:00Z");

    private PayloadTimes() {}

    /** Shifts every timestamp under {@code node} in place. */
    static void shift(JsonNode node, Duration by) {
        if (by.isZero()) {
            return;
        }
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    String moved = shiftText(value.asText(), by);
                    if (moved != null) {
                        object.put(field.getKey(), moved);
                    }
                } else if (value.isIntegralNumber()) {
                    Long moved = shiftEpoch(field.getKey(), value.asLong(), by);
                    if (moved != null) {
                        object.put(field.getKey(), moved);
                    }
                } else {
                    shift(value, by);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    String moved = shiftText(value.asText(), by);
                    if (moved != null) {
                        array.set(i, array.textNode(moved));
                    }
                } else {
                    shift(value, by);
                }
            }
        }
    }

    /** The text with its timestamp moved, or null when it is not exactly one timestamp. */
    static String shiftText(String text, Duration by) {
        if (text.length() < 20 || text.length() > 40 || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        Matcher m = ISO.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String zone = m.group(3);
        ZoneOffset offset =
                zone.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(zone.replaceAll("(\\d{2})(\\d{2})$", "$1:$2"));
        String fraction = m.group(2) == null ? "" : m.group(2);
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(m.group(1) + (fraction.isEmpty() ? "" : "." + fraction));
        } catch (RuntimeException e) {
            return null;
        }
        Instant instant = local.toInstant(offset);
        if (instant.isBefore(EPOCH_FLOOR)) {
            return null;
        }
        LocalDateTime moved = LocalDateTime.ofInstant(instant.plus(by), offset);
        StringBuilder out = new StringBuilder(LOCAL.format(moved));
        if (!fraction.isEmpty()) {
            String nanos = String.format("%09d", moved.getNano());
            out.append('.').append(nanos, 0, fraction.length());
        }
        return out.append(zone).toString();
    }

    private static Long shiftEpoch(String key, long value, Duration by) {
        switch (key) {
            case "timestamp" -> {
                // Epoch milliseconds between 2001 and 2286; anything else is some other number.
                return value > 1_000_000_000_000L && value < 10_000_000_000_000L ? value + by.toMillis() : null;
            }
            case "iat", "nbf", "exp" -> {
                return value > 1_000_000_000L && value < 10_000_000_000L ? value + by.toSeconds() : null;
            }
            default -> {
                return null;
            }
        }
    }
}
