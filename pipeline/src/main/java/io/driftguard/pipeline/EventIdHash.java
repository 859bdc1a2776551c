package io.driftguard.pipeline;

/**
 * A 64-bit FNV-1a hash of a provider event id: what operators keep in state to recognise an event
 * seen before (a redelivery), instead of the id itself (CloudTrail ids are 36 characters, GCP
 * {@code insertId}s up to 80). Two of a million ids share a hash with a probability of about 3 in
 * 100 million.
 */
public final class EventIdHash {

    private EventIdHash() {}

    public static long of(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            h ^= eventId.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
