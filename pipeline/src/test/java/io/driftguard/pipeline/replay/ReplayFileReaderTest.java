package io.driftguard.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.ReadScan;
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

    @Test
    void theSourceSplitsBatchesOneRecordAtATimeIntoWhatAWholeSplitGivesWithReducedTrees() throws Exception {
        // CloudTrail files split one record at a time: a clean one; one malformed part-way, one with an
        // element that is not an object and one with a second document after the batch (each then
        // split whole, past the records already handed out); a gzip JSON-lines file (read whole), a
        // plain one (read line by line) with a broken line
        StringBuilder trail = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < 40; i++) {
            trail.append(i > 0 ? "," : "").append(trailRecord(i));
        }
        read(
                "aws-cloudtrail/a.json.gz",
                ReplayFixtures.gzip(trail.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
        read("aws-cloudtrail/broken.json", "{\"Records\": [" + trailRecord(50) + ", {\"eventID\": \"x\",");
        read(
                "aws-cloudtrail/mixed.json",
                "{\"Records\": [" + trailRecord(60) + ", \"text\", " + trailRecord(61) + "]}");
        read(
                "aws-cloudtrail/two.json",
                "{\"Records\": [" + trailRecord(70) + "], \"more\": {\"a\": 1}}\n{\"Records\": [" + trailRecord(71)
                        + "]}");
        String line = "{\"insertId\":\"i\",\"timestamp\":\"2025-03-03T10:00:00.123456Z\"}\n";
        read("gcp-audit/gzipped.jsonl", ReplayFixtures.gzip((line + line).getBytes(StandardCharsets.UTF_8)));
        read("gcp-audit/day.jsonl", line + "{broken\n" + line);
        List<ReplayFileSource.FileRef> refs = new ReplayFolder(dir)
                .inputFiles().stream().map(ReplayFileSource.FileRef::of).toList();

        List<RawRecord> whole = new ArrayList<>();
        ReplayFileReader.open(refs, 0).forEachRemaining(whole::add);
        ReplayFileReader.RecordIterator source = ReplayFileReader.openReducing(refs, 0);
        List<RawRecord> records = new ArrayList<>();
        while (source.hasNext()) {
            RawRecord r = source.next();
            records.add(r);
            if (r.reduced() != null && r.reduced().tree() != null) {
                assertThat(r.reduced().tree())
                        .isEqualTo(ReadScan.reduce(r.payload(), r.reduced().fields()));
            }
        }
        assertThat(records)
                .extracting(RawRecord::source, RawRecord::origin, ReplayFileReaderTest::text)
                .containsExactlyElementsOf(whole.stream()
                        .map(r -> tuple(r.source(), r.origin(), text(r)))
                        .toList());
        assertThat(records).hasSize(40 + 2 + 3 + 2 + 2 + 3);
        assertThat(records).filteredOn(r -> r.reduced() != null).hasSizeGreaterThanOrEqualTo(40 + 1 + 2 + 2);
    }

    @Test
    void theSourceRestoredFromACheckpointContinuesInsideABatchItCutsOneRecordAtATime() throws Exception {
        read(
                "aws-cloudtrail/a.json.gz",
                ReplayFixtures.gzip(
                        ("{\"Records\":[" + trailRecord(0) + "," + trailRecord(1) + "," + trailRecord(2) + "]}")
                                .getBytes(StandardCharsets.UTF_8)));
        List<ReplayFileSource.FileRef> refs = new ReplayFolder(dir)
                .inputFiles().stream().map(ReplayFileSource.FileRef::of).toList();
        ReplayFileReader.RecordIterator it = ReplayFileReader.openReducing(refs, 2);
        RawRecord third = it.next();
        assertThat(third.origin()).isEqualTo(file("aws-cloudtrail/a.json.gz") + "#2");
        assertThat(text(third)).isEqualTo(trailRecord(2));
        assertThat(third.reduced()).isNotNull();
        assertThat(it.hasNext()).isFalse();
        assertThat(it.emitted()).isEqualTo(3);
    }

    private static String trailRecord(int i) {
        return "{\"eventID\":\"e" + i + "\",\"eventTime\":\"2025-03-03T08:" + (10 + i % 50)
                + ":00Z\",\"eventName\":\"DescribeInstances\",\"requestParameters\":{\"a\":[1,2]}}";
    }
}
