package io.driftguard.ingest.connect.kafka;

/**
 * Kafka header names the connectors set on every raw and dead-letter message. The job's Kafka
 * source reads them back into a {@link io.driftguard.ingest.RawRecord}.
 */
public final class RawHeaders {

    /** The input name ({@link io.driftguard.ingest.Sources}). */
    public static final String SOURCE = "driftguard-source";
    /** Where the record came from upstream: {@code s3://bucket/key#3}, a Pub/Sub message id, a delivery id. */
    public static final String ORIGIN = "driftguard-origin";
    /** The Kubernetes cluster, where the transport names it. */
    public static final String CLUSTER = "driftguard-cluster";
    /** Dead letters only: why the record could not be used, in words a person can act on. */
    public static final String REASON = "driftguard-reason";

    private RawHeaders() {}
}
