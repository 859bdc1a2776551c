package io.driftguard.judge.registry;

import java.io.IOException;
import java.io.Serializable;

/**
 * Where a running judge learns which cause model is live and which scores in shadow, and fetches
 * their files: a registry directory ({@link ModelRegistry}) or the registry's PostgreSQL table
 * ({@link DatabaseModelSource}). Serializable, so a stream operator carries it to its tasks.
 */
public interface ModelSource extends Serializable {

    /** The versions holding the live and candidate roles now; either may be null. */
    Roles roles() throws IOException;

    /** The ONNX bytes of a registered version. */
    byte[] onnx(String version) throws IOException;

    /** Where this source reads, for log lines. */
    String describe();

    /** Gives back what reading held open (a connection); the next read opens it again. */
    default void close() {}

    /** The live and candidate versions (null: none). */
    record Roles(String live, String candidate) implements Serializable {

        public static final Roles NONE = new Roles(null, null);
    }
}
