package io.driftguard.ingest.connect;

import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.testkit.LocalKafka;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Selecting the connectors' raw records by their headers. */
public final class RawRecords {

    private RawRecords() {}

    /** Records whose origin header contains {@code part} (a bucket, a hub, a delivery id). */
    public static Predicate<ConsumerRecord<byte[], byte[]>> originContains(String part) {
        return r -> {
            String o = LocalKafka.header(r, RawHeaders.ORIGIN);
            return o != null && o.contains(part);
        };
    }
}
