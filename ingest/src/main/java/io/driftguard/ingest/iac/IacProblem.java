package io.driftguard.ingest.iac;

import java.nio.file.Path;

/**
 * Why an IaC file, or part of one, was not read: a bad file is reported, never thrown.
 *
 * @param file the file, relative to the replay input folder where known
 * @param reason a sentence a user can act on
 */
public record IacProblem(String file, String reason) {

    /**
     * A reader's folder ({@code iac/<reader>}) that could not be listed, named relative to the replay
     * input folder that holds {@code iac/}.
     */
    public static IacProblem cannotList(Path readerDir, Exception e) {
        Path dir = readerDir.toAbsolutePath();
        Path input = dir.getParent() == null ? null : dir.getParent().getParent();
        String name = input == null
                ? dir.toString()
                : input.relativize(dir).toString().replace('\\', '/');
        return new IacProblem(name, "cannot list folder: " + e.getMessage());
    }
}
