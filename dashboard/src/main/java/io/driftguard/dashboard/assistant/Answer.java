package io.driftguard.dashboard.assistant;

import java.util.List;
import java.util.Map;

/**
 * One answer as stored and shown: the model's text with invented finding ids removed, the ids it
 * cites, the read-only tool calls it made, and the policy engine's recommendation (never the
 * model's). {@code contradictsPolicy} says the text names a different recommendation than the
 * policy's, which the page then points out.
 */
record Answer(
        String text,
        List<String> citations,
        List<String> removedCitations,
        List<Map<String, Object>> toolCalls,
        String recommendation,
        boolean contradictsPolicy,
        String model,
        int latencyMs,
        int promptTokens,
        int outputTokens,
        String finishReason) {}
