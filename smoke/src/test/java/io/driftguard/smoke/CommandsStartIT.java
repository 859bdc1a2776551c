package io.driftguard.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.driftguard.testkit.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every long-running command starts on the classpath it ships on: the job, {@code iac-sync --interval} (with
 * every kind of remote IaC) and
 * the four connectors through the launcher's classpath (which the CLI image copies), the connectors again
 * on the connector image's classpath, and the dashboard from the Boot jar its image runs. All start at
 * once, each in its own JVM, with Kafka and the cloud endpoints pointed at a local port where nothing
 * listens; the job and the dashboard, which migrate the schema before anything else, get a real
 * PostgreSQL from the test kit.
 *
 * <p>A command passes when it got past class loading, shown by what it does next (it logged its start,
 * tried to reach its endpoints and failed with a connection error, and answers on its health port), and
 * its output, through to its shutdown on SIGTERM, holds no linkage error ({@link ChildJvm#LINKAGE_ERROR}).
 * Unit and integration tests run on each module's test classpath and cannot see what this checks: a
 * library that wins the launcher's classpath in a version another one cannot run with.
 */
class CommandsStartIT {

    /** Generous for twelve JVMs starting at once on two cores; a healthy run takes a fraction of it. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /**
     * For start-up speed only (twelve JVMs share two cores): the C1 compiler alone and one GC thread.
     * Classes load and link exactly as without.
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** The Kafka client's warning when the bootstrap server refuses the connection. */
    private static final Pattern KAFKA_UNREACHABLE =
            Pattern.compile("Connection to node -1 .* could not be established");

    @TempDir
    static Path work;

    private static LocalPostgres postgres;
    /** Answers 404 to everything: a remote state that is not there, reported at once (no retries). */
    private static HttpServer notFound;

    private static final List<ChildJvm> STARTED = new ArrayList<>();

    /** One command: how it is started and what shows that it got past start-up. */
    private record Launch(
            String name, List<String> jvmArgs, Map<String, String> env, List<Pattern> logs, List<URI> healthy) {}

    @TestFactory
    Stream<DynamicTest> everyLongRunningCommandStartsOnItsShippedClasspath() throws IOException {
        postgres = LocalPostgres.start();
        List<Launch> launches = launches();
        // Each child is watched on its own thread and stopped as soon as it has started, so the slowest
        // start, not the sum of the stops, sets how long this takes; the tests then only read the outcomes.
        ExecutorService watchers = Executors.newCachedThreadPool();
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (Launch l : launches) {
            ChildJvm child = ChildJvm.start(l.name(), l.jvmArgs(), l.env(), work);
            STARTED.add(child);
            outcomes.add(watchers.submit(() -> {
                String notStarted = child.awaitStarted(l.logs(), l.healthy(), START_TIMEOUT);
                return new Outcome(notStarted, child.stop(STOP_GRACE));
            }));
        }
        watchers.shutdown();
        return IntStream.range(0, launches.size())
                .mapToObj(i -> DynamicTest.dynamicTest(
                        launches.get(i).name(),
                        () -> check(launches.get(i), outcomes.get(i).get())));
    }

    /** Why a command did not get past start-up ({@code null}: it did), and all it printed until it stopped. */
    private record Outcome(String notStarted, String output) {}

    private static void check(Launch launch, Outcome outcome) {
        String context = launch.name() + " (whole output in smoke/target/smoke-logs/), last lines:\n"
                + tail(outcome.output(), 40);
        assertThat(ChildJvm.linkageErrors(outcome.output()))
                .as("linkage errors of " + context)
                .isEmpty();
        assertThat(outcome.notStarted()).as(context).isNull();
    }

    @AfterAll
    static void stopEverything() throws IOException, InterruptedException {
        for (ChildJvm child : STARTED) {
            child.stop(Duration.ofSeconds(5));
        }
        if (postgres != null) {
            postgres.close();
        }
        if (notFound != null) {
            notFound.stop(0);
        }
    }

    private static List<Launch> launches() throws IOException {
        int closed = closedPort();
        notFound = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notFound.createContext("/", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        notFound.start();
        String missing = "http://127.0.0.1:" + notFound.getAddress().getPort();
        String kafka = "127.0.0.1:" + closed;
        Map<String, String> aws = Map.of(
                "AWS_ACCESS_KEY_ID",
                "smoke",
                "AWS_SECRET_ACCESS_KEY",
                "smoke",
                "AWS_REGION",
                "us-east-1",
                "AWS_EC2_METADATA_DISABLED",
                "true");
        Path iac = Files.createDirectories(work.resolve("iac/kubernetes"));
        Files.writeString(iac.resolve("config.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: smoke
                  namespace: default
                data:
                  greeting: hello
                """);

        List<Launch> out = new ArrayList<>();
        out.add(new Launch(
                "job",
                cli(
                        "1g",
                        "job",
                        "--bootstrap-servers",
                        kafka,
                        "--db-url",
                        postgres.createDatabase(),
                        "--db-user",
                        "postgres"),
                Map.of(),
                List.of(Pattern.compile("driftguard-live: reading Kafka at"), KAFKA_UNREACHABLE),
                List.of()));
        out.add(new Launch(
                "notify",
                cli("256m", "notify", "--db-url", postgres.createDatabase(), "--db-user", "postgres"),
                Map.of(
                        "DRIFTGUARD_SLACK_BOT_TOKEN",
                        "xoxb-smoke",
                        "DRIFTGUARD_SLACK_CHANNEL",
                        "#drift",
                        "DRIFTGUARD_SLACK_API_URL",
                        "http://127.0.0.1:" + closed + "/api/"),
                List.of(Pattern.compile("notify: announcing drift in Slack")),
                List.of()));
        int iacSyncMetrics = freePort();
        out.add(new Launch(
                "iac-sync",
                cli(
                        "256m",
                        "iac-sync",
                        "--iac",
                        iac.getParent().toString(),
                        // Remote IaC too, so the Cloud Storage, Blob and CloudFormation clients and JGit load and run
                        // on this classpath: a local server answers 404, and every source is reported missing.
                        "--tf-gcs",
                        "bucket=smoke,credentials=none,storage_custom_endpoint=" + missing,
                        "--tf-azurerm",
                        "storage_account_name=smoke,container_name=tfstate,key=smoke.tfstate,endpoint=" + missing
                                + "/smoke",
                        "--cfn",
                        "us-east-1/smoke",
                        "--cfn-endpoint",
                        missing,
                        "--k8s-git",
                        "url=" + missing + "/smoke.git,path=deploy,cluster=smoke",
                        "--metrics-port",
                        "" + iacSyncMetrics,
                        "--interval",
                        "PT1M",
                        "--bootstrap-servers",
                        kafka),
                with(aws, Map.of("ARM_ACCESS_KEY", "c21va2U=", "DRIFTGUARD_GIT_TOKEN", "smoke")),
                List.of(
                        KAFKA_UNREACHABLE,
                        // every client ran its requests here and reported its source missing
                        Pattern.compile("remote IaC gs://smoke/default.tfstate rejected: .*"),
                        Pattern.compile("remote IaC http://127.0.0.1:\\d+/smoke/tfstate/smoke.tfstate rejected: .*"),
                        Pattern.compile("remote IaC cloudformation:us-east-1/smoke rejected: .*"),
                        Pattern.compile("remote IaC http://127.0.0.1:\\d+/smoke.git#main rejected: .*")),
                List.of(URI.create("http://127.0.0.1:" + iacSyncMetrics + "/healthz"))));
        // One declared security group and one network security group, so the scan really calls EC2 (through the
        // AWS SDK on the launcher's classpath) and signs in to Azure (azure-identity, MSAL and azure-core on the JDK
        // HTTP client), and reports that it could read neither.
        Path state =
                Files.createDirectories(work.resolve("iac/terraform/smoke")).resolve("terraform.tfstate");
        Files.writeString(state, """
                {"version": 4, "serial": 1, "lineage": "smoke", "resources": [{"mode": "managed",
                  "type": "aws_security_group", "name": "web", "instances": [{"attributes": {"id": "sg-0123456789abcdef0",
                  "ingress": [], "egress": [], "tags": {"Owner": "smoke"}}}]},
                  {"mode": "managed", "type": "azurerm_network_security_group", "name": "smoke", "instances": [{"attributes": {
                  "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/smoke/providers/Microsoft.Network/networkSecurityGroups/smoke",
                  "security_rule": [], "tags": {"Owner": "smoke"}}}]}]}
                """);
        Map<String, String> awsAndAzure = new HashMap<>(aws);
        awsAndAzure.putAll(Map.of(
                "AZURE_TENANT_ID",
                "00000000-0000-0000-0000-000000000000",
                "AZURE_CLIENT_ID",
                "00000000-0000-0000-0000-000000000001",
                "AZURE_CLIENT_SECRET",
                "smoke",
                "AZURE_AUTHORITY_HOST",
                "https://127.0.0.1:" + closed));
        out.add(new Launch(
                "reconcile",
                cli(
                        "256m",
                        "reconcile",
                        "--iac",
                        iac.getParent().toString(),
                        "--interval",
                        "PT1M",
                        "--aws-endpoint",
                        "http://127.0.0.1:" + closed,
                        "--azure-endpoint",
                        "https://127.0.0.1:" + closed,
                        "--bootstrap-servers",
                        kafka),
                awsAndAzure,
                List.of(
                        Pattern.compile("not read: Ec2SecurityGroupReader: .*"),
                        Pattern.compile(
                                "not read: /subscriptions/[0-]+/resourcegroups/smoke/providers/microsoft\\.network/"
                                        + "networksecuritygroups/smoke: no Azure token: .*")),
                List.of()));
        for (String layout : List.of("cli", "ingest image")) {
            int sqsMetrics = freePort();
            out.add(connector(
                    layout,
                    "aws-sqs",
                    aws,
                    List.of(
                            "--queue-url",
                            "http://127.0.0.1:" + closed + "/000000000000/smoke",
                            "--endpoint",
                            "http://127.0.0.1:" + closed,
                            "--kafka-bootstrap",
                            kafka,
                            "--metrics-port",
                            "" + sqsMetrics),
                    List.of(
                            Pattern.compile("aws-sqs: polling"),
                            Pattern.compile("SQS receive failed, retrying: .*Connection refused")),
                    List.of(URI.create("http://127.0.0.1:" + sqsMetrics + "/healthz"))));
            int pubsubMetrics = freePort();
            out.add(connector(
                    layout,
                    "gcp-pubsub",
                    Map.of(),
                    List.of(
                            "--subscription",
                            "projects/smoke/subscriptions/audit",
                            "--emulator-host",
                            "127.0.0.1:" + closed,
                            "--kafka-bootstrap",
                            kafka,
                            "--metrics-port",
                            "" + pubsubMetrics),
                    List.of(Pattern.compile("gcp-pubsub: pulling")),
                    List.of(URI.create("http://127.0.0.1:" + pubsubMetrics + "/healthz"))));
            int eventHubsMetrics = freePort();
            out.add(connector(
                    layout,
                    "azure-eventhubs",
                    Map.of(),
                    List.of(
                            "--connection-string",
                            "Endpoint=sb://127.0.0.1:" + closed
                                    + ";SharedAccessKeyName=smoke;SharedAccessKey=c21va2U=;UseDevelopmentEmulator=true",
                            "--checkpoint-dir",
                            work.resolve("eventhubs-" + layout.replace(' ', '-'))
                                    .toString(),
                            "--kafka-bootstrap",
                            kafka,
                            "--metrics-port",
                            "" + eventHubsMetrics),
                    List.of(Pattern.compile("azure-eventhubs: reading"), Pattern.compile("Connection refused")),
                    List.of(URI.create("http://127.0.0.1:" + eventHubsMetrics + "/healthz"))));
            int webhooks = freePort();
            out.add(connector(
                    layout,
                    "webhooks",
                    Map.of("DRIFTGUARD_GITHUB_WEBHOOK_SECRET", "smoke"),
                    List.of("--host", "127.0.0.1", "--port", "" + webhooks, "--kafka-bootstrap", kafka),
                    List.of(Pattern.compile("webhook receiver on port " + webhooks)),
                    List.of(URI.create("http://127.0.0.1:" + webhooks + "/healthz"))));
        }
        int dashboard = freePort();
        out.add(new Launch(
                "dashboard",
                jvm("512m", "-jar", Shipped.dashboardJar().toString()),
                Map.of(
                        "DRIFTGUARD_DB_URL",
                        postgres.createDatabase(),
                        "DRIFTGUARD_DB_USER",
                        "postgres",
                        "DRIFTGUARD_DB_PASSWORD",
                        "",
                        "SERVER_PORT",
                        "" + dashboard),
                List.of(Pattern.compile("Started DashboardApplication")),
                List.of(URI.create("http://127.0.0.1:" + dashboard + "/actuator/health"))));
        return out;
    }

    /** {@code ./driftguard <args>}: the launcher's JVM options and classpath. */
    private static List<String> cli(String heap, String... args) {
        List<String> jvm = jvm(heap);
        jvm.addAll(Shipped.JDK_OPENS);
        jvm.addAll(List.of(Shipped.LOGGING, "-cp", Shipped.joined(Shipped.cli()), "io.driftguard.cli.DriftGuard"));
        jvm.addAll(List.of(args));
        return jvm;
    }

    private static List<String> jvm(String heap, String... args) {
        List<String> jvm = new ArrayList<>(QUICK_START);
        jvm.add("-Xmx" + heap);
        jvm.addAll(List.of(args));
        return jvm;
    }

    /**
     * A connector through the launcher ({@code driftguard ingest <connector>}) or as the connector image
     * runs it ({@code IngestMain <connector>} on the ingest jar and its libraries).
     */
    private static Launch connector(
            String layout,
            String connector,
            Map<String, String> env,
            List<String> args,
            List<Pattern> logs,
            List<URI> healthy) {
        List<String> jvm = new ArrayList<>();
        if (layout.equals("cli")) {
            jvm.addAll(cli("256m", "ingest", connector));
        } else {
            jvm.addAll(jvm(
                    "256m",
                    Shipped.LOGGING,
                    "-cp",
                    Shipped.joined(Shipped.ingestImage()),
                    "io.driftguard.ingest.IngestMain",
                    connector));
        }
        jvm.addAll(args);
        String name = layout.equals("cli") ? "ingest " + connector : connector + " (" + layout + ")";
        return new Launch(name, jvm, env, logs, healthy);
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new HashMap<>(a);
        out.putAll(b);
        return out;
    }

    /** A local port where nothing listens: connections to it are refused at once. */
    private static int closedPort() {
        return freePort();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String output, int lines) {
        List<String> all = output.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
