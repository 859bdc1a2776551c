package io.driftguard.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.IngestMain;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.testkit.LocalKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Load on the webhook receiver over loopback: signed GitHub deliveries at a fixed rate (open loop:
 * each request has a scheduled start, and its response time counts from there, so a receiver that
 * falls behind is not flattered by a client that waits for it), 10 % of them repeats of a delivery
 * already answered and 10 % with a bad signature. The receiver runs as the shipped command
 * ({@code IngestMain webhooks}, its default threads, queue and limits) in its own JVM against an
 * in-process Kafka broker. At the end the raw topic is read back: every accepted delivery must be
 * there exactly once, no repeat and no bad delivery at all.
 *
 * <p>{@code bench/webhook-load.sh [rate per second] [seconds] [client connections]}: defaults 2000,
 * 60, 64. Not a unit test: it needs a quiet machine for its figures to mean anything.
 */
public final class WebhookLoadBenchmark {

    static final String SECRET = "bench-webhook-secret";

    enum Kind {
        GOOD(202),
        DUPLICATE(200),
        BAD_SIGNATURE(401);

        final int expected;

        Kind(int expected) {
            this.expected = expected;
        }
    }

    /** Response times in microseconds, per kind, and statuses. */
    static final class Tally {
        final Map<Kind, Queue<Long>> micros = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final AtomicInteger unexpected = new AtomicInteger();
        final List<String> unexpectedSamples = new CopyOnWriteArrayList<>();

        void record(Kind kind, int status, long us, boolean measured) {
            statuses.computeIfAbsent(kind + " " + status, k -> new AtomicInteger())
                    .incrementAndGet();
            if (status != kind.expected) {
                unexpected.incrementAndGet();
                if (unexpectedSamples.size() < 10) {
                    unexpectedSamples.add(kind + " → " + status);
                }
            }
            if (measured) {
                micros.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(us);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int warmupSeconds = 5;
        System.out.printf(
                "webhook load: %d deliveries/s for %d s (after %d s warm-up), %d client connections, 2 cores: %s%n",
                rate, seconds, warmupSeconds, connections, Runtime.getRuntime().availableProcessors());

        try (LocalKafka kafka = LocalKafka.start()) {
            KafkaTopics.ensure(kafka.bootstrapServers(), 1, (short) 1);
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path log = Files.createTempFile("webhook-load-receiver-", ".log");
            ProcessBuilder pb = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            IngestMain.class.getName(),
                            "webhooks",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--kafka-bootstrap",
                            kafka.bootstrapServers())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("DRIFTGUARD_GITHUB_WEBHOOK_SECRET", SECRET);
            Process receiver = pb.start();
            try {
                run(kafka, port, rate, seconds, warmupSeconds, connections, receiver, log);
            } finally {
                receiver.destroy();
                if (!receiver.waitFor(10, TimeUnit.SECONDS)) {
                    receiver.destroyForcibly();
                }
            }
        }
    }

    private static void run(
            LocalKafka kafka,
            int port,
            int rate,
            int seconds,
            int warmupSeconds,
            int connections,
            Process receiver,
            Path log)
            throws Exception {
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(clientThreads)
                .build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/github");
        awaitHealthy(http, port, receiver, log);

        Tally tally = new Tally();
        Semaphore pool = new Semaphore(connections);
        List<String[]> answered = Collections.synchronizedList(new ArrayList<>()); // {delivery, body} of accepted
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        AtomicInteger inFlight = new AtomicInteger();
        SplittableRandom random = new SplittableRandom(20261205);
        AtomicLongArray counts = new AtomicLongArray(Kind.values().length);

        long total = (long) rate * (seconds + warmupSeconds);
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long measuredFrom = start + warmupSeconds * 1_000_000_000L;
        for (long i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            double dice = random.nextDouble();
            Kind kind =
                    dice < 0.1 ? Kind.BAD_SIGNATURE : dice < 0.2 && !answered.isEmpty() ? Kind.DUPLICATE : Kind.GOOD;
            String delivery;
            String body;
            if (kind == Kind.DUPLICATE) {
                String[] earlier;
                synchronized (answered) {
                    earlier = answered.get(random.nextInt(answered.size()));
                }
                delivery = earlier[0];
                body = earlier[1];
            } else {
                delivery = "bench-" + i;
                body = pushEvent(delivery, i);
            }
            String signature = kind == Kind.BAD_SIGNATURE ? sign("not-the-secret", body) : sign(SECRET, body);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", delivery)
                    .header("X-Hub-Signature-256", "sha256=" + signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            counts.incrementAndGet(kind.ordinal());
            boolean measured = due >= measuredFrom;
            pool.acquire(); // a sender's connection pool: beyond it, requests queue in the client
            inFlight.incrementAndGet();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long us = (System.nanoTime() - due) / 1000;
                int status = e != null ? -1 : r.statusCode();
                tally.record(kind, status, us, measured);
                if (kind == Kind.GOOD && status == 202) {
                    accepted.add(delivery);
                    answered.add(new String[] {delivery, body});
                } else if (kind == Kind.BAD_SIGNATURE) {
                    refused.add(delivery);
                }
                inFlight.decrementAndGet();
                pool.release();
            });
        }
        long sent = System.nanoTime();
        while (inFlight.get() > 0 && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(10);
        }
        long end = System.nanoTime();
        double elapsed = (end - start) / 1e9;
        System.out.printf(
                "sent %,d requests in %.1f s: %.0f/s offered (%,d good, %,d repeats, %,d bad signatures)%n",
                total,
                (sent - start) / 1e9,
                total / ((sent - start) / 1e9),
                counts.get(0),
                counts.get(1),
                counts.get(2));
        System.out.printf("all answered after %.1f s: %.0f/s served%n", elapsed, total / elapsed);
        System.out.println("statuses: " + new TreeMap<>(tally.statuses));
        if (tally.unexpected.get() > 0) {
            System.out.println("UNEXPECTED answers: " + tally.unexpected.get() + ", e.g. " + tally.unexpectedSamples);
        }
        List<Long> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Long> l = new ArrayList<>(tally.micros.getOrDefault(kind, new ConcurrentLinkedQueue<>()));
            all.addAll(l);
            System.out.println(percentiles(kind.name().toLowerCase().replace('_', ' '), l));
        }
        System.out.println(percentiles("all", all));

