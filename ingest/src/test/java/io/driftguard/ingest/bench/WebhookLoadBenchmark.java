package io.driftguard.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.IngestMain;
import io.driftguard.ingest.Sources;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.testkit.LocalKafka;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;
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
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            // e.g. a flight recording of the receiver: BENCH_RECEIVER_JAVA_OPTS=-XX:StartFlightRecording=filename=r.jfr
            String receiverOptions = System.getenv().getOrDefault("BENCH_RECEIVER_JAVA_OPTS", "");
            command.addAll(Arrays.stream(receiverOptions.trim().split("\\s+"))
                    .filter(o -> !o.isEmpty())
                    .toList());
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    IngestMain.class.getName(),
                    "webhooks",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--kafka-bootstrap",
                    kafka.bootstrapServers()));
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DRIFTGUARD_GITHUB_WEBHOOK_SECRET", SECRET);
            Process receiver = pb.start();
            // a benchmark stopped with ^C or kill must not leave its receiver running
            Thread stopReceiver = new Thread(receiver::destroyForcibly, "stop-receiver");
            Runtime.getRuntime().addShutdownHook(stopReceiver);
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

    /** One request: planned by the pacing thread, sent and timed by a connection thread. */
    record Planned(long index, Kind kind, String delivery, byte[] request, long due, boolean measured) {}

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
        awaitHealthy(port, receiver, log);

        Tally tally = new Tally();
        Accepted accepted = new Accepted();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        BlockingQueue<Planned> queue = new LinkedBlockingQueue<>();
        AtomicLong outstanding = new AtomicLong();
        SplittableRandom random = new SplittableRandom(20261205);
        AtomicLongArray counts = new AtomicLongArray(Kind.values().length);
        Requests requests = new Requests(port);

        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(
                    new Connection(port, queue, (planned, status) -> {
                        long us = (System.nanoTime() - planned.due()) / 1000;
                        tally.record(planned.kind(), status, us, planned.measured());
                        if (planned.kind() == Kind.GOOD && status == 202) {
                            accepted.add(planned.delivery(), planned.index());
                        } else if (planned.kind() == Kind.BAD_SIGNATURE) {
                            refused.add(planned.delivery());
                        }
                        outstanding.decrementAndGet();
                    }),
                    "bench-connection-" + c);
            t.setDaemon(true);
            t.start();
            senders.add(t);
        }

        Duration receiverCpu0 = cpu(receiver.toHandle());
        Duration ownCpu0 = cpu(ProcessHandle.current());
        double machineCpu0 = machineBusySeconds();
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
                    dice < 0.1 ? Kind.BAD_SIGNATURE : dice < 0.2 && accepted.size() > 0 ? Kind.DUPLICATE : Kind.GOOD;
            long index = kind == Kind.DUPLICATE ? accepted.pick(random) : i;
            String delivery = "bench-" + index;
            byte[] request = requests.push(delivery, index, kind == Kind.BAD_SIGNATURE);
            counts.incrementAndGet(kind.ordinal());
            outstanding.incrementAndGet();
            // beyond the connections, a request waits in the client, and that wait counts in its time
            queue.add(new Planned(index, kind, delivery, request, due, due >= measuredFrom));
        }
        long sent = System.nanoTime();
        while (outstanding.get() > 0 && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(120)) {
            Thread.sleep(10);
        }
        long end = System.nanoTime();
        double receiverCpu = seconds(cpu(receiver.toHandle()).minus(receiverCpu0));
        double ownCpu = seconds(cpu(ProcessHandle.current()).minus(ownCpu0));
        double machineCpu = machineBusySeconds() - machineCpu0;
        senders.forEach(Thread::interrupt);
        double elapsed = (end - start) / 1e9;
        System.out.printf(
                "sent %,d requests in %.1f s: %.0f/s offered (%,d good, %,d repeats, %,d bad signatures)%n",
                total,
                (sent - start) / 1e9,
                total / ((sent - start) / 1e9),
                counts.get(0),
                counts.get(1),
                counts.get(2));
        System.out.printf(
                "all answered after %.1f s: %.0f/s served%s%n",
                elapsed, total / elapsed, outstanding.get() > 0 ? " (" + outstanding.get() + " NOT answered)" : "");
        System.out.printf(
                "CPU while sending and answering (%.1f s, %d cores): receiver %.1f s (%.0f µs per request),"
                        + " benchmark JVM (client and broker) %.1f s (%.0f µs per request), other processes %.1f s%n",
                elapsed,
                Runtime.getRuntime().availableProcessors(),
                receiverCpu,
                receiverCpu * 1e6 / total,
                ownCpu,
                ownCpu * 1e6 / total,
                machineCpu - receiverCpu - ownCpu);
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
        Set<String> acceptedIds = accepted.deliveries();
        String topic = KafkaTopics.raw(Sources.GITHUB);
        List<ConsumerRecord<byte[], byte[]>> records =
                kafka.read(topic, r -> true, acceptedIds.size(), Duration.ofSeconds(120));
        Map<String, Integer> perDelivery = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode v = Json.MAPPER.readTree(r.value());
            perDelivery.merge(v.path("delivery").asText(), 1, Integer::sum);
        }
        long twice = perDelivery.values().stream().filter(n -> n > 1).count();
        long missing =
                acceptedIds.stream().filter(d -> !perDelivery.containsKey(d)).count();
        long bad = refused.stream().filter(perDelivery::containsKey).count();
        long unaccounted = perDelivery.keySet().stream()
                .filter(d -> !acceptedIds.contains(d))
                .count();
        System.out.printf(
                "kafka %s: %,d records for %,d accepted deliveries; published twice: %d, missing: %d,"
                        + " bad signatures published: %d, published but not answered 202: %d%n",
                topic, records.size(), acceptedIds.size(), twice, missing, bad, unaccounted);
        System.out.println("machine load (1/5/15 min): "
                + Files.readString(Path.of("/proc/loadavg")).trim());
        boolean ok = tally.unexpected.get() == 0
                && outstanding.get() == 0
                && twice == 0
                && missing == 0
                && bad == 0
                && unaccounted == 0;
        System.out.println(ok ? "RESULT: every good delivery exactly once, every bad one refused" : "RESULT: FAILED");
        if (!ok) {
            System.exit(1);
        }
    }

    /** Deliveries answered 202, by index, so that a repeat can pick any of them. */
    static final class Accepted {
        private long[] indexes = new long[1024];
        private int size;
        private final Set<String> deliveries = ConcurrentHashMap.newKeySet();

        synchronized void add(String delivery, long index) {
            if (size == indexes.length) {
                indexes = Arrays.copyOf(indexes, size * 2);
            }
            indexes[size++] = index;
            deliveries.add(delivery);
        }

        synchronized int size() {
            return size;
        }

        synchronized long pick(SplittableRandom random) {
            return indexes[random.nextInt(size)];
        }

        Set<String> deliveries() {
            return deliveries;
        }
    }

    /**
     * Builds the bytes of a signed request. The client is lean on purpose: a JDK {@code HttpClient}
     * with its futures and selector spent more CPU than the receiver it measured, on the same two
     * cores, so the benchmark measured its own client (profiled: about 1.2 ms of CPU per request in the
     * benchmark's JVM, broker included, against 0.45 ms in the receiver).
     */
    static final class Requests {
        private final String host;
        private final Mac good;
        private final Mac bad;

        Requests(int port) throws Exception {
            this.host = "127.0.0.1:" + port;
            this.good = mac(SECRET);
            this.bad = mac("not-the-secret");
        }

        byte[] push(String delivery, long index, boolean badSignature) {
            byte[] body = pushEvent(delivery, index).getBytes(StandardCharsets.UTF_8);
            String signature = HexFormat.of().formatHex((badSignature ? bad : good).doFinal(body));
            byte[] head = ("POST /webhooks/github HTTP/1.1\r\n"
                            + "Host: " + host + "\r\n"
                            + "Content-Type: application/json\r\n"
                            + "X-GitHub-Event: push\r\n"
                            + "X-GitHub-Delivery: " + delivery + "\r\n"
                            + "X-Hub-Signature-256: sha256=" + signature + "\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            return request;
        }

        private static Mac mac(String secret) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        }
    }

    /**
     * One keep-alive HTTP/1.1 connection of the sender's pool, on its own thread: takes the next
     * planned request, writes it, reads the status and the body the server announced. A connection the
     * server closed is opened again; the request on it counts as failed (status -1), not retried.
     */
    static final class Connection implements Runnable {
        private final int port;
        private final BlockingQueue<Planned> queue;
        private final BiConsumer<Planned, Integer> done;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(int port, BlockingQueue<Planned> queue, BiConsumer<Planned, Integer> done) {
            this.port = port;
            this.queue = queue;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Planned p = queue.take();
                    int status;
                    try {
                        status = exchange(p.request());
                    } catch (IOException e) {
                        closeQuietly();
                        status = -1;
                    }
                    done.accept(p, status);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly();
            }
        }

        private int exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream(), 8192);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = 0;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                }
            }
            in.skipNBytes(length); // EOFException if the body is cut short
            if (close) {
                closeQuietly();
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException("connection closed by the receiver");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        private void closeQuietly() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** CPU time the whole machine spent busy (every process), from /proc/stat; 0 where there is none. */
    private static double machineBusySeconds() throws IOException {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return 0;
        }
        String[] f = Files.readAllLines(stat).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(f[i]);
            }
        }
        return busy / 100.0; // USER_HZ, 100 on Linux
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

    private static void awaitHealthy(int port, Process receiver, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
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

    private WebhookLoadBenchmark() {}
}
