package io.driftguard.smoke;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One command in its own JVM, with its stdout and stderr captured line by line (and copied to a log file
 * under {@code target/smoke-logs/}, for when a check fails).
 */
final class ChildJvm {

    /**
     * What a class path that does not fit together throws. Any of these in a command's output means a
     * library is missing, or present in a version its callers were not built against.
     */
    static final Pattern LINKAGE_ERROR = Pattern.compile(
            "\\b(NoClassDefFoundError|ClassNotFoundException|NoSuchMethodError"
                    + "|NoSuchFieldError|AbstractMethodError|IncompatibleClassChangeError|LinkageError|ExceptionInInitializerError"
                    + "|UnsatisfiedLinkError|ServiceConfigurationError|UnsupportedClassVersionError|ClassFormatError|VerifyError)\\b");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> copy(log), "output of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java <jvmArgs>} in {@code workDir}. The child gets this JVM's environment without
     * DriftGuard's and the clouds' variables (a developer's shell must not change what is tested), plus {@code env}.
     */
    static ChildJvm start(String name, List<String> jvmArgs, Map<String, String> env, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("DRIFTGUARD_")
                        || k.startsWith("AWS_")
                        || k.startsWith("GOOGLE_")
                        || k.startsWith("PUBSUB_")
                        || k.startsWith("AZURE_")
                        || k.equals("JAVA_TOOL_OPTIONS")
                        || k.equals("SERVER_PORT"));
        pb.environment().putAll(env);
        try {
            Path logs = Files.createDirectories(Path.of("target", "smoke-logs"));
            return new ChildJvm(name, pb.start(), logs.resolve(name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void copy(Path log) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away; what it printed so far is kept
        }
    }

    /**
     * Waits until every pattern has matched a line of output and every URL answers 200, or the
     * process exits, or the deadline passes. Returns why it did not get there, or {@code null}.
     */
    String awaitStarted(List<Pattern> expected, List<URI> healthy, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Pattern> missing = new ArrayList<>(expected);
        int seen = 0;
        while (true) {
            synchronized (lines) {
                for (; seen < lines.size(); seen++) {
                    String line = lines.get(seen);
                    missing.removeIf(p -> p.matcher(line).find());
                }
                if (!missing.isEmpty() && process.isAlive() && System.nanoTime() < deadline) {
                    lines.wait(200);
                    continue;
                }
            }
            if (!process.isAlive()) {
                return "exited with " + process.exitValue() + " before it had started"
                        + (missing.isEmpty() ? "" : "; never logged " + missing);
            }
            if (!missing.isEmpty()) {
                return "did not log " + missing + " within " + timeout;
            }
            if (healthy.stream().allMatch(ChildJvm::answers200)) {
                return null;
            }
            if (System.nanoTime() >= deadline) {
                return "did not answer 200 on " + healthy + " within " + timeout;
            }
            Thread.sleep(200);
        }
    }

    private static boolean answers200(URI uri) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(5))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Asks the command to stop as a container runtime would (SIGTERM, so its shutdown hooks run), waits
     * for it, and kills it if it does not stop within {@code grace}. Returns everything it printed.
     */
    String stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5_000);
        return output();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** The lines of {@code output} that show a linkage error. */
    static List<String> linkageErrors(String output) {
        return output.lines()
                .filter(l -> LINKAGE_ERROR.matcher(l).find())
                .map(String::strip)
                .toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
