package io.driftguard.core.event;

import java.time.Instant;
import java.util.List;

/**
 * One commit of a push delivery (GitHub or GitLab).
 *
 * @param id the commit SHA
 * @param delivery the webhook delivery id, for de-duplication
 * @param repository {@code owner/name} or GitLab {@code path_with_namespace}
 * @param ref the pushed ref ({@code refs/heads/main})
 * @param paths every file the commit added, modified or removed
 */
public record Commit(
        String id,
        String source,
        Instant time,
        String delivery,
        String repository,
        String ref,
        String author,
        String message,
        List<String> paths,
        String url)
        implements ContextEvent {

    public Commit {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }
}
