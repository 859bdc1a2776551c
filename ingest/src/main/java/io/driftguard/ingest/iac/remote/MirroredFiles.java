package io.driftguard.ingest.iac.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder of local copies replaced as a whole: written beside it first, then swapped in, so a pass
 * never reads half of an old copy and half of a new one, and left alone when nothing in it changed.
 */
final class MirroredFiles {

    private MirroredFiles() {}

    /**
     * Makes {@code dir} hold exactly {@code files} (paths relative to it, {@code /}-separated).
     *
     * @param staging where the new copy is written before it is swapped in; outside every folder an IaC
     *     reader lists
     * @return whether anything changed
     */
    static boolean replace(Path dir, Path staging, Map<String, byte[]> files) {
        if (same(read(dir), files)) {
            return false;
        }
        try {
            delete(staging);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path file = staging.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, f.getValue());
            }
            Files.createDirectories(staging);
            delete(dir);
            Files.createDirectories(dir.getParent());
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the copy in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The files under {@code dir} by relative path; empty when it does not exist. */
    static Map<String, byte[]> read(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("reading the copy in " + dir + ": " + e.getMessage(), asIo(e));
        }
        return out;
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("deleting the copy in " + dir + ": " + e.getMessage(), asIo(e));
        }
    }

    private static boolean same(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    private static IOException asIo(Exception e) {
        return e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
    }
}
