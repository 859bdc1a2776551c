package io.driftguard.core.vocabulary;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A word of DriftGuard's closed vocabulary (causes, severities, recommendations, statuses, kinds,
 * resolutions): an enum constant with the snake_case id that JSON, SQL, config.yaml, labels and the
 * dashboard use. Every list of these words is derived from the enum, never written out again.
 */
public interface Term {

    /** The id as written in JSON and SQL: the constant's name in lower case ({@code emergency_fix}). */
    @JsonValue
    default String id() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** The term with this id, or null for null; an unknown id is an error naming the valid ones. */
    static <E extends Enum<E> & Term> E parse(Class<E> type, String id) {
        if (id == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + name(type) + " '" + id + "'; expected one of " + ids(type));
    }

    /** The ids of every term of the type, in declaration order. */
    static <E extends Enum<E> & Term> List<String> ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Term::id).toList();
    }

    private static String name(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
