package io.driftguard.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Spring Boot dashboard as a child process. It runs in its own JVM because Flink cannot run
 * inside a Boot fat jar (docs/design/stack.md); it meets the job in PostgreSQL. Output goes to a log file.
 */
final class DashboardProcess implements AutoCloseable {

    private final Process process;
    private final String healthUrl;

    private DashboardProcess(Process process, String address, int port) {
        this.process = process;
        String host = address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : address;
        this.healthUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/actuator/health";
    }

    static DashboardProcess start(
            Path jar, String address, int port, String jdbcUrl, String user, String password, Path log)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("dashboard jar not found at " + jar + " (build with ./mvnw -DskipTests install)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--server.address=" + address,
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Files.writeString(pidFile(log.getParent()), p.pid() + "\n");
        return new DashboardProcess(p, address, port);
    }

    private static Path pidFile(Path dataDir) {
        return dataDir.resolve("dashboard.pid");
    }

    /**
     * Stops the dashboard a killed demo left running (a child process outlives its parent's
     * {@code kill -9}, and would keep the port and its database connections): the process named in
     * {@code dashboard.pid}, if it is still alive and is a JVM running a dashboard jar.
     */
    static void stopLeftOver(Path dataDir) throws IOException, InterruptedException {
        Path pidFile = pidFile(dataDir);
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            Files.delete(pidFile);
            return;
        }
        java.util.Optional<ProcessHandle> left = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info()
                        .arguments()
                        .map(args ->
                                List.of(args).stream().anyMatch(a -> a.endsWith(".jar") && a.contains("dashboard")))
                        .orElse(false));
        if (left.isPresent()) {
            ProcessHandle h = left.get();
            System.out.println("demo: stopping the dashboard a killed run left running (pid " + pid + ")");
            h.destroy();
            try {
                h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
                h.onExit().join();
            }
        }
        Files.delete(pidFile);
    }

    /** Waits until the dashboard answers its health check; false when it died or did not come up in time. */
    boolean awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(healthUrl))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
