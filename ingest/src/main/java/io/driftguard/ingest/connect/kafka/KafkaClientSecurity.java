package io.driftguard.ingest.connect.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka client security (TLS, SASL: SCRAM, OAUTHBEARER, PLAIN, AWS MSK IAM through its callback
 * handler) for every DriftGuard process that talks to Kafka: the connectors and webhook receiver,
 * {@code iac-sync} and the detection job. From the environment, in this order (later wins):
 *
 * <ol>
 *   <li>{@code DRIFTGUARD_KAFKA_PROPERTIES_FILE}: a Kafka client properties file, as Kafka's own
 *       tools take with {@code --command-config};
 *   <li>{@code DRIFTGUARD_KAFKA_SECURITY_*}, {@code DRIFTGUARD_KAFKA_SASL_*} and
 *       {@code DRIFTGUARD_KAFKA_SSL_*}: one property each, the rest of the name lower-cased with
 *       {@code _} read as {@code .} ({@code DRIFTGUARD_KAFKA_SASL_JAAS_CONFIG} is
 *       {@code sasl.jaas.config}).
 * </ol>
 *
 * Only security settings are taken: DriftGuard's own producer and consumer settings (idempotence,
 * acks, offsets) are not for a deployment to change by accident.
 */
public final class KafkaClientSecurity {

    public static final String PROPERTIES_FILE = "DRIFTGUARD_KAFKA_PROPERTIES_FILE";
    private static final String PREFIX = "DRIFTGUARD_KAFKA_";

    private KafkaClientSecurity() {}

    /** The security properties this process's environment asks for; empty for a plaintext broker. */
    public static Properties fromEnvironment() {
        return from(System.getenv());
    }

    public static Properties from(Map<String, String> env) {
        Properties out = new Properties();
        String file = env.get(PROPERTIES_FILE);
        if (file != null && !file.isBlank()) {
            Properties loaded = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                loaded.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(PROPERTIES_FILE + "=" + file + ": " + e.getMessage(), e);
            }
            for (String name : loaded.stringPropertyNames()) {
                if (isSecurity(name)) {
                    out.setProperty(name, loaded.getProperty(name).trim());
                } else {
                    throw new IllegalArgumentException(PROPERTIES_FILE + "=" + file + ": '" + name
                            + "' is not a security setting (security.protocol, sasl.*, ssl.*)");
                }
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX) || key.equals(PROPERTIES_FILE)) {
                continue;
            }
            String name =
                    key.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (isSecurity(name) && e.getValue() != null && !e.getValue().isBlank()) {
                out.setProperty(name, e.getValue().trim());
            }
        }
        return out;
    }

    /** A safe description for logs: names, never values. */
    public static String describe(Properties p) {
        if (p.isEmpty()) {
            return "plaintext";
        }
        return p.getProperty("security.protocol", "PLAINTEXT") + " "
                + p.getProperty("sasl.mechanism", "")
                + " " + new TreeMap<>(p).keySet();
    }

    private static boolean isSecurity(String name) {
        return name.equals("security.protocol") || name.startsWith("sasl.") || name.startsWith("ssl.");
    }
}
