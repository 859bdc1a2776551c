package io.driftguard.pipeline.live;

import io.driftguard.ingest.Sources;
import java.util.regex.Pattern;

/** The Kafka topics the job reads and writes (documented in docs/deployment.md). */
public final class Topics {

    /** Every raw topic: {@code driftguard.raw.<source>}, one native record per message. */
    public static final Pattern RAW = Pattern.compile(Pattern.quote(Sources.rawTopic("")) + "[a-z0-9-]+");
    /** Declared state, keyed by resource key and IaC address; compacted. */
    public static final String DESIRED_STATE = "driftguard.desired-state";
    /** Every finding update, keyed by finding id; compact it to keep the latest version. */
    public static final String FINDINGS = "driftguard.findings";
    /** Records the job could not use, with the reason in the value. */
    public static final String DEAD_LETTERS = "driftguard.deadletter";
    /** Header naming the Kubernetes cluster of a raw record (set by the ingest connectors). */
    public static final String CLUSTER_HEADER = "driftguard-cluster";

    private Topics() {}

    /** The source of a raw topic ({@code driftguard.raw.gcp-audit} → {@code gcp-audit}). */
    public static String sourceOf(String topic) {
        return topic.substring(Sources.rawTopic("").length());
    }
}
