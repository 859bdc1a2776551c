package io.driftguard.ingest.iac.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real bare Git repository on disk and a working clone that pushes to it, driven by the {@code git}
 * command as a person would: write or remove files, commit, push. The bare repository is what
 * {@code iac-sync} reads, over {@code file://} or served by {@link GitHttpBackend}.
 */
public final class LocalGitRepository {

    private final Path bare;
    private final Path work;

    private LocalGitRepository(Path bare, Path work) {
        this.bare = bare;
        this.work = work;
    }

    /** A bare repository {@code <dir>/<name>.git} with branch {@code main}, and its clone. */
    public static LocalGitRepository create(Path dir, String name) throws Exception {
        Path bare = dir.resolve(name + ".git");
        Path work = dir.resolve(name + "-work");
        git(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        git(dir, "init", "--quiet", "--initial-branch=main", work.toString());
        git(work, "remote", "add", "origin", bare.toString());
        return new LocalGitRepository(bare, work);
    }

    public Path bare() {
        return bare;
    }

    public String fileUrl() {
        return bare.toUri().toString();
    }

    public LocalGitRepository write(String file, String content) throws IOException {
        Path p = work.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return this;
    }

    public LocalGitRepository remove(String file) throws Exception {
        git(work, "rm", "--quiet", file);
        return this;
    }

    /** Commits everything and pushes it to {@code branch}; returns the commit id. */
    public String commit(String message, String branch) throws Exception {
        git(work, "add", "--all");
        git(work, "commit", "--quiet", "--allow-empty", "-m", message);
        git(work, "push", "--quiet", "origin", "HEAD:refs/heads/" + branch);
        return git(work, "rev-parse", "HEAD").strip();
    }

    public String commit(String message) throws Exception {
        return commit(message, "main");
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Platform Team",
                "-c",
                "user.email=platform@example.com",
                "-c",
                "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
