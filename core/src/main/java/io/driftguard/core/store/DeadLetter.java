package io.driftguard.core.store;

import java.nio.charset.StandardCharsets;

/**
 * Input that could not be used, with the reason: what the dead-letter table, the replay
 * {@code .rejected} file and the rejected-records metric are made of.
 *
 * @param source the input name (aws-cloudtrail, github, ...)
 * @param origin where the record sits: {@code file#index}, {@code file:line} or {@code topic/partition/offset}
 * @param payload the record as text, cut at {@link #MAX_PAYLOAD} characters
 */
public record DeadLetter(String source, String origin, String reason, String payload) {

    public static final int MAX_PAYLOAD = 64 * 1024;

    public static DeadLetter of(String source, String origin, String reason, byte[] payload) {
        String text = payload == null
                ? null
                : new String(payload, 0, Math.min(payload.length, MAX_PAYLOAD), StandardCharsets.UTF_8);
        return new DeadLetter(source, origin, reason, text);
    }
}
