package io.driftguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a killed run leaves behind, and how the next run gets rid of it: a PostgreSQL server still
 * running on a data directory whose owner died, half-written data and broker directories, a
 * half-unpacked copy of the PostgreSQL binaries.
 */
final class StaleData {

    /** The embedded server's own lock file in its data directory, held while its owner lives. */
    static final String LOCK_FILE = "epg-lock";

    /** How long a left-over server gets to stop on SIGTERM before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private StaleData() {}

    static void recover(Path dataDirectory) {
        if (!Files.exists(dataDirectory)) {
            removeHalfUnpackedBinaries();
            return;
        }
        refuseIfInUse(dataDirectory);
        stopOrphanedServer(dataDirectory);
        deleteTree(dataDirectory);
        removeHalfUnpackedBinaries();
    }

    /** Fails when a live process holds the data directory's lock: its server is not stale. */
    private static void refuseIfInUse(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        if (!lockable(lockFile)) {
            throw new IllegalStateException("the PostgreSQL data directory " + dataDirectory
                    + " is in use by a running process (another demo?); stop it, or use another --data-dir");
        }
    }

    private static boolean lockable(Path lockFile) {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock()) {
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false; // held by this JVM
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the lock " + lockFile, e);
        }
    }

    /**
     * Stops the PostgreSQL server named by the directory's {@code postmaster.pid} when that process
     * is alive and is PostgreSQL (a reused process id of another program is left alone): SIGTERM,
     * then SIGKILL for it and its backends after {@link #STOP_GRACE}.
     */
    static void stopOrphanedServer(Path dataDirectory) {
        Optional<ProcessHandle> postmaster = postmaster(dataDirectory);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle p = postmaster.get();
        List<ProcessHandle> backends = p.descendants().toList();
        p.destroy();
        try {
            p.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
        backends.forEach(ProcessHandle::destroyForcibly);
        awaitExit(p);
        backends.forEach(StaleData::awaitExit);
    }

    /** The live PostgreSQL process that {@code postmaster.pid} names, if there is one. */
    static Optional<ProcessHandle> postmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long pid;
        try (Stream<String> lines = Files.lines(pidFile)) {
            pid = Long.parseLong(lines.findFirst().orElse("").strip());
        } catch (IOException | NumberFormatException | UncheckedIOException e) {
            return Optional.empty(); // no file, or half written: no server got far enough to serve
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                        .orElse(false));
    }

    private static void awaitExit(ProcessHandle h) {
        try {
            h.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("process " + h.pid() + " did not exit after SIGKILL", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(all::add);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot read " + root + " to remove it", e);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + p + " (left over from an earlier run)", e);
            }
        }
    }

    /**
     * The embedded server unpacks its binaries once per machine into {@code <tmp>/embedded-pg/PG-<digest>}
     * and marks the copy complete with {@code .exists}; a run killed while unpacking leaves a copy
     * without the mark that every later run would use as it is. Such a copy is removed when nobody
     * holds its unpack lock and it is older than a minute (an unpacking in progress holds the lock).
     */
    private static void removeHalfUnpackedBinaries() {
        Path working = Path.of(System.getProperty(
                "ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
        if (!Files.isDirectory(working)) {
            return;
        }
        Instant old = Instant.now().minus(Duration.ofMinutes(1));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(working, "PG-*")) {
            for (Path dir : dirs) {
                if (Files.exists(dir.resolve(".exists"))
                        || Files.getLastModifiedTime(dir).compareTo(FileTime.from(old)) > 0
                        || !lockable(dir.resolve(LOCK_FILE))) {
                    continue;
                }
                deleteTree(dir);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: another user's folder, a concurrent unpacking; the start reports real trouble
        }
    }
}
