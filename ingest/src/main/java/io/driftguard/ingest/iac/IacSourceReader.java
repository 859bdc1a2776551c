package io.driftguard.ingest.iac;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one kind of IaC source from its folder under a replay input's {@code iac/}
 * ({@code terraform}, {@code cloudformation}, {@code kubernetes}). The extension point for a new
 * source: implement it and pass it to {@link IacFolderReader}.
 */
public interface IacSourceReader {

    /** The sub-folder of {@code iac/} this reader owns ({@code kubernetes}). */
    String folder();

    /**
     * Reads everything under {@code dir}. Must not throw for bad content: report it to
     * {@code problems} and go on with the next file.
     *
     * @param dir {@code iac/<folder>}
     * @param inputRoot the replay input folder, for display names relative to it
     */
    void read(Path dir, Path inputRoot, Consumer<DeclaredResource> resources, Consumer<IacProblem> problems);

    /**
     * The parts of {@code dir} that can be read one at a time (files, stacks), in reading order; a
     * replay reads them in parallel and one at a time, so its memory does not grow with the IaC.
     * By default the whole folder is one part.
     */
    default List<Path> units(Path dir, Consumer<IacProblem> problems) {
        return List.of(dir);
    }

    /** Reads one of {@link #units}; reading every unit in order is {@link #read}. */
    default void readUnit(
            Path dir, Path unit, Path inputRoot, Consumer<DeclaredResource> resources, Consumer<IacProblem> problems) {
        read(dir, inputRoot, resources, problems);
    }
}
