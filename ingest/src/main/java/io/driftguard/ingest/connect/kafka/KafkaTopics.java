package io.driftguard.ingest.connect.kafka;

import io.driftguard.ingest.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * DriftGuard's Kafka topics, named and sized in one place: the connectors, {@code iac-sync}, the job,
 * the demo and the tests all create and read them through this class (docs/deployment.md lists them;
 * {@code deploy/docker/create-topics.sh} creates the same plan for compose and Kubernetes).
 *
 * <p>Partition counts: the audit sources carry the volume (100,000 events/s is the job's target) and
 * are keyed by resource, so they get {@link #AUDIT_PARTITIONS}; the context sources (commits,
 * incidents, tickets, alerts, findings) are a few per minute and get {@link #CONTEXT_PARTITIONS}. A
 * key always lands on the same partition, so more partitions never break per-resource order, but
 * adding partitions later moves keys: size for the peak up front. Raw topics keep 7 days, enough to
 * re-read a week with a fixed parser; declared state and findings are compacted (latest per key).
 */
public final class KafkaTopics {

    /** Every raw topic starts with this: {@code driftguard.raw.<source>}, one native record per message. */
    public static final String RAW_PREFIX = "driftguard.raw.";
    /** Every raw topic, for the job's Kafka source. */
    public static final Pattern RAW = Pattern.compile(Pattern.quote(RAW_PREFIX) + "[a-z0-9-]+");
    /** Declared state, keyed by resource key and IaC address; compacted. */
    public static final String DESIRED_STATE = "driftguard.desired-state";
    /** Every finding update, keyed by finding id; compacted to keep the latest version. */
    public static final String FINDINGS = "driftguard.findings";
    /** Records that could not be split, decoded or parsed, with the reason. */
    public static final String DEAD_LETTERS = "driftguard.deadletter";

    public static final int AUDIT_PARTITIONS = 12;
    public static final int CONTEXT_PARTITIONS = 3;
    public static final int DEAD_LETTER_PARTITIONS = 3;
    public static final int FINDINGS_PARTITIONS = 6;
    private static final Set<String> AUDIT = Set.of(
            Sources.AWS_CLOUDTRAIL,
            Sources.AWS_EVENTBRIDGE,
            Sources.GCP_AUDIT,
            Sources.AZURE_ACTIVITY,
            Sources.K8S_AUDIT,
            Sources.RECONCILE_SCAN);
    private static final String WEEK_MS = Long.toString(7L * 24 * 3600 * 1000);

    /** One topic of the plan. */
    public record Topic(String name, int partitions, Map<String, String> configs) {}

    private KafkaTopics() {}

    /** The raw topic of a source. */
    public static String raw(String source) {
        return RAW_PREFIX + source;
    }

    /** The source of a raw topic ({@code driftguard.raw.gcp-audit} → {@code gcp-audit}). */
    public static String sourceOf(String rawTopic) {
        return rawTopic.substring(RAW_PREFIX.length());
    }

    /**
     * Every topic with its partitions and configuration.
     *
     * @param divisor 1 in production; a demo or a test on one broker divides partition counts by it
     */
    public static List<Topic> plan(int divisor) {
        List<Topic> plan = new ArrayList<>();
        for (String s : Sources.ALL) {
            int n = AUDIT.contains(s) ? AUDIT_PARTITIONS : CONTEXT_PARTITIONS;
            plan.add(new Topic(
                    raw(s),
                    Math.max(1, n / divisor),
                    Map.of(TopicConfig.RETENTION_MS_CONFIG, WEEK_MS, TopicConfig.COMPRESSION_TYPE_CONFIG, "producer")));
        }
        plan.add(new Topic(
                DEAD_LETTERS,
                Math.max(1, DEAD_LETTER_PARTITIONS / divisor),
                Map.of(TopicConfig.RETENTION_MS_CONFIG, WEEK_MS)));
        plan.add(new Topic(
                DESIRED_STATE,
                Math.max(1, AUDIT_PARTITIONS / divisor),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        plan.add(new Topic(
                FINDINGS,
                Math.max(1, FINDINGS_PARTITIONS / divisor),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        return plan;
    }

    /**
     * Creates the topics of the plan that do not exist yet.
     *
     * @return the topics created
     */
    public static List<String> ensure(String bootstrap, int divisor, short replication)
            throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (Topic t : plan(divisor)) {
                if (!existing.contains(t.name())) {
                    missing.add(new NewTopic(t.name(), t.partitions(), replication).configs(t.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }
}
