package io.driftguard.ingest.catalog.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;

/**
 * Kubernetes resource quantities as one number of base units: {@code "500m"}, {@code "0.5"} and
 * {@code 0.5} are {@code 0.5} CPUs; {@code "1Gi"}, {@code "1024Mi"} and {@code "1073741824"} are
 * {@code 1073741824} bytes; {@code "1k"} is {@code 1000}, {@code "1e3"} too. The API server accepts
 * every spelling and writes its own back, so a manifest and a request compare only as numbers.
 * Text that is not a quantity stays text, so it still compares with itself.
 */
public final class KubernetesQuantity {

    private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"k", "M", "G", "T", "P", "E"};

    private KubernetesQuantity() {}

    /** The quantity as a JSON number of base units; null for absent input. */
    public static JsonNode normalise(JsonNode q) {
        if (q == null || q.isNull() || q.isMissingNode()) {
            return null;
        }
        if (q.isNumber()) {
            return NumericStringNormalisation.number(q);
        }
        if (!q.isTextual()) {
            return null;
        }
        BigDecimal v = parse(q.textValue());
        return v == null
                ? TextNode.valueOf(q.textValue().trim())
                : NumericStringNormalisation.number(TextNode.valueOf(v.toPlainString()));
    }

    /** The value in base units, or null when the text is no quantity. */
    public static BigDecimal parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        BigDecimal factor = BigDecimal.ONE;
        String number = t;
        for (int i = 0; i < BINARY.length; i++) {
            if (t.endsWith(BINARY[i])) {
                factor = BigDecimal.valueOf(1024L).pow(i + 1);
                number = t.substring(0, t.length() - 2);
                break;
            }
        }
        if (factor == BigDecimal.ONE) {
            char last = t.charAt(t.length() - 1);
            if (last == 'm') {
                factor = new BigDecimal("0.001");
                number = t.substring(0, t.length() - 1);
            } else if (last == 'u') {
                factor = new BigDecimal("0.000001");
                number = t.substring(0, t.length() - 1);
            } else if (last == 'n') {
                factor = new BigDecimal("0.000000001");
                number = t.substring(0, t.length() - 1);
            } else {
                for (int i = 0; i < DECIMAL.length; i++) {
                    // a trailing suffix only: "1E" is exa, "1e3" an exponent BigDecimal reads
                    if (t.endsWith(DECIMAL[i])) {
                        factor = BigDecimal.TEN.pow(3 * (i + 1));
                        number = t.substring(0, t.length() - 1);
                        break;
                    }
                }
            }
        }
        try {
            return new BigDecimal(number).multiply(factor).stripTrailingZeros();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
