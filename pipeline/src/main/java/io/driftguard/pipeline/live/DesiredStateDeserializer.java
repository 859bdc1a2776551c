package io.driftguard.pipeline.live;

import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declared state published by {@code driftguard iac-sync}. A tombstone (a declaration the IaC no
 * longer has) becomes a {@linkplain DesiredResource#removal removal} of that declaration; a message that is not a declaration is logged and skipped, since only our own tool
 * writes this topic.
 */
public final class DesiredStateDeserializer implements KafkaRecordDeserializationSchema<DesiredResource> {

    private static final Logger LOG = LoggerFactory.getLogger(DesiredStateDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DesiredResource> out) {
        if (record.value() == null) {
            removal(record).ifPresent(out::collect);
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

    /**
     * A tombstone: {@code iac-sync} no longer finds the declaration keyed {@code <resource key>|<IaC
     * address>}. The episode operator resolves what it kept open for it.
     */
    static Optional<DesiredResource> removal(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return Optional.empty();
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        int bar = key.indexOf(IacSync.KEY_SEPARATOR);
        if (bar <= 0 || bar == key.length() - 1) {
            LOG.warn(
                    "skipping tombstone {}/{}/{}: key '{}' is not <resource key>|<IaC address>",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    key);
            return Optional.empty();
        }
        return Optional.of(DesiredResource.removal(key.substring(0, bar), key.substring(bar + 1)));
    }

    @Override
    public TypeInformation<DesiredResource> getProducedType() {
        return TypeInformation.of(DesiredResource.class);
    }
}
