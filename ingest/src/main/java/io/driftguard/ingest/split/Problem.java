package io.driftguard.ingest.split;

/** Why part of an input is not a record. */
public enum Problem {

    /**
     * The bytes are not JSON. In a document, reading stops there; a JSON line costs only itself (when
     * lines are read at all, see {@link SplitOptions.Output#SLICES}).
     */
    MALFORMED_JSON,

    /** The input starts with the gzip magic bytes but is truncated or corrupt; reading stops there. */
    BAD_GZIP,

    /** The input stream failed; reading stops there. */
    READ_ERROR,

    /**
     * A value where a record belongs is not a JSON object: a top-level number or string, or (with
     * {@link SplitOptions.NonObjects#REJECT}) an element of an envelope or array. Only that value is
     * lost.
     */
    NOT_AN_OBJECT
}
