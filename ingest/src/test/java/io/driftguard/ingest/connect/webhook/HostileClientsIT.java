package io.driftguard.ingest.connect.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.testkit.Samples;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile HTTP clients against the webhook receiver, running in its own JVM as it does in production
 * (two request threads, a queue of two, and the request time limit at 5 s instead of the shipped 20 s
 * so the test is quick): slow clients that never finish their headers or their body do not stop it
 * from serving a signed delivery and are cut off by the limit; oversized bodies, also chunked ones,
 * get 413; bad signatures 401; a wrong content type never a 500.
 */
class HostileClientsIT {

    private static final int LIMIT_SECONDS = 5;

    static Process receiver;
    static int port;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        receiver = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-Dsun.net.httpserver.maxReqTime=" + LIMIT_SECONDS,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReceiverMain.class.getName())
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("port ")) {
                port = Integer.parseInt(line.substring(5).trim());
                break;
            }
            seen.append(line).append('\n');
        }
        assertThat(port).as("the receiver's output:\n" + seen).isPositive();
        Thread drain = new Thread(() -> {
            try (java.io.Writer log =
                    java.nio.file.Files.newBufferedWriter(Path.of("target", "hostile-receiver.log"))) {
                out.transferTo(log);
            } catch (IOException e) {
                // the receiver stopped
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiver != null) {
            receiver.getOutputStream().close();
            if (!receiver.waitFor(20, TimeUnit.SECONDS)) {
                receiver.destroyForcibly();
            }
        }
    }

    @Test
    void slowClientsDoNotStopASignedDeliveryAndAreCutOffByTheTimeLimit() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket("127.0.0.1", port);
                OutputStream o = s.getOutputStream();
                if (i % 2 == 0) {
                    // slowloris: headers begun, never finished
                    o.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: push\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } else {
                    // a body announced and never sent
                    o.write(("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n"
                                    + "Content-Type: application/json\r\n\r\n{\"ref\":")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                o.flush();
                slow.add(s);
            }
            long started = System.nanoTime();
            int status = signedDeliveryRetryingOnConnectionErrors(Duration.ofSeconds(4L * LIMIT_SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("signed delivery under 40 slow connections: %d after %d ms%n", status, millis);
            assertThat(status).isEqualTo(202);
            assertThat(millis).isLessThan(3L * LIMIT_SECONDS * 1000);

            // every slow connection is closed by the server by the time limit (plus its timer's tick)
            for (Socket s : slow) {
                s.setSoTimeout((LIMIT_SECONDS + 5) * 1000);
                assertThat(closedByServer(s.getInputStream()))
                        .as("the server closed the slow connection")
                        .isTrue();
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        assertThat(get("/healthz")).isEqualTo(200);
    }

    @Test
    void oversizedBodiesAre413AlsoWhenChunked() throws Exception {
        byte[] big = new byte[200 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThat(post("/webhooks/github", HttpRequest.BodyPublishers.ofByteArray(big), "application/json"))
                .isEqualTo(413);
        // no Content-Length: the body arrives chunked and is counted while it is read
        HttpRequest.BodyPublisher chunked =
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big));
        assertThat(post("/webhooks/github", chunked, "application/json")).isEqualTo(413);
    }

    @Test
    void badSignaturesAndWrongContentTypesGetTheirAnswerNeverA500() throws Exception {
        byte[] body = Samples.bytes("git-webhook/github-push-payload.json");
        for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x", "")) {
            assertThat(post("/webhooks/github", HttpRequest.BodyPublishers.ofByteArray(body), type))
                    .as("unsigned, " + type)
                    .isEqualTo(401);
        }
        // signed, but form-encoded without a payload field (or with a malformed escape, which made the
        // receiver drop the connection before), or XML: not a usable push (400), never 500
        for (String[] c : new String[][] {
            {"application/x-www-form-urlencoded", "a=b&c=%ZZ"},
            {"application/xml", "<push/>"},
            {"application/x-www-form-urlencoded", "payload=%7B%22ref%22%3A"}
        }) {
            byte[] b = c[1].getBytes(StandardCharsets.UTF_8);
            int status = send(HttpRequest.newBuilder(uri("/webhooks/github"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(b))
                    .header("Content-Type", c[0])
                    .header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", "sha256=" + hmac(b)));
            assertThat(status).as(c[0] + " " + c[1]).isIn(400, 202);
        }
        // a malformed query string before any signature check
        assertThat(rawStatus("POST /webhooks/jira?secret=%ZZ&x=% HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                        + "Connection: close\r\n\r\n{}"))
                .as("the server refuses the malformed URI (400) or the missing signature (401)")
                .isIn(400, 401);
        assertThat(send(HttpRequest.newBuilder(uri("/webhooks/github"))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("X-Hub-Signature-256", "sha256=" + hmac(body))))
                .isEqualTo(405);
    }

    private static int signedDeliveryRetryingOnConnectionErrors(Duration within) throws Exception {
        byte[] body = Samples.bytes("git-webhook/github-push-payload.json");
        String delivery = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + within.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return send(HttpRequest.newBuilder(uri("/webhooks/github"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .timeout(Duration.ofSeconds(3L * LIMIT_SECONDS))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push")
                        .header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", "sha256=" + hmac(body)));
            } catch (IOException e) {
                last = e; // refused while full: a webhook sender retries
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no answer within " + within, last);
    }

    /** Sends a request as written (no client library would send a malformed URI) and reads its status. */
    private static int rawStatus(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            assertThat(status).as("status line").isNotNull().startsWith("HTTP/1.1 ");
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            byte[] buf = new byte[4096];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static String hmac(byte[] body) {
        return Signatures.hex(Signatures.hmacSha256("gh-secret".getBytes(StandardCharsets.UTF_8), body));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int post(String path, HttpRequest.BodyPublisher body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(body).timeout(Duration.ofSeconds(20));
        if (!type.isEmpty()) {
            b.header("Content-Type", type);
        }
        return send(b);
    }

    private static int get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static int send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
