package io.driftguard.judge.semantics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Instance types, machine types, VM sizes and database classes: how big and how dear.
 *
 * <p>Known sizes come from {@code sizes.csv} beside this class (vCPUs, memory, an on-demand list
 * price). Any other size is still ranked within its family by its name, so
 * {@code m7g.16xlarge > m7g.4xlarge}, {@code n2d-standard-32 > n2d-standard-8} and
 * {@code standard_d64s_v5 > standard_d8s_v5} without a table row; sizes of different families
 * compare only when both are in the table (by memory, the measure that tracks the family steps:
 * t3.micro 1 GiB &lt; t3.small 2 GiB although both have 2 vCPUs).
 */
public final class Sizes {

    /** Hours in an average month, as the providers' calculators use. */
    public static final double HOURS_PER_MONTH = 730;

    /** Cloud SQL Enterprise custom machine prices (us-central1), per vCPU-hour and GiB-hour. */
    private static final double SQL_CUSTOM_VCPU_HOUR = 0.0413;

    private static final double SQL_CUSTOM_GIB_HOUR = 0.007;

    /** AWS size words in order, with relative units (each step doubles). */
    private static final List<String> AWS_WORDS = List.of("nano", "micro", "small", "medium", "large", "xlarge");

    /** GCP shared-core machine types in order. */
    private static final List<String> GCP_SHARED = List.of("micro", "small", "medium");

    /** A known size. */
    public record Size(String name, double vcpus, double memoryGib, double usdPerHour) {
        public double usdPerMonth() {
            return usdPerHour * HOURS_PER_MONTH;
        }
    }

    /** A size read from its name: the family and a number that grows with the size within it. */
    public record Parsed(String family, double units) {}

    private static final Map<String, Size> TABLE = load();

    private Sizes() {}

    /** The table row, or a Cloud SQL custom tier computed from its name; null when unknown. */
    public static Size known(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        Size s = TABLE.get(n);
        if (s != null) {
            return s;
        }
        if (n.startsWith("db-custom-")) {
            String[] p = n.substring("db-custom-".length()).split("-");
            if (p.length == 2) {
                try {
                    double cpu = Double.parseDouble(p[0]);
                    double gib = Double.parseDouble(p[1]) / 1024;
                    return new Size(n, cpu, gib, cpu * SQL_CUSTOM_VCPU_HOUR + gib * SQL_CUSTOM_GIB_HOUR);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Family and rank units from the name alone, or null when the name follows no known scheme. */
    public static Parsed parse(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        // AWS: t3.large, db.r5.2xlarge
        int dot = n.lastIndexOf('.');
        if (dot > 0) {
            Double u = awsUnits(n.substring(dot + 1));
            return u == null ? null : new Parsed(n.substring(0, dot), u);
        }
        // Azure: standard_d4s_v3 → family d?s_v3, units 4
        if (n.startsWith("standard_") || n.startsWith("basic_")) {
            String rest = n.substring(n.indexOf('_') + 1);
            int i = 0;
            while (i < rest.length() && Character.isLetter(rest.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < rest.length() && Values.isAsciiDigit(rest.charAt(j))) {
                j++;
            }
            if (j == i) {
                return null;
            }
            return new Parsed(rest.substring(0, i) + "#" + rest.substring(j), Double.parseDouble(rest.substring(i, j)));
        }
        // GCP: n2-standard-8, db-n1-standard-2, e2-small, db-custom-2-7680
        if (n.startsWith("db-custom-")) {
            Size s = known(n);
            return s == null ? null : new Parsed("db-custom", s.memoryGib());
        }
        int dash = n.lastIndexOf('-');
        if (dash > 0) {
            String tail = n.substring(dash + 1);
            String head = n.substring(0, dash);
            int shared = GCP_SHARED.indexOf(tail);
            if (shared >= 0) {
                return new Parsed(head + "-shared", Math.pow(2, shared) / 4);
            }
            try {
                return new Parsed(head, Double.parseDouble(tail));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * How much bigger {@code to} is than {@code from} (2.0 = twice), or null when they cannot be
     * compared: memory when both are in the table, else name units within one family.
     */
    public static Double ratio(String from, String to) {
        Size a = known(from);
        Size b = known(to);
        if (a != null && b != null && a.memoryGib() > 0) {
            return b.memoryGib() / a.memoryGib();
        }
        Parsed pa = parse(from);
        Parsed pb = parse(to);
        if (pa != null && pb != null && pa.family().equals(pb.family()) && pa.units() > 0) {
            return pb.units() / pa.units();
        }
        return null;
    }

    private static Double awsUnits(String word) {
        int i = AWS_WORDS.indexOf(word);
        if (i >= 0) {
            return Math.pow(2, i);
        }
        if (word.endsWith("xlarge")) {
            try {
                return Double.parseDouble(word.substring(0, word.length() - "xlarge".length())) * 32;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (word.equals("metal")) {
            return null;
        }
        return null;
    }

    private static Map<String, Size> load() {
        Map<String, Size> out = new HashMap<>();
        try (InputStream in = Sizes.class.getResourceAsStream("sizes.csv")) {
            if (in == null) {
                throw new IllegalStateException("sizes.csv missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 4) {
                    throw new IllegalStateException("sizes.csv line " + no + ": expected 4 columns");
                }
                out.put(
                        f[0],
                        new Size(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
