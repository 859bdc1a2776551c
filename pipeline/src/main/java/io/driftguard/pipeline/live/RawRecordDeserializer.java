package io.driftguard.pipeline.live;

import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A raw Kafka message as a {@link RawRecord}: the source from the topic name, the origin as
 * {@code topic/partition/offset}, the payload untouched. Never fails: parsing happens downstream,
 * where a bad record becomes a dead letter.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        Header cluster = record.headers().lastHeader(RawHeaders.CLUSTER);
        out.collect(new RawRecord(
                KafkaTopics.sourceOf(record.topic()),
                record.topic() + "/" + record.partition() + "/" + record.offset(),
                record.value() == null ? new byte[0] : record.value(),
                cluster == null ? null : new String(cluster.value(), StandardCharsets.UTF_8)));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
