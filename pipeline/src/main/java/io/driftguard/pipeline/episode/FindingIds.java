package io.driftguard.pipeline.episode;

import io.driftguard.core.vocabulary.FindingKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Finding ids derived from the resource key and the first diverging event id (docs/design/architecture.md):
 * the same input gives the same id across replays, restarts and machines.
 */
public final class FindingIds {

    private FindingIds() {}

    public static String of(FindingKind kind, String resourceKey, String firstEventId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.id().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(resourceKey.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(firstEventId.getBytes(StandardCharsets.UTF_8));
            return "dg-" + HexFormat.of().formatHex(sha.digest(), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
