package io.driftguard.ingest.iac;

import java.nio.file.Path;
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
}
