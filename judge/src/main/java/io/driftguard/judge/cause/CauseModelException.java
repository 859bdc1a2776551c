package io.driftguard.judge.cause;

/** The cause model cannot be used: missing, unreadable, or trained on a different feature schema. */
public final class CauseModelException extends RuntimeException {

    public CauseModelException(String message) {
        super(message);
    }

    public CauseModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
