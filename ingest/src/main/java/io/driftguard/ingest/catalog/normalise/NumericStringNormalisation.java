package io.driftguard.ingest.catalog.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;

/**
 * Numbers and booleans in one JSON type whatever the writer used: CloudTrail writes ports as
 * {@code "443"} or {@code 443}, CloudFormation every number as a string, Terraform state as JSON
 * numbers; {@code "true"} and {@code true} likewise. An integral value becomes a JSON integer
 * ({@code 80.0} and {@code "80"} both become {@code 80}).
 */
public final class NumericStringNormalisation {

    private NumericStringNormalisation() {}

    /** The number the node spells, as a JSON number; null for absent or non-numeric input. */
    public static JsonNode number(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            String text = node.textValue().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.toBigInteger().bitLength() < 63) {
            return LongNode.valueOf(stripped.longValueExact());
        }
        return DecimalNode.valueOf(stripped);
    }

    /** Like {@link #number} but keeps non-numeric text as text, so it still compares with itself. */
    public static JsonNode numberOrText(JsonNode node) {
        JsonNode n = number(node);
        if (n == null && node != null && node.isTextual() && !node.textValue().isBlank()) {
            return TextNode.valueOf(node.textValue().trim());
        }
        return n;
    }

    /** A boolean from {@code true}, {@code "true"}, {@code "True"}; null for anything else. */
    public static JsonNode bool(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node;
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            if (t.equalsIgnoreCase("true")) {
                return BooleanNode.TRUE;
            }
            if (t.equalsIgnoreCase("false")) {
                return BooleanNode.FALSE;
            }
        }
        if (node.isNumber()) {
            return BooleanNode.valueOf(node.asInt() != 0);
        }
        return null;
    }

    /** Integer value or the fallback (for ports and sizes inside larger structures). */
    public static Long longValue(JsonNode node) {
        JsonNode n = number(node);
        return n != null && n.canConvertToLong() && n.isIntegralNumber() ? n.longValue() : null;
    }
}
