package io.driftguard.pipeline.live;

import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declared state published by {@code driftguard iac-sync}. Tombstones (compaction deletes) are
 * skipped; a message that is not a declaration is logged and skipped, since only our own tool
 * writes this topic.
 */
public final class DesiredStateDeserializer implements KafkaRecordDeserializationSchema<DesiredResource> {

    private static final Logger LOG = LoggerFactory.getLogger(DesiredStateDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DesiredResource> out) {
        if (record.value() == null) {
            return;
        }
        try {
            out.collect(Json.MAPPER.readValue(record.value(), DesiredResource.class));
        } catch (IOException e) {
            LOG.warn(
                    "skipping {}/{}/{}: not a declared resource: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<DesiredResource> getProducedType() {
        return TypeInformation.of(DesiredResource.class);
    }
}
