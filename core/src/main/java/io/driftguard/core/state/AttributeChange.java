package io.driftguard.core.state;

/**
 * What one call did to one canonical attribute of a resource.
 *
 * <p>Values are canonical JSON text ({@link AttributeValues}), produced by the same normalisation
 * the IaC readers apply, so that a change and a declaration compare as plain text.
 *
 * @param path the canonical attribute path ({@code ingress}, {@code instance_type},
 *     {@code tags.Owner}, {@code spec.replicas})
 * @param op how the value changes
 * @param value the canonical JSON value set, or for {@code ADD}/{@code REMOVE} a JSON array of the
 *     elements added or removed; null for {@code UNSET} and {@code UNKNOWN}
 */
public record AttributeChange(String path, Op op, String value) {

    public enum Op {
        /** The attribute now has {@code value}. */
        SET,
        /** The elements of {@code value} were added to a set-valued attribute. */
        ADD,
        /** The elements of {@code value} were removed from a set-valued attribute. */
        REMOVE,
        /** The attribute was removed (a policy deleted, a tag removed). */
        UNSET,
        /** The attribute changed but the log hides the new value. */
        UNKNOWN
    }

    public static AttributeChange set(String path, String canonicalJson) {
        return new AttributeChange(path, Op.SET, canonicalJson);
    }

    public static AttributeChange unset(String path) {
        return new AttributeChange(path, Op.UNSET, null);
    }

    public static AttributeChange unknown(String path) {
        return new AttributeChange(path, Op.UNKNOWN, null);
    }
}
