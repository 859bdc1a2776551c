package io.driftguard.dashboard.system;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The bounds every list endpoint shares. */
public final class Limits {

    public static final int DEFAULT = 100;
    public static final int MAX = 500;

    private Limits() {}

    /** The requested row count, or 400 with the reason when it is out of range. */
    public static int check(Integer requested) {
        if (requested == null) {
            return DEFAULT;
        }
        if (requested < 1 || requested > MAX) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX + ", was " + requested);
        }
        return requested;
    }
}
