package io.driftguard.ingest.iac.remote;

import io.driftguard.ingest.iac.IacProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Keeps a local copy of each remote state in an IaC folder of its own
 * ({@code <folder>/terraform/<name>/terraform.tfstate}), refreshed only when the state changed, so
 * {@code iac-sync} reads remote and local IaC the same way.
 */
public final class RemoteStates {

    private final List<RemoteState> states;
    private final Path folder;

    public RemoteStates(List<RemoteState> states, Path folder) {
        this.states = List.copyOf(states);
        this.folder = folder;
    }

    /** The IaC folder the copies are kept in. */
    public Path folder() {
        return folder;
    }

    /**
     * Polls every state; a state that cannot be read keeps its last copy and is reported.
     *
     * @return how many states changed
     */
    public int refresh(List<IacProblem> problems) {
        int changed = 0;
        for (RemoteState s : states) {
            try {
                byte[] state = s.fetchIfChanged();
                if (state == null) {
                    continue;
                }
                Path file = folder.resolve("terraform").resolve(s.name()).resolve("terraform.tfstate");
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling("terraform.tfstate.tmp");
                Files.write(tmp, state);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                changed++;
            } catch (IOException | RuntimeException e) {
                problems.add(
                        new IacProblem(s.name(), "remote state not read, its last copy is kept: " + e.getMessage()));
            }
        }
        return changed;
    }
}
