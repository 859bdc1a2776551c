package io.driftguard.ingest.connect.kafka;

import io.driftguard.ingest.Sources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the raw and dead-letter topics (demo, tests, first installation).
 *
 * <p>Partition counts: the audit sources carry the volume (100,000 events/s is the job's target) and
 * are keyed by resource, so they get {@link #AUDIT_PARTITIONS}; the context sources (commits,
 * incidents, tickets, alerts, findings) are a few per minute and get {@link #CONTEXT_PARTITIONS}. A
 * key always lands on the same partition, so more partitions never break per-resource order, but
 * adding partitions later moves keys: size for the peak up front. Retention is 7 days, enough to
 * re-read a week with a fixed parser.
 */
public final class RawTopics {

    public static final int AUDIT_PARTITIONS = 12;
    public static final int CONTEXT_PARTITIONS = 3;
    public static final int DEAD_LETTER_PARTITIONS = 3;
    private static final Set<String> AUDIT = Set.of(Sources.AWS_CLOUDTRAIL, Sources.AWS_EVENTBRIDGE,
            Sources.GCP_AUDIT, Sources.AZURE_ACTIVITY, Sources.K8S_AUDIT);

    /** Topic name → partitions, for every source and the dead-letter topic, scaled by {@code divisor}. */
    public static Map<String, Integer> plan(int divisor) {
        Map<String, Integer> plan = new LinkedHashMap<>();
        for (String s : Sources.ALL) {
            int n = AUDIT.contains(s) ? AUDIT_PARTITIONS : CONTEXT_PARTITIONS;
            plan.put(Sources.rawTopic(s), Math.max(1, n / divisor));
        }
        plan.put(RawHeaders.DEAD_LETTER_TOPIC, Math.max(1, DEAD_LETTER_PARTITIONS / divisor));
        return plan;
    }

    /**
     * Creates the topics that do not exist yet.
     *
     * @param divisor 1 in production; a demo on one broker may use 12 to get one partition each
     * @return the topics created
     */
    public static List<String> ensure(String bootstrap, int divisor, short replication)
            throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            plan(divisor).forEach((topic, partitions) -> {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replication).configs(Map.of(
                            TopicConfig.RETENTION_MS_CONFIG, Long.toString(7L * 24 * 3600 * 1000),
                            TopicConfig.COMPRESSION_TYPE_CONFIG, "producer")));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }

    private RawTopics() {}
}
