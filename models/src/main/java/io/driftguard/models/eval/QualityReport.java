package io.driftguard.models.eval;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.models.scenario.label.Expect;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Detection quality as docs/design/replay-contract.md counts it. A labelled drift episode is detected when a finding of
 * kind {@code drift} lists any of its events; a drift finding listing none of the drift episodes'
 * events is a false positive; a further finding for an already detected episode is a duplicate.
 * Cause, severity and recommendation are compared on the finding sharing the most events with the
 * episode.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
    "drift_episodes",
    "detected",
    "recall",
    "drift_findings",
    "false_positives",
    "false_positive_rate",
    "not_drift_cases",
    "not_drift_cases_with_drift_finding",
    "not_drift_false_positive_rate",
    "duplicates"
})
public record QualityReport(
        int driftEpisodes,
        int detected,
        double recall,
        int driftFindings,
        int falsePositives,
        double falsePositiveRate,
        int notDriftCases,
        int notDriftCasesWithDriftFinding,
        double notDriftFalsePositiveRate,
        int duplicates,
        Map<String, Ratio> recallByFamily,
        Map<String, Ratio> recallByCloud,
        Map<String, Ratio> notDriftFalsePositivesByFamily,
        double causeAccuracy,
        Map<String, ClassScore> causeScores,
        double causeMacroPrecision,
        Map<String, Map<String, Integer>> causeConfusion,
        double severityAgreement,
        double recommendationAgreement,
        double resolutionAgreement,
        ConfidenceQuality causeConfidence,
        ConfidenceQuality recommendationConfidence,
        List<String> missedCaseIds,
        List<String> falsePositiveFindingIds) {

    /** The five causes' ids, in the taxonomy's precedence order. */
    public static final List<String> CAUSES = Term.ids(Cause.class);

    /** {@code hits} of {@code total}. */
    public record Ratio(int hits, int total, double value) {
        static Ratio of(int hits, int total) {
            return new Ratio(hits, total, total == 0 ? Double.NaN : (double) hits / total);
        }
    }

    /** Precision and recall of one cause, over detected episodes. */
    public record ClassScore(int predicted, int actual, int correct, double precision, double recall) {}

    private record Case(
            String id,
            String expect,
            String family,
            String cloud,
            List<String> events,
            String cause,
            String severity,
            String recommendation,
            String status,
            String resolution) {}

    private record FindingRow(
            String id,
            String kind,
            List<String> events,
            String cause,
            String severity,
            String recommendation,
            String status,
            String resolution,
            double causeConfidence,
            double recommendationConfidence) {}

    public static QualityReport compute(Path labelsFile, Path findingsFile) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (JsonNode n : readLines(labelsFile)) {
            List<String> ev = new ArrayList<>();
            n.path("event_ids").forEach(e -> ev.add(e.asText()));
            cases.add(new Case(
                    n.path("case_id").asText(),
                    n.path("expect").asText(),
                    n.path("family").asText(),
                    n.path("cloud").asText(),
                    ev,
                    text(n, "cause"),
                    text(n, "severity"),
                    text(n, "recommendation"),
                    text(n, "status"),
                    text(n, "resolution")));
        }
        // A finding is written once per version in some sinks: keep the latest line of each finding_id.
        Map<String, FindingRow> latest = new LinkedHashMap<>();
        for (JsonNode n : readLines(findingsFile)) {
            List<String> ev = new ArrayList<>();
            n.path("source_events").forEach(e -> ev.add(e.asText()));
            String id = n.path("finding_id").asText("line-" + latest.size());
            latest.put(
                    id,
                    new FindingRow(
                            id,
                            n.path("kind").asText(),
                            ev,
                            text(n, "cause"),
                            text(n, "severity"),
                            text(n, "recommendation"),
                            text(n, "status"),
                            text(n, "resolution"),
                            n.path("cause_confidence").asDouble(Double.NaN),
                            n.path("recommendation_confidence").asDouble(Double.NaN)));
        }
        List<FindingRow> drift = latest.values().stream()
                .filter(f -> FindingKind.DRIFT.id().equals(f.kind()))
                .toList();
        return compute(cases, drift);
    }

    private static QualityReport compute(List<Case> cases, List<FindingRow> drift) {
        Map<String, List<Integer>> eventToCase = new HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            for (String e : cases.get(i).events()) {
                eventToCase.computeIfAbsent(e, k -> new ArrayList<>()).add(i);
            }
        }
        int[] findingsPerCase = new int[cases.size()];
        int[] bestShared = new int[cases.size()];
        FindingRow[] best = new FindingRow[cases.size()];
        int falsePositives = 0;
        List<String> fpIds = new ArrayList<>();
        for (FindingRow f : drift) {
            Map<Integer, Integer> shared = new TreeMap<>();
            for (String e : f.events()) {
                for (int c : eventToCase.getOrDefault(e, List.of())) {
                    shared.merge(c, 1, Integer::sum);
                }
            }
            boolean matchesDrift = false;
            for (Map.Entry<Integer, Integer> s : shared.entrySet()) {
                int c = s.getKey();
                findingsPerCase[c]++;
                if (cases.get(c).expect().equals(Expect.DRIFT.id())) {
                    matchesDrift = true;
                    if (s.getValue() > bestShared[c]) {
                        bestShared[c] = s.getValue();
                        best[c] = f;
                    }
                }
            }
            if (!matchesDrift) {
                falsePositives++;
                fpIds.add(f.id());
            }
        }
        int episodes = 0;
        int detected = 0;
        int duplicates = 0;
        int notDrift = 0;
        int notDriftHit = 0;
        Map<String, int[]> byFamily = new TreeMap<>();
        Map<String, int[]> byCloud = new TreeMap<>();
        Map<String, int[]> ndByFamily = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
        for (String c : CAUSES) {
            Map<String, Integer> row = new LinkedHashMap<>();
            for (String p : CAUSES) {
                row.put(p, 0);
            }
            row.put("none", 0);
            confusion.put(c, row);
        }
        int causeCorrect = 0;
        int sevAgree = 0;
        int recAgree = 0;
        int resAgree = 0;
        List<double[]> causeConf = new ArrayList<>();
        List<double[]> recConf = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (!c.expect().equals(Expect.DRIFT.id())) {
                notDrift++;
                boolean hit = findingsPerCase[i] > 0;
                notDriftHit += hit ? 1 : 0;
                int[] nd = ndByFamily.computeIfAbsent(c.family(), k -> new int[2]);
                nd[0] += hit ? 1 : 0;
                nd[1]++;
                continue;
            }
            episodes++;
            boolean hit = findingsPerCase[i] > 0;
            int[] fam = byFamily.computeIfAbsent(c.family(), k -> new int[2]);
            int[] cl = byCloud.computeIfAbsent(c.cloud(), k -> new int[2]);
            fam[1]++;
            cl[1]++;
            if (!hit) {
                missed.add(c.id());
                continue;
            }
            detected++;
            fam[0]++;
            cl[0]++;
            duplicates += findingsPerCase[i] - 1;
            FindingRow f = best[i];
            String predicted = f.cause() != null && CAUSES.contains(f.cause()) ? f.cause() : "none";
            if (c.cause() != null && confusion.containsKey(c.cause())) {
                confusion.get(c.cause()).merge(predicted, 1, Integer::sum);
            }
            causeCorrect += predicted.equals(c.cause()) ? 1 : 0;
            sevAgree += c.severity() != null && c.severity().equals(f.severity()) ? 1 : 0;
            recAgree += c.recommendation() != null && c.recommendation().equals(f.recommendation()) ? 1 : 0;
            resAgree +=
                    Objects.equals(c.status(), f.status()) && Objects.equals(c.resolution(), f.resolution()) ? 1 : 0;
            if (c.cause() != null && !Double.isNaN(f.causeConfidence())) {
                causeConf.add(new double[] {f.causeConfidence(), predicted.equals(c.cause()) ? 1 : 0});
            }
            if (c.recommendation() != null && !Double.isNaN(f.recommendationConfidence())) {
                recConf.add(new double[] {
                    f.recommendationConfidence(), c.recommendation().equals(f.recommendation()) ? 1 : 0
                });
            }
        }
        Map<String, ClassScore> scores = new LinkedHashMap<>();
        double precisionSum = 0;
        int precisionClasses = 0;
        for (String cause : CAUSES) {
            int predicted = 0;
            int actual = 0;
            for (Map.Entry<String, Map<String, Integer>> row : confusion.entrySet()) {
                predicted += row.getValue().get(cause);
                if (row.getKey().equals(cause)) {
                    for (int v : row.getValue().values()) {
                        actual += v;
                    }
                }
            }
            int correct = confusion.get(cause).get(cause);
            double precision = predicted == 0 ? (actual == 0 ? Double.NaN : 0.0) : (double) correct / predicted;
            double recall = actual == 0 ? Double.NaN : (double) correct / actual;
            scores.put(cause, new ClassScore(predicted, actual, correct, precision, recall));
            if (!Double.isNaN(precision)) {
                precisionSum += precision;
                precisionClasses++;
            }
        }
        return new QualityReport(
                episodes,
                detected,
                ratio(detected, episodes),
                drift.size(),
                falsePositives,
                ratio(falsePositives, drift.size()),
                notDrift,
                notDriftHit,
                ratio(notDriftHit, notDrift),
                duplicates,
                ratios(byFamily),
                ratios(byCloud),
                ratios(ndByFamily),
                ratio(causeCorrect, detected),
                scores,
                precisionClasses == 0 ? Double.NaN : precisionSum / precisionClasses,
                confusion,
                ratio(sevAgree, detected),
                ratio(recAgree, detected),
                ratio(resAgree, detected),
                confidence(causeConf),
                confidence(recConf),
                missed,
                fpIds);
    }

    private static ConfidenceQuality confidence(List<double[]> rows) {
        double[] conf = new double[rows.size()];
        boolean[] right = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            conf[i] = rows.get(i)[0];
            right[i] = rows.get(i)[1] > 0;
        }
        return ConfidenceQuality.of(conf, right);
    }

    private static Map<String, Ratio> ratios(Map<String, int[]> counts) {
        Map<String, Ratio> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, Ratio.of(v[0], v[1])));
        return out;
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new IOException(file + ":" + no + ": not a JSON object: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** The report as a person reads it, with the definition of every number. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("Detection\n");
        b.append(String.format(
                "  recall                 %s  (%d of %d labelled drift episodes have a drift finding listing one of their events)%n",
                pct(recall), detected, driftEpisodes));
        b.append(String.format(
                "  false-positive rate    %s  (%d of %d drift findings list no event of any labelled drift episode)%n",
                pct(falsePositiveRate), falsePositives, driftFindings));
        b.append(String.format(
                "  not-drift FP rate      %s  (%d of %d not-drift/unmanaged cases got a drift finding listing one of their events)%n",
                pct(notDriftFalsePositiveRate), notDriftCasesWithDriftFinding, notDriftCases));
        b.append(String.format(
                "  duplicates             %d  (drift findings beyond the first for an already detected episode)%n",
                duplicates));
        b.append("Recall by family\n");
        recallByFamily.forEach(
                (k, v) -> b.append(String.format("  %-24s %s  (%d/%d)%n", k, pct(v.value()), v.hits(), v.total())));
        b.append("Recall by cloud\n");
        recallByCloud.forEach(
                (k, v) -> b.append(String.format("  %-24s %s  (%d/%d)%n", k, pct(v.value()), v.hits(), v.total())));
        b.append("Not-drift cases with a drift finding, by family\n");
        notDriftFalsePositivesByFamily.forEach(
                (k, v) -> b.append(String.format("  %-24s %d/%d%n", k, v.hits(), v.total())));
        b.append(String.format(
                "Cause (on the finding sharing most events, over detected episodes)%n  accuracy %s, macro precision %s%n",
                pct(causeAccuracy), pct(causeMacroPrecision)));
        causeScores.forEach((k, v) -> b.append(String.format(
                "  %-24s precision %s (%d predicted)  recall %s (%d actual)%n",
                k, pct(v.precision()), v.predicted(), pct(v.recall()), v.actual())));
        b.append("Confusion (rows: labelled cause, columns: predicted)\n");
        b.append(String.format("  %-24s", ""));
        for (String p : causeConfusion.values().iterator().next().keySet()) {
            b.append(String.format(" %9s", p.length() > 9 ? p.substring(0, 9) : p));
        }
        b.append('\n');
        causeConfusion.forEach((k, row) -> {
            b.append(String.format("  %-24s", k));
            row.values().forEach(v -> b.append(String.format(" %9d", v)));
            b.append('\n');
        });
        b.append(String.format(
                "Severity agreement       %s%nRecommendation agreement %s%nResolution agreement     %s  (status and resolution as labelled)%n",
                pct(severityAgreement), pct(recommendationAgreement), pct(resolutionAgreement)));
        b.append("Cause confidence (detected episodes; right = the labelled cause)\n");
        b.append(causeConfidence.render("  "));
        b.append("Recommendation confidence (right = the labelled recommendation)\n");
        b.append(recommendationConfidence.render("  "));
        return b.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "   n/a" : String.format("%5.1f%%", v * 100);
    }
}
