package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayFileSourceTest {

    @TempDir
    Path dir;

    @Test
    void aGzipFileWeighsWhatItInflatesTo() throws IOException {
        byte[] json = "{\"Records\":[{\"eventName\":\"DescribeInstances\"}]}"
                .repeat(200)
                .getBytes(StandardCharsets.UTF_8);
        Path gz = dir.resolve("trail.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(json);
        }
        Path plain = Files.write(dir.resolve("audit.jsonl"), json);

        assertThat(Files.size(gz)).isLessThan(json.length / 5);
        assertThat(ReplayFileSource.weight(gz)).isEqualTo(json.length);
        assertThat(ReplayFileSource.weight(plain)).isEqualTo(json.length);
    }

    @Test
    void aTruncatedGzipFileWeighsAtLeastItsLength() throws IOException {
        Path bad = Files.write(
                dir.resolve("broken.json.gz"),
                new byte[] {31, (byte) 139, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThat(ReplayFileSource.weight(bad)).isGreaterThanOrEqualTo(Files.size(bad));
    }
}
