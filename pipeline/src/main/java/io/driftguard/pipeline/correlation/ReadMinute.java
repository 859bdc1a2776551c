package io.driftguard.pipeline.correlation;

import java.util.HashMap;

/** Reads by one actor during one minute, per resource ({@code r|key}) and per API scope ({@code s|scope}). */
public final class ReadMinute {
    public HashMap<String, ReadBucket> counts = new HashMap<>();

    public ReadMinute() {}
}
