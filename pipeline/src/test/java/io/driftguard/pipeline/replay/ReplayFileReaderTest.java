package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftguard.ingest.RawRecord;
import io.driftguard.pipeline.parse.ParseFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the replay source hands the parse operator: each record's exact bytes with its file and
 * record index or line, and for every problem an unreadable marker that becomes a line of
 * {@code FINDINGS.jsonl.rejected}.
 */
class ReplayFileReaderTest {

    @TempDir
    Path dir;

    private static String record(int i) {
        return "{\"eventID\":\"e" + i + "\",\"userName\":\"Zoë\"}";
    }

    private List<RawRecord> read(String relative, byte[] content) throws Exception {
        Path file = dir.resolve("events/" + relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        List<ReplayFileSource.FileRef> refs = new ReplayFolder(dir)
                .inputFiles().stream()
                        .filter(f -> f.path().equals(file))
                        .map(ReplayFileSource.FileRef::of)
                        .toList();
        List<RawRecord> out = new ArrayList<>();
        ReplayFileReader.open(refs, 0).forEachRemaining(out::add);
        return out;
    }

    private List<RawRecord> read(String relative, String content) throws Exception {
        return read(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    private String file(String relative) {
        return dir.resolve("events/" + relative).toString();
    }

    private static String text(RawRecord r) {
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void aGzippedLogFileYieldsEachRecordsExactBytes() throws Exception {
        String json = "{\"Records\": [\n  " + record(0) + ",\n  " + record(1) + "\n]}";
        List<RawRecord> records =
                read("aws-cloudtrail/a.json.gz", ReplayFixtures.gzip(json.getBytes(StandardCharsets.UTF_8)));
        String f = file("aws-cloudtrail/a.json.gz");
        assertThat(records)
                .extracting(RawRecord::source, RawRecord::origin, ReplayFileReaderTest::text)
                .containsExactly(
                        tuple("aws-cloudtrail", f + "#0", record(0)), tuple("aws-cloudtrail", f + "#1", record(1)));
    }

    @Test
    void jsonLinesAreNamedByLineAndLeftForTheParserToRead() throws Exception {
        List<RawRecord> records =
                read("k8s-audit/prod-eu-1/day.jsonl", "{\"auditID\":\"1\"}\r\n\n{\"auditID\": broken}\n");
        String f = file("k8s-audit/prod-eu-1/day.jsonl");
        assertThat(records)
                .extracting(RawRecord::origin, ReplayFileReaderTest::text, RawRecord::cluster)
                .containsExactly(
                        tuple(f + ":1", "{\"auditID\":\"1\"}", "prod-eu-1"),
                        tuple(f + ":3", "{\"auditID\": broken}", "prod-eu-1"));
    }

    @Test
    void aMalformedFileKeepsTheRecordsBeforeTheProblemAndNamesWhereItIs() throws Exception {
        List<RawRecord> records =
                read("aws-cloudtrail/broken.json", "{\"Records\": [" + record(0) + ", {\"eventID\": \"x\",");
        String f = file("aws-cloudtrail/broken.json");
        assertThat(records)
                .extracting(RawRecord::source, RawRecord::origin, ReplayFileReaderTest::text)
                .containsExactly(
                        tuple("aws-cloudtrail", f + "#0", record(0)),
                        tuple(
                                ParseFunction.UNREADABLE,
                                f + "#1",
                                "aws-cloudtrail: malformed JSON: Unexpected end-of-input within/between"
                                        + " Object entries; the 1 records before it were kept"));
    }

    @Test
    void aTruncatedGzipFileKeepsTheRecordsBeforeTheCut() throws Exception {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 3000; i++) {
            json.append(i > 0 ? "," : "").append(record(i));
        }
        byte[] cut = ReplayFixtures.truncated(
                ReplayFixtures.gzip(json.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
        List<RawRecord> records = read("aws-cloudtrail/cut.json.gz", cut);
        List<RawRecord> kept = records.stream()
                .filter(r -> r.source().equals("aws-cloudtrail"))
                .toList();
        List<RawRecord> problems = records.stream()
                .filter(r -> r.source().equals(ParseFunction.UNREADABLE))
                .toList();
        assertThat(kept).isNotEmpty().hasSizeLessThan(3000);
        assertThat(problems)
                .extracting(RawRecord::origin)
                .containsExactly(
                        file("aws-cloudtrail/cut.json.gz") + "#" + kept.size(), file("aws-cloudtrail/cut.json.gz"));
        assertThat(text(problems.get(1)))
                .startsWith("aws-cloudtrail: truncated or corrupt gzip data: ")
                .endsWith("; the " + kept.size() + " records before it were kept");
    }

    @Test
    void filesThatCannotBeReadAsTheirSourceAreReportedAndHiddenFilesSkipped() throws Exception {
        assertThat(read("github/push.json", "{}")).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(ParseFunction.UNREADABLE);
            assertThat(r.origin()).isEqualTo(file("github/push.json"));
            assertThat(text(r)).startsWith("github: unexpected file type for github");
        });
        assertThat(read("gcp-audit/.partial.jsonl", "{}\n")).isEmpty();
        assertThat(read("aws-cloudtrail/empty.json", "")).isEmpty();
    }

    @Test
    void aRestoredCheckpointContinuesAfterTheRecordsAlreadyEmitted() throws Exception {
        read("gcp-audit/a.jsonl", record(0) + "\n" + record(1) + "\n" + record(2) + "\n");
        List<ReplayFileSource.FileRef> refs = new ReplayFolder(dir)
                .inputFiles().stream().map(ReplayFileSource.FileRef::of).toList();
        ReplayFileReader.RecordIterator it = ReplayFileReader.open(refs, 2);
        assertThat(it.next().origin()).endsWith("a.jsonl:3");
        assertThat(it.hasNext()).isFalse();
        assertThat(it.emitted()).isEqualTo(3);
    }
}
