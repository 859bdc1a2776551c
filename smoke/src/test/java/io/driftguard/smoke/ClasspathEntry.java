package io.driftguard.smoke;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** One jar or class folder of a classpath: the classes it holds, by resource name. */
record ClasspathEntry(String name, Path location, List<String> classes) {

    /** A jar or a class folder. */
    static ClasspathEntry of(Path location) {
        try {
            List<String> classes = new ArrayList<>();
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> location.relativize(f).toString().replace('\\', '/'))
                            .filter(ClasspathEntry::competes)
                            .forEach(classes::add);
                }
            } else {
                try (ZipFile zip = new ZipFile(location.toFile())) {
                    for (ZipEntry e : Collections.list(zip.entries())) {
                        if (!e.isDirectory() && e.getName().endsWith(".class") && competes(e.getName())) {
                            classes.add(e.getName());
                        }
                    }
                }
            }
            return new ClasspathEntry(location.getFileName().toString(), location, classes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    /**
     * The jars a Spring Boot jar nests under {@code BOOT-INF/lib/}, copied out to {@code scratch}, and its
     * {@code BOOT-INF/classes/}, unpacked there: what its launcher puts on the classpath.
     */
    static List<ClasspathEntry> ofBootJar(Path bootJar, Path scratch) {
        List<ClasspathEntry> out = new ArrayList<>();
        Path classes = scratch.resolve("BOOT-INF/classes");
        try (ZipFile zip = new ZipFile(bootJar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                boolean nestedJar =
                        e.getName().startsWith("BOOT-INF/lib/") && e.getName().endsWith(".jar");
                boolean ownClass = e.getName().startsWith("BOOT-INF/classes/")
                        && e.getName().endsWith(".class");
                if (nestedJar || ownClass) {
                    Path target = scratch.resolve(e.getName());
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, target);
                    }
                    if (nestedJar) {
                        out.add(of(target));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + bootJar, e);
        }
        if (Files.isDirectory(classes)) {
            out.add(of(classes));
        }
        return out;
    }

    /**
     * Every class that two entries hold with different bytes, with the entries holding each version. The
     * JVM loads whichever comes first, and a wildcard classpath ({@code lib/*}) has no defined order.
     */
    static List<String> classesInTwoVersions(List<ClasspathEntry> classpath) {
        Map<String, List<ClasspathEntry>> holders = new TreeMap<>();
        for (ClasspathEntry entry : classpath) {
            for (String c : entry.classes()) {
                holders.computeIfAbsent(c, k -> new ArrayList<>()).add(entry);
            }
        }
        List<String> out = new ArrayList<>();
        holders.forEach((className, entries) -> {
            if (entries.size() > 1) {
                Map<String, List<String>> byContent = new LinkedHashMap<>();
                for (ClasspathEntry e : entries) {
                    byContent
                            .computeIfAbsent(e.sha256(className), k -> new ArrayList<>())
                            .add(e.name());
                }
                if (byContent.size() > 1) {
                    out.add(className + " differs between " + byContent.values());
                }
            }
        });
        return out;
    }

    private String sha256(String className) {
        try (InputStream in = open(className)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + className + " from " + location, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private InputStream open(String className) throws IOException {
        if (Files.isDirectory(location)) {
            return Files.newInputStream(location.resolve(className));
        }
        ZipFile zip = new ZipFile(location.toFile());
        return new FilterInputStream(zip.getInputStream(zip.getEntry(className))) {
            @Override
            public void close() throws IOException {
                super.close();
                zip.close();
            }
        };
    }

    /** Multi-release variants and module descriptors are not what the class path competes for. */
    private static boolean competes(String className) {
        return !className.startsWith("META-INF/") && !className.endsWith("module-info.class");
    }
}
