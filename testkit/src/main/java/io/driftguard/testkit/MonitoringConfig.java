package io.driftguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names DriftGuard's operators depend on: every one that an alert rule
 * ({@code deploy/monitoring/alerts.yml}) or a Grafana dashboard ({@code deploy/monitoring/grafana/
 * dashboards/*.json}) names. Each component's tests scrape the running component and check that it
 * exports the names with its prefix, so a renamed metric breaks the build, not the pager.
 */
public final class MonitoringConfig {

    /** A metric name inside a PromQL expression: DriftGuard's, Flink's and the JVM pool's prefixes. */
    private static final Pattern METRIC =
            Pattern.compile("\\b((?:flink|driftguard|hikaricp|jvm|http_server)_[A-Za-z0-9_]+)");

    private MonitoringConfig() {}

    /** The folder with prometheus.yml, alerts.yml and grafana/, found from the working directory upwards. */
    public static Path folder() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("deploy/monitoring");
            if (Files.isRegularFile(candidate.resolve("alerts.yml"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no deploy/monitoring/alerts.yml above " + Path.of("").toAbsolutePath());
    }

    /** The files whose expressions are checked: the alert rules and every provisioned dashboard. */
    public static List<Path> files() {
        Path folder = folder();
        List<Path> out = new ArrayList<>();
        out.add(folder.resolve("alerts.yml"));
        try (Stream<Path> dashboards = Files.list(folder.resolve("grafana/dashboards"))) {
            dashboards.filter(p -> p.toString().endsWith(".json")).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every metric name the rules and dashboards use whose name starts with {@code prefix}. */
    public static Set<String> metricsNamed(String prefix) {
        Set<String> names = new TreeSet<>();
        for (Path file : files()) {
            try {
                Matcher m = METRIC.matcher(Files.readString(file));
                while (m.find()) {
                    if (m.group(1).startsWith(prefix)) {
                        names.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /**
     * The metric names in a Prometheus text exposition (one sample per line, {@code name{labels} value}),
     * with the {@code _total}, {@code _count}, {@code _sum} and {@code _bucket} forms as exported.
     */
    public static Set<String> exported(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
