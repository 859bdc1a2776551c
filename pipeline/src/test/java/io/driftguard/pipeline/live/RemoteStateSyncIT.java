package io.driftguard.pipeline.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftguard.ingest.connect.kafka.KafkaTopics;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.ingest.iac.remote.RemoteStates;
import io.driftguard.ingest.iac.remote.S3BackendState;
import io.driftguard.ingest.iac.remote.TerraformCloudState;
import io.driftguard.testkit.LocalKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * iac-sync reading Terraform state where teams keep it, each backend against a local fake of its wire
 * protocol (the real S3 SDK client; Terraform Cloud's JSON:API over the JDK's HTTP client): an
 * unchanged state is neither downloaded again nor published, and a change of state is published once.
 */
class RemoteStateSyncIT {

    private static LocalKafka kafka;
    private static HttpServer server;
    private static volatile String s3State;
    private static volatile String tfcState;
    private static final AtomicInteger s3Downloads = new AtomicInteger();
    private static final AtomicInteger tfcDownloads = new AtomicInteger();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
        KafkaTopics.ensure(kafka.bootstrapServers(), 6, (short) 1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", RemoteStateSyncIT::handle);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop(0);
        kafka.close();
    }

    @Test
    void aTerraformStateInAnS3BackendIsPublishedOncePerChange() throws Exception {
        S3Client s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.EU_WEST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .build();
        s3State = state(4, "sg-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa1", "t3.medium");
        RemoteStates states = new RemoteStates(
                List.of(S3BackendState.of(s3, "s3://tf-states/prod/network.tfstate")), dir.resolve("s3-cache"));
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            assertThat(pass(states, sync)).as("first read: both resources").isEqualTo(2);
            assertThat(pass(states, sync)).as("unchanged: nothing").isZero();
            assertThat(s3Downloads.get())
                    .as("the unchanged state was not downloaded again")
                    .isEqualTo(1);

            s3State = state(5, "sg-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa1", "t3.large");
            assertThat(pass(states, sync))
                    .as("the instance type changed: one declaration")
                    .isEqualTo(1);
            assertThat(pass(states, sync)).as("and only once").isZero();
            assertThat(s3Downloads.get()).isEqualTo(2);
        }
        s3.close();
    }

    @Test
    void aTerraformCloudWorkspacesCurrentStateIsPublishedOncePerChange() throws Exception {
        tfcState = state(1, "sg-0bbbbbbbbbbbbbbb2", "i-0bbbbbbbbbbbbbbb2", "m5.large");
        RemoteStates states = new RemoteStates(
                List.of(new TerraformCloudState(
                        HttpClient.newHttpClient(), endpoint(), "tfc-test-token", "ws-Pz3kT9xvA1b2C3d4")),
                dir.resolve("tfc-cache"));
        try (IacSync sync = new IacSync(kafka.bootstrapServers())) {
            assertThat(pass(states, sync)).isEqualTo(2);
            assertThat(pass(states, sync)).isZero();
            assertThat(tfcDownloads.get()).isEqualTo(1);

            tfcState = state(2, "sg-0bbbbbbbbbbbbbbb2", "i-0bbbbbbbbbbbbbbb2", "m5.xlarge");
            assertThat(pass(states, sync)).isEqualTo(1);
            assertThat(pass(states, sync)).isZero();
            assertThat(tfcDownloads.get()).isEqualTo(2);
        }
    }

    private static int pass(RemoteStates states, IacSync sync) throws Exception {
        List<IacProblem> problems = new ArrayList<>();
        states.refresh(problems);
        int sent = sync.sync(List.of(states.folder()), problems);
        assertThat(problems).isEmpty();
        return sent;
    }

    private static URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (path.equals("/tf-states/prod/network.tfstate")) {
            String etag = "\"" + md5(s3State) + "\"";
            if (etag.equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
                x.getResponseHeaders().set("ETag", etag);
                x.sendResponseHeaders(304, -1);
                x.close();
                return;
            }
            s3Downloads.incrementAndGet();
            x.getResponseHeaders().set("ETag", etag);
            send(x, 200, "application/json", s3State);
        } else if (path.equals("/api/v2/workspaces/ws-Pz3kT9xvA1b2C3d4/current-state-version")) {
            if (!"Bearer tfc-test-token".equals(x.getRequestHeaders().getFirst("Authorization"))) {
                send(
                        x,
                        401,
                        "application/vnd.api+json",
                        "{\"errors\":[{\"status\":\"401\",\"title\":\"unauthorized\"}]}");
                return;
            }
            int serial = serial(tfcState);
            send(x, 200, "application/vnd.api+json", """
                    {"data": {"id": "sv-%1$d", "type": "state-versions",
                      "attributes": {"serial": %1$d, "lineage": "0b6c1d2e", "created-at": "2026-03-01T10:00:00.000Z",
                        "hosted-state-download-url": "/api/state-versions/sv-%1$d/hosted_state",
                        "resources-processed": true}}}
                    """.formatted(serial));
        } else if (path.startsWith("/api/state-versions/sv-") && path.endsWith("/hosted_state")) {
            tfcDownloads.incrementAndGet();
            send(x, 200, "application/json", tfcState);
        } else {
            send(x, 404, "text/plain", "no such thing: " + path);
        }
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private static String md5(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int serial(String state) {
        return Integer.parseInt(state.replaceAll("(?s).*\"serial\": (\\d+).*", "$1"));
    }

    private static String state(int serial, String sg, String instance, String type) {
        return """
            {"version": 4, "terraform_version": "1.9.5", "serial": %1$d, "lineage": "0b6c1d2e",
             "outputs": {},
             "resources": [
              {"mode": "managed", "type": "aws_security_group", "name": "web",
               "instances": [{"schema_version": 1, "attributes": {"id": "%2$s", "name": "web",
                  "ingress": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 443, "protocol": "tcp", "to_port": 443}],
                  "egress": [], "tags": {"Owner": "payments"}}}]},
              {"mode": "managed", "type": "aws_instance", "name": "api",
               "instances": [{"schema_version": 1, "attributes": {"id": "%3$s", "instance_type": "%4$s",
                  "tags": {"Name": "api"}}}]}
             ]}
            """.formatted(serial, sg, instance, type);
    }
}
