package io.driftguard.models.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.Term;
import io.driftguard.judge.context.EpisodeContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the episode contexts a replay wrote (one {@link EpisodeContext} JSON object per line,
 * {@code Json.MAPPER}, snake_case) to the labelled cases of {@code labels.jsonl}, by the
 * evaluator's rule: a context belongs to the labelled drift case that shares the most events
 * ({@code finding.source_events} ∩ {@code event_ids}); contexts sharing none are false positives
 * and are left out of training, as are lines that cannot be read (counted, with the first reason).
 */
public final class LabelledContexts {

    /** The joined examples and what was left out. */
    public record Result(List<Example> examples, int unmatched, int unreadable, String firstProblem) {}

    /** One context with the cause its labelled case has. */
    public record Example(String group, String caseId, EpisodeContext context, Cause cause) {}

    /** Whether the example is a replayed episode joined to a labelled case (not a {@link TaxonomySampler} draw). */
    public static boolean replayed(Example e) {
        return e.caseId() != null && e.caseId().startsWith("case-");
    }

    private record Case(String id, Cause cause, Set<String> events) {}

    private LabelledContexts() {}

    public static Result join(Path contexts, Path labels, String group) throws IOException {
        List<Case> cases = new ArrayList<>();
        Map<String, List<Case>> byEvent = new HashMap<>();
        int unreadable = 0;
        String problem = null;
        try (BufferedReader in = Files.newBufferedReader(labels, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode l;
                try {
                    l = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    unreadable++;
                    problem = problem != null ? problem : labels + " line " + n + ": " + e.getMessage();
                    continue;
                }
                String causeId = l.path("cause").asText(null);
                if (!FindingKind.DRIFT.id().equals(l.path("expect").asText())
                        || !Term.ids(Cause.class).contains(causeId)) {
                    continue;
                }
                Set<String> events = new HashSet<>();
                l.path("event_ids").forEach(e -> events.add(e.asText()));
                Case c = new Case(l.path("case_id").asText(), Cause.of(causeId), events);
                cases.add(c);
                for (String e : events) {
                    byEvent.computeIfAbsent(e, k -> new ArrayList<>()).add(c);
                }
            }
        }
        List<Example> examples = new ArrayList<>();
        int unmatched = 0;
        try (BufferedReader in = Files.newBufferedReader(contexts, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                EpisodeContext ctx;
                try {
                    ctx = Json.MAPPER.readValue(line, EpisodeContext.class);
                } catch (IOException e) {
                    unreadable++;
                    problem = problem != null ? problem : contexts + " line " + n + ": " + e.getMessage();
                    continue;
                }
                if (ctx.finding() == null || ctx.finding().kind() != FindingKind.DRIFT) {
                    continue;
                }
                Case best = best(ctx.finding().sourceEvents(), byEvent);
                if (best == null) {
                    unmatched++;
                } else {
                    examples.add(new Example(group, best.id(), ctx, best.cause()));
                }
            }
        }
        return new Result(examples, unmatched, unreadable, problem);
    }

    /** The case sharing the most events; ties go to the smaller case id, so the join never depends on hash order. */
    private static Case best(List<String> sourceEvents, Map<String, List<Case>> byEvent) {
        Map<Case, Integer> shared = new HashMap<>();
        for (String e : new HashSet<>(sourceEvents)) {
            for (Case c : byEvent.getOrDefault(e, List.of())) {
                shared.merge(c, 1, Integer::sum);
            }
        }
        Case best = null;
        int bestCount = 0;
        for (Map.Entry<Case, Integer> e : shared.entrySet()) {
            if (e.getValue() > bestCount
                    || e.getValue() == bestCount
                            && best != null
                            && e.getKey().id().compareTo(best.id()) < 0) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
