package io.driftguard.dashboard.assistant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The assistant's Prometheus metrics: requests by outcome, answer latency, tokens, masked values and
 * tool calls, each tagged with the model and the purpose (question or analysis).
 */
@Component
class AssistantMetrics {

    private final MeterRegistry registry;

    AssistantMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
    }

    void request(String purpose, String model, String outcome, Duration latency, int promptTokens, int outputTokens) {
        Counter.builder("driftguard.assistant.requests")
                .description("Requests to Gemini, by how they ended (answered, refused, quota, timeout, error)")
                .tags("purpose", purpose, "model", model, "outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("driftguard.assistant.latency")
                .description("Time to an answer, model and tool calls included")
                .tags("purpose", purpose, "model", model, "outcome", outcome)
                .register(registry)
                .record(latency);
        tokens(purpose, model, "prompt", promptTokens);
        tokens(purpose, model, "output", outputTokens);
    }

    private void tokens(String purpose, String model, String type, int n) {
        Counter.builder("driftguard.assistant.tokens")
                .description("Tokens Gemini reported, input (prompt) and output")
                .tags("purpose", purpose, "model", model, "type", type)
                .register(registry)
                .increment(n);
    }

    void masked(Map<String, Integer> counts) {
        counts.forEach((kind, n) -> Counter.builder("driftguard.assistant.masked")
                .description("Values masked before leaving for the model, by kind")
                .tag("kind", kind)
                .register(registry)
                .increment(n));
    }

    void toolCall(String tool, boolean refused) {
        Counter.builder("driftguard.assistant.tool.calls")
                .description("Tool calls the model asked for; refused ones name a tool outside the read-only list")
                .tags("tool", refused ? "refused" : tool, "refused", Boolean.toString(refused))
                .register(registry)
                .increment();
    }

    MeterRegistry registry() {
        return registry;
    }
}
