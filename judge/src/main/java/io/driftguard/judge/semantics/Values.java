package io.driftguard.judge.semantics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.util.Locale;

/** Canonical values as people read them. */
public final class Values {

    private static final int MAX = 160;

    private Values() {}

    /**
     * '0' to '9' only. Values come from audit logs, and {@code Character.isDigit} also accepts other
     * scripts' digits ('\u0664'), which {@code Double.parseDouble} then refuses with an exception.
     */
    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * A value for a sentence: text without quotes, a security-group rule as
     * {@code tcp 22 from 0.0.0.0/0}, sets as {@code [a, b]}, long documents shortened.
     */
    public static String show(JsonNode n) {
        if (!Attr.present(n)) {
            return "not set";
        }
        String s;
        if (n.isValueNode()) {
            s = n.asText();
        } else if (n.isObject() && n.has("peer")) {
            s = rule(n);
        } else if (n.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (JsonNode e : n) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(e.isValueNode() ? e.asText() : e.has("peer") ? rule(e) : e.toString());
            }
            s = b.append(']').toString();
        } else {
            s = n.toString();
        }
        return s.length() > MAX ? s.substring(0, MAX - 1) + "…" : s;
    }

    /** An EC2 rule element: {@code tcp 22 from 0.0.0.0/0}, {@code all traffic from sg-1}. */
    static String rule(JsonNode e) {
        String proto = e.path("protocol").asText("-1");
        String peer = e.path("peer").asText("?");
        if (proto.equals("-1")) {
            return "all traffic from " + peer;
        }
        long from = e.path("from_port").asLong(-1);
        long to = e.path("to_port").asLong(-1);
        String ports = from < 0 ? "" : from == to ? " " + from : " " + from + "-" + to;
        return proto.toLowerCase(Locale.ROOT) + ports + " from " + peer;
    }

    /** Parses an element path's JSON key ({@code ingress_rule.{...}}); null when it is not JSON. */
    static JsonNode parseKey(String key) {
        if (key.isEmpty() || key.charAt(0) != '{') {
            return null;
        }
        try {
            return Json.MAPPER.readTree(key);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
