package io.driftguard.pipeline.live;

import io.driftguard.core.store.DeadLetter;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The dead letters the connectors and webhook receivers put on {@code driftguard.deadletter} (the
 * payload as received, with source, origin and reason in headers), as rows for PostgreSQL, so the
 * dashboard's Admin page shows input rejected at the edge beside input the job rejected. The job's
 * own dead letters on that topic carry no reason header and are skipped: the job already wrote them.
 */
final class ConnectorDeadLetterDeserializer implements KafkaRecordDeserializationSchema<DeadLetter> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DeadLetter> out) {
        Header reason = record.headers().lastHeader(RawHeaders.REASON);
        if (reason == null) {
            return;
        }
        Header source = record.headers().lastHeader(RawHeaders.SOURCE);
        Header origin = record.headers().lastHeader(RawHeaders.ORIGIN);
        out.collect(DeadLetter.of(
                source == null ? "unknown" : text(source),
                origin == null ? record.topic() + "/" + record.partition() + "/" + record.offset() : text(origin),
                text(reason),
                record.value()));
    }

    private static String text(Header h) {
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<DeadLetter> getProducedType() {
        return TypeInformation.of(DeadLetter.class);
    }
}
