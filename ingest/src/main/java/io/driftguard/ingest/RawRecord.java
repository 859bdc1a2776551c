package io.driftguard.ingest;

/**
 * One native provider record, untouched, with where it came from.
 *
 * <p>This is what the raw Kafka topics carry (one record per message) and what replay reads from
 * files. Parsing happens in the job, so a fixed parser can re-read history.
 *
 * @param source the input name ({@link Sources}): aws-cloudtrail, gcp-audit, github, ...
 * @param origin where the record sits, for dead letters: {@code topic/partition/offset}, or
 *     {@code file#index} / {@code file:line}
 * @param payload the record's bytes (UTF-8 JSON)
 * @param cluster the Kubernetes cluster the record belongs to, where the transport names it (the
 *     replay folder {@code events/k8s-audit/<cluster>/}, a Kafka header); null otherwise
 * @param reduced the record's reduced tree when the replay source made it while splitting the file
 *     ({@link ReadScan.Reduced}); null otherwise (Kafka, JSON lines, tests). Never serialized in
 *     practice: the replay source is chained to the parse operator.
 */
public record RawRecord(String source, String origin, byte[] payload, String cluster, ReadScan.Reduced reduced) {

    public RawRecord(String source, String origin, byte[] payload, String cluster) {
        this(source, origin, payload, cluster, null);
    }
}
