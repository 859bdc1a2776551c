package io.driftguard.ingest.connect.webhook;

import io.driftguard.ingest.Sources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration of the webhook receiver.
 *
 * <p>An endpoint is served only when its secret is configured: an endpoint that cannot verify its
 * sender would let anyone write into the raw topics. Secrets come from the environment
 * ({@link #SECRET_ENV}) or the command line, never from code.
 *
 * @param host address to bind ({@code 0.0.0.0} in a container)
 * @param port 0 picks a free port
 * @param maxBodyBytes larger bodies are refused with 413 (checked on Content-Length and while reading)
 * @param threads request-handling threads; a connection beyond {@code threads + queue} is closed at
 *     once (the sender retries), and a request not read and answered within 20 s is cut off
 *     ({@code HttpLimits}), so slow clients cannot hold the threads
 * @param queue requests waiting for a thread
 * @param ackTimeout how long a request waits for Kafka before answering 503
 * @param secrets source name → secret (HMAC key, token or bearer value)
 * @param dedupCapacity delivery ids remembered (about 24 bytes each, allocated at start)
 * @param dedupWindow how long a delivery id is remembered
 * @param maxPending deliveries read and waiting for Kafka's acknowledgement at once (their request
 *     threads are free meanwhile); a delivery beyond is answered 503 with {@code Retry-After} at once
 */
public record WebhookSettings(
        String host,
        int port,
        int maxBodyBytes,
        int threads,
        int queue,
        Duration ackTimeout,
        Map<String, byte[]> secrets,
        int dedupCapacity,
        Duration dedupWindow,
        int maxPending) {

    /** Environment variable holding each endpoint's secret. */
    public static final Map<String, String> SECRET_ENV = Map.of(
            Sources.GITHUB, "DRIFTGUARD_GITHUB_WEBHOOK_SECRET",
            Sources.GITLAB, "DRIFTGUARD_GITLAB_WEBHOOK_TOKEN",
            Sources.PAGERDUTY, "DRIFTGUARD_PAGERDUTY_WEBHOOK_SECRET",
            Sources.JIRA, "DRIFTGUARD_JIRA_WEBHOOK_SECRET",
            Sources.ALERTMANAGER, "DRIFTGUARD_ALERTMANAGER_WEBHOOK_TOKEN",
            Sources.K8S_AUDIT, "DRIFTGUARD_K8S_AUDIT_WEBHOOK_TOKEN");

    public WebhookSettings {
        secrets = Map.copyOf(secrets);
    }

    /** Defaults with the secrets found in {@code env} (pass {@code System.getenv()}). */
    public static WebhookSettings fromEnv(String host, int port, Map<String, String> env) {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        SECRET_ENV.forEach((source, var) -> {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                secrets.put(source, v.getBytes(StandardCharsets.UTF_8));
            }
        });
        return new WebhookSettings(
                host,
                port,
                5 * 1024 * 1024,
                8,
                64,
                Duration.ofSeconds(10),
                secrets,
                1_000_000,
                Duration.ofHours(24),
                4096);
    }

    public WebhookSettings withLimits(int maxBodyBytes, Duration ackTimeout) {
        return new WebhookSettings(
                host, port, maxBodyBytes, threads, queue, ackTimeout, secrets, dedupCapacity, dedupWindow, maxPending);
    }

    /** Same settings with other request threads, queue and pending limit (tests that fill them). */
    public WebhookSettings withPool(int threads, int queue, int maxPending) {
        return new WebhookSettings(
                host, port, maxBodyBytes, threads, queue, ackTimeout, secrets, dedupCapacity, dedupWindow, maxPending);
    }

    /** Same settings with these secrets (the demo's fixed ones). */
    public WebhookSettings withSecrets(Map<String, byte[]> secrets) {
        return new WebhookSettings(
                host, port, maxBodyBytes, threads, queue, ackTimeout, secrets, dedupCapacity, dedupWindow, maxPending);
    }
}
