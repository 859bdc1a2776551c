package io.driftguard.dashboard.system;

import java.util.List;

/**
 * Joins JSON documents already stored as text into one array, so findings go from the
 * {@code jsonb} column to the client without being parsed and written again.
 */
public final class JsonArrays {

    private JsonArrays() {}

    public static String of(List<String> documents) {
        int size = 2 + documents.size();
        for (String d : documents) {
            size += d.length();
        }
        StringBuilder out = new StringBuilder(size).append('[');
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(documents.get(i));
        }
        return out.append(']').toString();
    }
}