        // Kafka: every accepted delivery exactly once; no repeat, no bad one.
        String topic = KafkaTopics.raw(Sources.GITHUB);
        List<ConsumerRecord<byte[], byte[]>> records =
                kafka.read(topic, r -> true, accepted.size(), Duration.ofSeconds(120));
        Map<String, Integer> perDelivery = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode v = Json.MAPPER.readTree(r.value());
            perDelivery.merge(v.path("delivery").asText(), 1, Integer::sum);
        }
        long twice = perDelivery.values().stream().filter(n -> n > 1).count();
        long missing =
                accepted.stream().filter(d -> !perDelivery.containsKey(d)).count();
        long bad = refused.stream().filter(perDelivery::containsKey).count();
        long unaccounted =
                perDelivery.keySet().stream().filter(d -> !accepted.contains(d)).count();
        System.out.printf(
                "kafka %s: %,d records for %,d accepted deliveries; published twice: %d, missing: %d,"
                        + " bad signatures published: %d, published but not answered 202: %d%n",
                topic, records.size(), accepted.size(), twice, missing, bad, unaccounted);
        System.out.println("machine load (1/5/15 min): "
                + Files.readString(Path.of("/proc/loadavg")).trim());
        boolean ok = tally.unexpected.get() == 0 && twice == 0 && missing == 0 && bad == 0 && unaccounted == 0;
        System.out.println(ok ? "RESULT: every good delivery exactly once, every bad one refused" : "RESULT: FAILED");
        clientThreads.shutdownNow();
        if (!ok) {
            System.exit(1);
        }
    }

    private static String percentiles(String label, List<Long> samples) {
        if (samples.isEmpty()) {
            return String.format("%-14s no samples", label);
        }
        long[] v = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return String.format(
                "%-14s n=%,7d  p50 %6.1f ms  p90 %6.1f ms  p99 %7.1f ms  max %7.1f ms",
                label,
                v.length,
                v[(int) (v.length * 0.50)] / 1000.0,
                v[(int) (v.length * 0.90)] / 1000.0,
                v[Math.min(v.length - 1, (int) (v.length * 0.99))] / 1000.0,
                v[v.length - 1] / 1000.0);
    }

    private static void awaitHealthy(HttpClient http, int port, Process receiver, Path log) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!receiver.isAlive()) {
                throw new IllegalStateException("the receiver exited:\n" + Files.readString(log));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the receiver did not become healthy:\n" + Files.readString(log));
    }

    /** A GitHub push event of realistic size (about 1.5 KB). */
    static String pushEvent(String delivery, long i) {
        String sha = HexFormat.of().formatHex(Long.toString(i * 7919 + 17).getBytes(StandardCharsets.UTF_8));
        return """
            {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"%1$s",
             "repository":{"id":123456,"name":"infra","full_name":"acme/infra","private":true,
               "owner":{"name":"acme","login":"acme"},"html_url":"https://github.com/acme/infra",
               "default_branch":"main"},
             "pusher":{"name":"jane","email":"jane@example.com"},
             "sender":{"login":"jane","id":42,"type":"User"},
             "head_commit":{"id":"%1$s","message":"terraform: widen web ingress for %2$s","timestamp":"2026-12-05T08:00:00Z",
               "author":{"name":"Jane Doe","email":"jane@example.com","username":"jane"},
               "added":[],"removed":[],"modified":["terraform/aws-prod/web/main.tf"]},
             "commits":[{"id":"%1$s","message":"terraform: widen web ingress for %2$s","timestamp":"2026-12-05T08:00:00Z",
               "author":{"name":"Jane Doe","email":"jane@example.com","username":"jane"},
               "added":[],"removed":[],"modified":["terraform/aws-prod/web/main.tf"]}]}
            """.formatted(sha, delivery);
    }

    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private WebhookLoadBenchmark() {}
}
