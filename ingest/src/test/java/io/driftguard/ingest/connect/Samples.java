package io.driftguard.ingest.connect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared provider samples ({@code -Ddriftguard.samples}); tests skip when they are absent. */
public final class Samples {

    public static Path dir() {
        String prop = System.getProperty("driftguard.samples", "../../shared/samples");
        Path dir = Path.of(prop);
        assumeTrue(Files.isDirectory(dir), "samples folder not found: " + dir);
        return dir;
    }

    public static byte[] bytes(String relative) throws IOException {
        Path f = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(f), "sample not found: " + f);
        return Files.readAllBytes(f);
    }

    private Samples() {}
}
