package io.driftguard.pipeline.live;

import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.connect.kafka.RawHeaders;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.ingest.iac.remote.RemoteIac;
import io.driftguard.ingest.iac.remote.RemoteStates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes declared state to the compacted {@link KafkaTopics#DESIRED_STATE} topic: reads IaC folders
 * (the replay layout's {@code iac/}) and the local copies of remote IaC ({@link RemoteIac}: Terraform
 * states in backends, CloudFormation stacks, manifests in Git), publishes every resource whose
 * declaration changed since the last pass, and a tombstone for each one that disappeared. Run it after
 * every apply, or on a schedule; the job picks changes up within seconds and resolves episodes the IaC
 * now codifies.
 */
public final class IacSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IacSync.class);

    /** Between the resource key and the IaC address in a message key ({@code aws:sg-1|aws_security_group.web}). */
    public static final char KEY_SEPARATOR = '|';

    /** The source named on the dead letters of remote IaC that was not taken, and on its metrics. */
    public static final String DEAD_LETTER_SOURCE = "iac-sync";

    /**
     * One pass of {@link #pass}.
     *
     * @param published declarations and tombstones published
     * @param changedStates remote copies refreshed (Terraform states, stacks, repositories' manifests)
     * @param rejected remote IaC rejected for the first time (now on {@code driftguard.deadletter})
     * @param problems IaC files, or parts of them, skipped
     */
    public record Pass(
            int published, int changedStates, List<RemoteIac.Rejection> rejected, List<IacProblem> problems) {}

    /**
     * Where passes are counted: declarations and tombstones published, remote IaC dead-lettered by code.
     * An interface rather than the connectors' Micrometer metrics, so this class also runs where Micrometer
     * is not (the job jar leaves it out; its tests publish declarations with this class).
     */
    public interface Counters {
        /** Counts nothing. */
        Counters NONE = new Counters() {
            @Override
            public void published(int n) {}

            @Override
            public void rejected(String code) {}
        };

        void published(int n);

        void rejected(String code);
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final Counters metrics;
    private final Map<String, String> published = new HashMap<>();

    public IacSync(String bootstrapServers) {
        this(bootstrapServers, new Properties(), Counters.NONE);
    }

    /**
     * @param security Kafka client security (TLS, SASL), see {@code KafkaClientSecurity}
     * @param metrics where declarations published and remote IaC dead-lettered are counted
     */
    public IacSync(String bootstrapServers, Properties security, Counters metrics) {
        Properties p = new Properties();
        p.putAll(security);
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.metrics = metrics;
    }

    /** One pass over local folders and the Terraform states of {@code remote} (may be null). */
    public Pass pass(List<Path> localFolders, RemoteStates remote) throws Exception {
        return pass(localFolders, remote == null ? List.<RemoteIac>of() : List.<RemoteIac>of(remote));
    }

    /**
     * One pass of {@code iac-sync}: polls every remote source, dead-letters what each rejected for the
     * first time (unreadable, or not a state, template or manifest: its last copy is kept, so its
     * declarations stay), then publishes what changed in the local folders and the remote copies.
     */
    public Pass pass(List<Path> localFolders, List<? extends RemoteIac> remotes) throws Exception {
        List<Path> folders = new ArrayList<>(localFolders);
        int changed = 0;
        List<RemoteIac.Rejection> rejected = new ArrayList<>();
        for (RemoteIac remote : remotes) {
            RemoteIac.Refresh r = remote.refresh();
            changed += r.changed();
            rejected.addAll(r.rejected());
            folders.add(remote.folder());
        }
        // All logged before any is sent: a send blocks while Kafka is unreachable.
        rejected.forEach(x -> LOG.warn("remote IaC {} rejected: {}", x.origin(), x.reason()));
        List<Future<?>> sent = new ArrayList<>();
        for (RemoteIac.Rejection x : rejected) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(RawHeaders.SOURCE, bytes(DEAD_LETTER_SOURCE));
            headers.add(RawHeaders.ORIGIN, bytes(x.origin()));
            headers.add(RawHeaders.REASON, bytes(x.code() + ": " + x.reason()));
            sent.add(producer.send(
                    new ProducerRecord<>(KafkaTopics.DEAD_LETTERS, null, null, null, x.payload(), headers)));
        }
        await(sent, "dead-lettering remote IaC");
        rejected.forEach(x -> metrics.rejected(x.code()));
        List<IacProblem> problems = new ArrayList<>();
        int published = sync(folders, problems);
        return new Pass(published, changed, rejected, problems);
    }

    /** One pass; returns how many messages were published. Problems are logged and returned. */
    public int sync(Path iacFolder, List<IacProblem> problems) throws Exception {
        return sync(List.of(iacFolder), problems);
    }

    /**
     * One pass over several IaC folders (a local one and the copies of remote states), published as
     * one: a declaration that moved from one to the other is not tombstoned.
     */
    public int sync(List<Path> iacFolders, List<IacProblem> problems) throws Exception {
        List<DesiredResource> resources = new ArrayList<>();
        for (Path folder : iacFolders) {
            IacFolderReader.Result result = new IacFolderReader().read(folder);
            problems.addAll(result.problems());
            result.problems().forEach(pr -> LOG.warn("IaC file {} skipped: {}", pr.file(), pr.reason()));
            resources.addAll(result.resources());
        }
        Map<String, String> now = new HashMap<>();
        List<Future<?>> sent = new ArrayList<>();
        for (DesiredResource d : resources) {
            String key = d.key() + KEY_SEPARATOR + d.iac().address();
            String value = Json.MAPPER.writeValueAsString(d);
            now.put(key, value);
            if (!value.equals(published.get(key))) {
                sent.add(producer.send(new ProducerRecord<>(KafkaTopics.DESIRED_STATE, bytes(key), bytes(value))));
            }
        }
        for (String gone : published.keySet()) {
            if (!now.containsKey(gone)) {
                sent.add(producer.send(new ProducerRecord<>(KafkaTopics.DESIRED_STATE, bytes(gone), null)));
            }
        }
        await(sent, "publishing declared state");
        metrics.published(sent.size());
        published.clear();
        published.putAll(now);
        return sent.size();
    }

    private static void await(List<Future<?>> sent, String what) throws InterruptedException {
        for (Future<?> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        what + " failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
