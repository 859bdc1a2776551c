package io.driftguard.pipeline.live;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.EventCodec;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.store.Database;
import io.driftguard.core.store.DeadLetter;
import io.driftguard.core.store.DeadLetterStore;
import io.driftguard.core.store.FindingStore;
import io.driftguard.core.store.ModelStore;
import io.driftguard.core.store.ShadowPrediction;
import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.judge.registry.DatabaseModelSource;
import io.driftguard.pipeline.DriftGuardJob;
import io.driftguard.pipeline.JobSettings;
import io.driftguard.pipeline.correlation.ContextCorrelationFunction;
import io.driftguard.pipeline.sink.JdbcBatchSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the topology to Kafka and PostgreSQL for live mode: raw topics and the declared-state topic
 * in; findings to PostgreSQL and the findings topic, dead letters to PostgreSQL and their topic.
 * The judge follows the model registry's table ({@code model_versions}) for the live model and a
 * shadow candidate, whose causes go to {@code model_shadow_predictions}.
 * Checkpoints carry Kafka offsets and keyed state; the PostgreSQL sinks are idempotent, so a restart
 * repeats writes without duplicating findings, and the findings topic is transactional (exactly once
 * for {@code read_committed} readers). docs/reliability.md says what each path guarantees.
 */
public final class LiveJob {

    /** How long a findings transaction may stay open (one checkpoint interval plus any restart). */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Connection settings for one deployment.
     *
     * @param kafkaSecurity Kafka client security (TLS, SASL) for every source and sink of the job,
     *     carried in the job graph to the task managers (KafkaClientSecurity reads it at submission)
     * @param kafkaTransactionTimeout the findings topic's transaction timeout ({@code transaction.timeout.ms}):
     *     longer than the checkpoint interval plus the longest restart, and at most the brokers'
     *     {@code transaction.max.timeout.ms} (15 minutes by default)
     */
    public record Connections(
            String bootstrapServers,
            String groupId,
            Database database,
            Properties kafkaSecurity,
            Duration kafkaTransactionTimeout) {

        public Connections {
            kafkaSecurity = kafkaSecurity == null ? new Properties() : kafkaSecurity;
            kafkaTransactionTimeout =
                    kafkaTransactionTimeout == null ? DEFAULT_TRANSACTION_TIMEOUT : kafkaTransactionTimeout;
        }

        public Connections(String bootstrapServers, String groupId, Database database, Properties kafkaSecurity) {
            this(bootstrapServers, groupId, database, kafkaSecurity, null);
        }

        /** A plaintext Kafka. */
        public Connections(String bootstrapServers, String groupId, Database database) {
            this(bootstrapServers, groupId, database, new Properties());
        }

        /** The findings sink's transactional ids start with this: one job per consumer group. */
        public String transactionalIdPrefix() {
            return "driftguard-findings-" + groupId;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveJob.class);

    private LiveJob() {}

    public static void build(StreamExecutionEnvironment env, Connections c, JobSettings settings) {
        c.database().migrate();
        KafkaSource<RawRecord> raw = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setTopicPattern(KafkaTopics.RAW)
                .setGroupId(c.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(c.kafkaSecurity())
                .setProperty("partition.discovery.interval.ms", "30000")
                .build();
        // Declared state is re-read from the start of the compacted topic, so every task has it.
        KafkaSource<DesiredResource> desired = KafkaSource.<DesiredResource>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setTopics(KafkaTopics.DESIRED_STATE)
                .setGroupId(c.groupId() + "-desired")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new DesiredStateDeserializer())
                .setProperties(c.kafkaSecurity())
                .build();
        DriftGuardJob.build(
                env,
                new DriftGuardJob.Inputs(raw, desired, c.database()),
                new DriftGuardJob.Outputs(
                        findingSinks(c, exactlyOnce(env)), deadLetterSinks(c), List.of(), false, shadowSinks(c)),
                settings.models() == null ? settings.withModels(new DatabaseModelSource(c.database())) : settings);
        connectorDeadLetters(env, c);
    }

    /**
     * Input the connectors and webhook receivers rejected reaches Kafka only; this copies it into
     * PostgreSQL's {@code dead_letters}, where the dashboard's Admin page and its gauge read.
     */
    static void connectorDeadLetters(StreamExecutionEnvironment env, Connections c) {
        KafkaSource<DeadLetter> rejected = KafkaSource.<DeadLetter>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setTopics(KafkaTopics.DEAD_LETTERS)
                .setGroupId(c.groupId() + "-deadletters")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ConnectorDeadLetterDeserializer())
                .setProperties(c.kafkaSecurity())
                .build();
        env.fromSource(rejected, WatermarkStrategy.noWatermarks(), "connector dead letters")
                .uid("connector-dead-letters-source")
                .sinkTo(deadLetterPostgres(c))
                .uid("connector-dead-letters-postgres")
                .name("connector dead letters → PostgreSQL");
    }

