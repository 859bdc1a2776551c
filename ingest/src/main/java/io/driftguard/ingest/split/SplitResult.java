package io.driftguard.ingest.split;

import java.util.List;

/** Everything an {@link EnvelopeSplitter} found in one input, for callers that want lists. */
public record SplitResult(List<SplitRecord> records, List<Rejection> rejections, Shape shape) {

    /** The first problem with the input itself (malformed JSON, bad gzip, a read error), or null. */
    public Rejection failure() {
        for (Rejection r : rejections) {
            if (r.aboutInput()) {
                return r;
            }
        }
        return null;
    }
}
