package io.driftguard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A Flink session cluster of separate JVMs on this host, as {@code docker-compose.yml} runs one: a job
 * manager ({@code StandaloneSessionClusterEntrypoint}), task managers ({@code TaskManagerRunner}) that can
 * be killed with SIGKILL and replaced, and the {@code flink} command line ({@code CliFrontend}) in a JVM
 * of its own to submit the shipped job jar. Flink's binary distribution is not needed: the processes run
 * on Flink's Maven artefacts. The job module's tests start one (a task manager killed mid-feed, a replay at
 * parallelism 2), and so does {@code bench/replay-cluster.sh}, through {@link #main}.
 *
 * <p>Its configuration is the shipped {@code flink-conf/config.yaml} (state backend, exactly-once
 * checkpoints, retained checkpoints, restart strategy, region failover, max parallelism) with only what a
 * single host needs changed: addresses and ports, local checkpoint and savepoint folders, the checkpoint
 * interval (or none), heartbeats short enough to notice a dead task manager in seconds, small memory sizes, no
 * metrics reporter, and {@code pipeline.auto-generate-uids: false}, so a submission fails if any
 * operator lacks the explicit uid a savepoint needs.
 *
 * <p>The cluster's class path is this JVM's without DriftGuard's own classes and jars, the Kafka connector
 * and kafka-clients: every DriftGuard class the cluster runs, and the connector, come from the job jar, as
 * on a real cluster. It is broader than a distribution's {@code lib/} (it holds the caller's third-party
 * libraries too); the job jar's own copies win, as Flink loads user classes child-first. The test kit's
 * Flink dependencies are optional: a module that starts a cluster brings Flink itself.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path conf;
    private final int restPort;
    private final String classpath;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private Process jobManager;
    private int started;

    /** A task manager process; {@link #kill()} is SIGKILL. */
    public record TaskManager(String name, Process process) {
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A cluster whose task managers have {@code slots} slots and 1 GiB each, checkpointing at the interval. */
    public FlinkSessionCluster(Path dir, Duration checkpointInterval, int slots) throws IOException {
        this(dir, checkpointInterval, slots, "1024m");
    }

    /**
     * @param checkpointInterval null for no periodic checkpoints (the shipped interval is removed)
     * @param taskManagerMemory each task manager's {@code taskmanager.memory.process.size}
     */
    public FlinkSessionCluster(Path dir, Duration checkpointInterval, int slots, String taskManagerMemory)
            throws IOException {
        this.dir = Files.createDirectories(dir.toAbsolutePath());
        this.conf = Files.createDirectories(this.dir.resolve("conf"));
        this.restPort = freePort();
        this.classpath = clusterClasspath();
        writeConfig(checkpointInterval, slots, taskManagerMemory);
    }

    /** The REST API's address, {@code localhost:port}: what {@code driftguard replay --cluster} takes. */
    public String restAddress() {
        return "localhost:" + restPort;
    }

    /** The operating system's ids of the cluster's processes still alive (job manager, task managers). */
    public List<Long> pids() {
        synchronized (processes) {
            return processes.stream().filter(Process::isAlive).map(Process::pid).toList();
        }
    }

    /**
     * Starts a session cluster and keeps it until this process is stopped (or its standard input closes):
     * {@code FlinkSessionCluster DIR [task managers] [slots each] [task manager memory]}, defaults 2, 1, 1024m;
     * no periodic checkpoints. Prints {@code rest localhost:PORT} and {@code pids ...} once every task manager
     * has registered. The class path must hold Flink's artefacts ({@code testkit/target/classpath.txt}).
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FlinkSessionCluster DIR [task-managers] [slots] [task-manager-memory]");
            System.exit(2);
        }
        int taskManagers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String memory = args.length > 3 ? args[3] : "1024m";
        FlinkSessionCluster cluster = new FlinkSessionCluster(Path.of(args[0]), null, slots, memory);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        cluster.startJobManager();
        for (int i = 0; i < taskManagers; i++) {
            cluster.startTaskManager();
        }
        System.out.println("rest " + cluster.restAddress());
        System.out.println("pids "
                + String.join(" ", cluster.pids().stream().map(String::valueOf).toList()));
        System.out.flush();
        // Until stopped: SIGTERM runs the hook; a closed standard input (the caller gone) ends it too.
        while (System.in.read() != -1) {
            // discard
        }
        System.exit(0);
    }

    /** The shipped configuration with the single-host changes (see the class comment). */
    @SuppressWarnings("unchecked")
    private void writeConfig(Duration checkpointInterval, int slots, String taskManagerMemory) throws IOException {
        Path shipped = Path.of(System.getProperty("driftguard.flinkConf", "../flink-conf"));
        Map<String, Object> yaml;
        try (var in = Files.newBufferedReader(shipped.resolve("config.yaml"))) {
            yaml = new Yaml().load(in);
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", yaml, flat);
        flat.keySet().removeIf(k -> k.startsWith("metrics.reporter") || k.startsWith("env.java"));
        flat.put("jobmanager.rpc.address", "localhost");
        flat.put("jobmanager.rpc.port", freePort());
        flat.put("jobmanager.bind-host", "localhost");
        flat.put("jobmanager.memory.process.size", "768m");
        flat.put("taskmanager.bind-host", "localhost");
        flat.put("taskmanager.host", "localhost");
        flat.put("taskmanager.rpc.port", "0");
        flat.put("taskmanager.numberOfTaskSlots", slots);
        flat.put("taskmanager.memory.process.size", taskManagerMemory);
        flat.put("rest.address", "localhost");
        flat.put("rest.bind-address", "localhost");
        flat.put("rest.port", restPort);
        flat.put("blob.server.port", "0");
        if (checkpointInterval == null) {
            flat.remove("execution.checkpointing.interval");
        } else {
            flat.put("execution.checkpointing.interval", checkpointInterval.toMillis() + "ms");
        }
        flat.put("execution.checkpointing.min-pause", "0ms");
        flat.put(
                "execution.checkpointing.dir",
                dir.resolve("checkpoints").toUri().toString());
        flat.put(
                "execution.checkpointing.savepoint-dir",
                dir.resolve("savepoints").toUri().toString());
        // A killed task manager is noticed within seconds (the default heartbeat timeout is 50 s).
        flat.put("heartbeat.interval", "1000");
        flat.put("heartbeat.timeout", "5000");
        flat.put("pipeline.auto-generate-uids", "false");
        flat.put("web.submit.enable", "false");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Map<String, String> text = new LinkedHashMap<>();
        flat.forEach((k, v) -> text.put(k, String.valueOf(v)));
        Files.writeString(conf.resolve("config.yaml"), new Yaml(options).dump(text));
        Files.writeString(
                conf.resolve("log4j-console.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.console.ref = ConsoleAppender",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        "logger.pekko.name = org.apache.pekko",
                        "logger.pekko.level = WARN",
                        "appender.console.name = ConsoleAppender",
                        "appender.console.type = CONSOLE",
                        "appender.console.layout.type = PatternLayout",
                        "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c{1.} - %m%n",
                        ""));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> node, Map<String, Object> out) {
        node.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                flatten(key, (Map<String, Object>) m, out);
            } else {
                out.put(key, v);
            }
        });
    }

    /** This JVM's class path without DriftGuard's own classes and jars (from a repository or a reactor build). */
    private static String clusterClasspath() {
        List<String> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.contains("/io/driftguard/")
                    || e.substring(e.lastIndexOf('/') + 1).startsWith("driftguard-")
                    || e.endsWith("/target/classes")
                    || e.endsWith("/target/test-classes")
                    // Not in a distribution's lib/: the job jar brings the Kafka connector and kafka-clients.
                    // A copy here would be loaded parent-first (org.apache.flink.*) against the jar's
                    // child-first kafka-clients: a LinkageError at submission.
                    || e.contains("/org/apache/kafka/")
                    || e.contains("/flink-connector-kafka/")) {
                continue;
            }
            out.add(entry);
        }
        return String.join(File.pathSeparator, out);
    }

    private Process java(String name, String mainClass, List<String> args, String heap) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(heap.trim().split("\\s+")));
        command.add("-XX:+UseParallelGC");
        command.addAll(JDK_OPENS);
        command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j-console.properties"));
        command.add("-Dlog.file=" + dir.resolve(name + ".log"));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".out").toFile());
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("DRIFTGUARD_") || k.equals("JAVA_TOOL_OPTIONS"));
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /** Starts the job manager and waits for its REST API. */
    public void startJobManager() throws Exception {
        jobManager = java(
                "jobmanager",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", conf.toString()),
                "-Xmx384m");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the job manager exited: " + tail("jobmanager"));
            }
            if (get("/overview") != null) {
                return;
            }
            Thread.sleep(250); // the poll interval
        }
        throw new IllegalStateException("no REST API within 120 s: " + tail("jobmanager"));
    }

    /** Starts a task manager and waits until the job manager has registered it. */
    public TaskManager startTaskManager() throws Exception {
        Set<String> before = registeredTaskManagers();
        String name = "taskmanager-" + (++started);
        // What Flink's taskmanager.sh asks BashJavaUtils for: the memory and CPU sizes derived from
        // the configuration, passed as JVM options and dynamic properties.
        Configuration c = GlobalConfiguration.loadConfiguration(conf.toString());
        var spec = TaskExecutorProcessUtils.processSpecFromConfig(c);
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
        args.addAll(List.of(
                TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")));
        String jvm = ProcessMemoryUtils.generateJvmParametersStr(spec);
        Process p = java(name, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args, jvm);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited: " + tail(name));
            }
            Set<String> now = registeredTaskManagers();
            now.removeAll(before);
            if (!now.isEmpty()) {
                return new TaskManager(name, p);
            }
            Thread.sleep(250); // the poll interval
        }
        throw new IllegalStateException(name + " did not register within 120 s: " + tail(name));
    }

    /** The ids of the task managers the job manager knows (a killed one stays until its heartbeat times out). */
    public Set<String> registeredTaskManagers() throws Exception {
        Set<String> out = new HashSet<>();
        JsonNode tms = get("/taskmanagers");
        if (tms != null) {
            tms.path("taskmanagers").forEach(t -> out.add(t.path("id").asText()));
        }
        return out;
    }

    /**
     * {@code flink run --detached [--fromSavepoint path] jar args}, in a JVM of its own as the compose
     * file's job-submit container runs it; returns the job id it printed.
     */
    public String submit(Path jar, String savepoint, List<String> jobArgs) throws Exception {
        List<String> options = new ArrayList<>();
        if (savepoint != null) {
            options.addAll(List.of("--fromSavepoint", savepoint));
        }
        return run(options, jar, jobArgs);
    }

    /** {@code flink run --detached -c mainClass jar args}: another entry point of the jar; returns the job id. */
    public String submitClass(Path jar, String mainClass, List<String> jobArgs) throws Exception {
        return run(List.of("-c", mainClass), jar, jobArgs);
    }

    private String run(List<String> options, Path jar, List<String> jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--detached"));
        args.addAll(options);
        args.add(jar.toString());
        args.addAll(jobArgs);
        String name = "flink-run-" + System.nanoTime();
        Process p = java(name, "org.apache.flink.client.cli.CliFrontend", args, "-Xmx384m");
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("flink run did not finish within 180 s: " + tail(name));
        }
        String out = Files.readString(dir.resolve(name + ".out"));
        Matcher m = JOB_ID.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("flink run printed no job id (exit " + p.exitValue() + "): " + out);
        }
        return m.group(1);
    }

    /** The job's state and whether every task of it is running. */
    public boolean allTasksRunning(String jobId) throws Exception {
        JsonNode job = get("/jobs/" + jobId);
        if (job == null || !"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (!"RUNNING".equals(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    public String state(String jobId) throws Exception {
        JsonNode job = get("/jobs/" + jobId);
        return job == null ? "UNKNOWN" : job.path("state").asText();
    }

    /**
     * The job's state once it is {@code expected}, or the last state seen when the timeout passes: the
     * REST API reports a job stopped with a savepoint as RUNNING for a moment after the savepoint
     * operation has completed.
     */
    public String awaitState(String jobId, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = state(jobId);
        while (!state.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            state = state(jobId);
        }
        return state;
    }

    public void awaitAllTasksRunning(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (allTasksRunning(jobId)) {
                return;
            }
            Thread.sleep(100); // the poll interval
        }
        throw new AssertionError("job " + jobId + " not running within " + timeout.toSeconds() + " s: " + state(jobId)
                + "; " + tail("jobmanager"));
    }

    /** {@code /jobs/:id/checkpoints}: counts (completed, restored, failed) and the latest ones. */
    public JsonNode checkpoints(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    public long completedCheckpoints(String jobId) throws Exception {
        JsonNode c = checkpoints(jobId);
        return c == null ? 0 : c.path("counts").path("completed").asLong();
    }

    /** Waits until {@code count} more checkpoints than {@code after} completed. */
    public void awaitCompletedCheckpoints(String jobId, long count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (completedCheckpoints(jobId) >= count) {
                return;
            }
            Thread.sleep(100); // the poll interval
        }
        throw new AssertionError("fewer than " + count + " checkpoints within " + timeout.toSeconds() + " s");
    }

    /**
     * {@code flink stop --savepointPath dir job} through the REST API: a savepoint, then the job
     * finishes. Returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, Path target) throws Exception {
        String body =
                JSON.writeValueAsString(Map.of("targetDirectory", target.toUri().toString(), "drain", false));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/jobs/" + jobId + "/stop"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("stop answered " + r.statusCode() + ": " + r.body());
        }
        String trigger = JSON.readTree(r.body()).path("request-id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (status != null
                    && "COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode op = status.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("savepoint failed: " + op.path("failure-cause"));
                }
                return op.path("location").asText();
            }
            Thread.sleep(200); // the poll interval
        }
        throw new AssertionError("no savepoint within 120 s");
    }

    /** Cancels the job, if it is still running, and waits until it is gone. */
    public void cancel(String jobId) throws Exception {
        http.send(
                HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String s = state(jobId);
            if (s.equals("CANCELED") || s.equals("FINISHED") || s.equals("FAILED")) {
                return;
            }
            Thread.sleep(200); // the poll interval
        }
    }

    /** A GET of the REST API ({@code /jobs/overview}, ...); null unless it answers 200. */
    public JsonNode rest(String path) throws Exception {
        return get(path);
    }

    private JsonNode get(String path) throws Exception {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri(path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + restPort + path);
    }

    /** The last lines a process printed, for a failure message. */
    public String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (processes) {
            for (Process p : processes) {
                p.destroyForcibly();
            }
            for (Process p : processes) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What Flink's own start scripts pass on Java 17 (the shipped config.yaml's env.java.opts.all). */
    private static final List<String> JDK_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED");
}
