package io.driftguard.ingest.connect.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An SQS queue speaking the AWS JSON 1.0 protocol the SDK's SqsClient uses: {@code POST /} with
 * {@code X-Amz-Target: AmazonSQS.<Action>} and a JSON body. Implements ReceiveMessage,
 * DeleteMessage and ChangeMessageVisibility; other actions answer 400 so an unexpected call fails
 * the test loudly.
 */
final class SqsFake implements AutoCloseable {

    record Msg(String id, String body, long sent) {}

    private final HttpServer server;
    private final Deque<Msg> visible = new ArrayDeque<>();
    private final Map<String, Msg> inFlight = new LinkedHashMap<>();
    final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
    final List<String> visibilityChanged = Collections.synchronizedList(new ArrayList<>());
    final List<String> targets = Collections.synchronizedList(new ArrayList<>());
    final List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());

    SqsFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String queueUrl() {
        return endpoint() + "/123456789012/cloudtrail-events";
    }

    synchronized String send(String body) {
        String id = UUID.randomUUID().toString();
        visible.add(new Msg(id, body, System.currentTimeMillis()));
        return id;
    }

    synchronized int visibleCount() {
        return visible.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        targets.add(target);
        contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
        JsonNode req = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        ObjectNode res = Json.MAPPER.createObjectNode();
        int status = 200;
        synchronized (this) {
            switch (target == null ? "" : target) {
                case "AmazonSQS.ReceiveMessage" -> {
                    ArrayNode msgs = res.putArray("Messages");
                    int max = req.path("MaxNumberOfMessages").asInt(1);
                    while (msgs.size() < max && !visible.isEmpty()) {
                        Msg m = visible.poll();
                        String receipt = "rh-" + UUID.randomUUID();
                        inFlight.put(receipt, m);
                        ObjectNode o = msgs.addObject();
                        o.put("MessageId", m.id())
                                .put("ReceiptHandle", receipt)
                                .put("Body", m.body())
                                .put("MD5OfBody", md5(m.body()));
                        o.putObject("Attributes").put("SentTimestamp", Long.toString(m.sent()));
                    }
                }
                case "AmazonSQS.DeleteMessage" -> {
                    Msg m = inFlight.remove(req.path("ReceiptHandle").asText());
                    if (m != null) {
                        deleted.add(m.id());
                    }
                }
                case "AmazonSQS.ChangeMessageVisibility" -> {
                    Msg m = inFlight.remove(req.path("ReceiptHandle").asText());
                    if (m != null) {
                        visibilityChanged.add(
                                m.id() + "=" + req.path("VisibilityTimeout").asInt());
                        visible.add(m); // as if the shortened timeout had passed
                    }
                }
                default -> {
                    status = 400;
                    res.put("__type", "com.amazonaws.sqs#InvalidAction").put("message", "unsupported " + target);
                }
            }
        }
        byte[] out = Json.MAPPER.writeValueAsBytes(res);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private static String md5(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