    /**
     * The findings topic is written in Kafka transactions committed with each checkpoint, so it needs
     * checkpoints: without them (a local run without an interval) it is written at least once instead.
     */
    static boolean exactlyOnce(StreamExecutionEnvironment env) {
        if (env.getCheckpointConfig().isCheckpointingEnabled()) {
            return true;
        }
        LOG.warn("checkpointing is off: the findings topic is written at least once, not exactly once");
        return false;
    }

    /**
     * PostgreSQL (idempotent upserts, every version kept once in {@code finding_versions}) and the
     * findings topic: exactly once when {@code exactlyOnce}, in transactions committed when a checkpoint
     * completes (a reader with {@code isolation.level=read_committed} sees each version once, a
     * checkpoint interval later); at least once otherwise.
     */
    static List<Sink<Finding>> findingSinks(Connections c, boolean exactlyOnce) {
        // Keyed by finding id and version: a batch collapses only a version written twice, so every version
        // reaches finding_versions (the history the notifier and analysts read). A change's own judgement
        // (the first of its episode version) is written ahead of re-judgements.
        Sink<Finding> postgres = new JdbcBatchSink<Finding>(
                c.database(),
                f -> f.findingId() + "#" + f.version(),
                (conn, batch) -> new FindingStore(conn).upsert(batch),
                JdbcBatchSink.Codec.finding(),
                ContextCorrelationFunction::firstJudgement);
        Properties producer = producerProperties(c);
        producer.setProperty(
                "transaction.timeout.ms",
                Long.toString(c.kafkaTransactionTimeout().toMillis()));
        KafkaSink<Finding> kafka = KafkaSink.<Finding>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(c.transactionalIdPrefix())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer((KafkaRecordSerializationSchema<Finding>) (f, ctx, ts) -> new ProducerRecord<>(
                        KafkaTopics.FINDINGS, f.findingId().getBytes(StandardCharsets.UTF_8), EventCodec.encode(f)))
                .build();
        return List.of(postgres, kafka);
    }

    /** The candidate model's causes to {@code model_shadow_predictions}; a replayed batch rewrites its rows. */
    static List<Sink<ShadowPrediction>> shadowSinks(Connections c) {
        return List.of(new JdbcBatchSink<ShadowPrediction>(
                c.database(),
                ShadowPrediction::key,
                ModelStore::upsertShadow,
                JdbcBatchSink.Codec.json(ShadowPrediction.class)));
    }

    /** Dead letters to {@code dead_letters}; while they wait, a repeat of a source and origin replaces the one waiting. */
    private static JdbcBatchSink<DeadLetter> deadLetterPostgres(Connections c) {
        return new JdbcBatchSink<>(
                c.database(),
                d -> d.source() + "|" + d.origin(),
                DeadLetterStore::insert,
                JdbcBatchSink.Codec.json(DeadLetter.class));
    }

    static List<Sink<DeadLetter>> deadLetterSinks(Connections c) {
        Sink<DeadLetter> postgres = deadLetterPostgres(c);
        KafkaSink<DeadLetter> kafka = KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(producerProperties(c))
                .setRecordSerializer((KafkaRecordSerializationSchema<DeadLetter>) (d, ctx, ts) -> {
                    try {
                        return new ProducerRecord<>(
                                KafkaTopics.DEAD_LETTERS,
                                d.origin().getBytes(StandardCharsets.UTF_8),
                                Json.MAPPER.writeValueAsBytes(d));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .build();
        return List.of(postgres, kafka);
    }

    private static Properties producerProperties(Connections c) {
        Properties p = new Properties();
        p.putAll(c.kafkaSecurity());
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        p.setProperty("linger.ms", "5");
        return p;
    }
}
