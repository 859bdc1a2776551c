package io.driftguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The provider sample payloads the test kit carries ({@code samples/} in its resources: copied
 * third-party examples and the project's own fixtures; sources and licences in
 * {@code samples/NOTICE}), as files on disk.
 *
 * <p>Other modules see the kit as a jar, so the first call copies {@code samples/} out of it into a
 * temporary folder (removed when the JVM exits); when the kit is a folder of classes, the files are
 * used where they are. A file or folder that is not there is an error, never a reason to skip.
 */
public final class Samples {

    private static final String FOLDER = "samples";
    private static volatile Path root;

    private Samples() {}

    /** The samples folder on disk. */
    public static Path root() {
        Path r = root;
        if (r == null) {
            synchronized (Samples.class) {
                if (root == null) {
                    root = locate(codeLocation());
                }
                r = root;
            }
        }
        return r;
    }

    /**
     * A sample file, by its path under the samples folder: {@code path("aws-cloudtrail",
     * "stratus-aws.execution.ec2-user-data.json")} or {@code path("tickets/jira-webhook-issue_created.json")}.
     */
    public static Path path(String first, String... more) {
        Path p = root().resolve(Path.of(first, more).toString());
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no sample " + root().relativize(p) + " in " + root());
        }
        return p;
    }

    /** A sample's exact bytes. */
    public static byte[] bytes(String first, String... more) {
        try {
            return Files.readAllBytes(path(first, more));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample as UTF-8 text. */
    public static String text(String first, String... more) {
        return new String(bytes(first, more), StandardCharsets.UTF_8);
    }

    /** The files directly in {@code folder} whose names end with {@code suffix}, sorted by name; never empty. */
    public static List<Path> list(String folder, String suffix) {
        Path dir = root().resolve(folder);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no sample folder " + folder + " in " + root());
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no sample *" + suffix + " in " + dir);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where this class was loaded from: the kit's jar or its folder of classes. */
    private static Path codeLocation() {
        CodeSource source = Samples.class.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null) {
            throw new IllegalStateException(
                    "cannot tell where the test kit was loaded from, so its samples cannot be found");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test kit location is not a file: " + url, e);
        }
    }

    /** The samples folder inside {@code location} (a folder of classes), or copied out of it (a jar). */
    static Path locate(Path location) {
        if (Files.isDirectory(location)) {
            Path dir = location.resolve(FOLDER);
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("the test kit at " + location + " has no " + FOLDER + "/ folder");
            }
            return dir;
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            Path inside = jar.getPath(FOLDER);
            if (!Files.isDirectory(inside)) {
                throw new IllegalStateException("the test kit jar " + location + " has no " + FOLDER + "/ folder");
            }
            Path target = Files.createTempDirectory("driftguard-samples-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(target), "driftguard-samples-cleanup"));
            copyTree(inside, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the samples out of " + location, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit: the folder is under the system's temporary directory
        }
    }
}
