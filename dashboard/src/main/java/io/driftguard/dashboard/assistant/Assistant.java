package io.driftguard.dashboard.assistant;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import io.driftguard.dashboard.system.DriftguardProperties;
import jakarta.annotation.PreDestroy;
import java.io.InterruptedIOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Gemini through Google's own SDK: one {@code generateContent} call, with the provider's failures
 * turned into plain messages. Without an API key it is disabled and says how to enable it; it never
 * falls back to a canned answer.
 */
@Component
public class Assistant {

    static final String HOW_TO_ENABLE =
            "The assistant is not configured: set GEMINI_API_KEY (driftguard.assistant.api-key) and restart";

    private final DriftguardProperties.Assistant config;
    private final Client client;

    Assistant(DriftguardProperties properties) {
        this.config = properties.assistant();
        this.client = config.enabled() ? client(config) : null;
    }

    private static Client client(DriftguardProperties.Assistant config) {
        HttpOptions.Builder http = HttpOptions.builder()
                .apiVersion("v1beta")
                .timeout((int) config.timeout().toMillis())
                // One attempt: a quota error or a timeout is reported at once, not after minutes of retries.
                .retryOptions(HttpRetryOptions.builder().attempts(1).build());
        if (config.baseUrl() != null && !config.baseUrl().isBlank()) {
            http.baseUrl(config.baseUrl());
        }
        return Client.builder()
                .apiKey(config.apiKey())
                .vertexAI(false)
                .httpOptions(http.build())
                .build();
    }

    boolean enabled() {
        return client != null;
    }

    String model() {
        return config.model();
    }

    DriftguardProperties.Assistant config() {
        return config;
    }

    /** One call. A refusal (finish reason SAFETY and the like) is a failure with its own message. */
    GenerateContentResponse generate(String systemInstruction, List<Content> contents, Tool tool) {
        if (client == null) {
            throw new AssistantFailure(
                    AssistantFailure.Outcome.DISABLED, HttpStatus.SERVICE_UNAVAILABLE, HOW_TO_ENABLE);
        }
        GenerateContentConfig.Builder generation = GenerateContentConfig.builder()
                .systemInstruction(Content.fromParts(Part.fromText(systemInstruction)))
                .temperature(0.2f);
        if (tool != null) {
            generation.tools(tool);
        }
        GenerateContentResponse response;
        try {
            response = client.models.generateContent(config.model(), contents, generation.build());
        } catch (ApiException e) {
            throw failure(e);
        } catch (RuntimeException e) {
            if (timedOut(e)) {
                throw new AssistantFailure(
                        AssistantFailure.Outcome.TIMEOUT,
                        HttpStatus.GATEWAY_TIMEOUT,
                        "Gemini did not answer within " + config.timeout().toSeconds()
                                + " s. Try again, or ask a shorter question.");
            }
            throw new AssistantFailure(
                    AssistantFailure.Outcome.ERROR,
                    HttpStatus.BAD_GATEWAY,
                    "Gemini could not be reached: " + e.getMessage());
        }
        FinishReason.Known reason = finishReason(response);
        if (reason == FinishReason.Known.SAFETY
                || reason == FinishReason.Known.PROHIBITED_CONTENT
                || reason == FinishReason.Known.BLOCKLIST
                || reason == FinishReason.Known.SPII
                || reason == FinishReason.Known.RECITATION
                || response.promptFeedback().flatMap(f -> f.blockReason()).isPresent()) {
            throw new AssistantFailure(
                    AssistantFailure.Outcome.REFUSED,
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "Gemini declined to answer (" + (reason == null ? "prompt blocked" : "finish reason " + reason)
                            + "): its safety filters stopped the reply. Rephrase the question; nothing was changed.");
        }
        return response;
    }

    static FinishReason.Known finishReason(GenerateContentResponse response) {
        return response.candidates()
                .filter(c -> !c.isEmpty())
                .flatMap(c -> c.get(0).finishReason())
                .map(FinishReason::knownEnum)
                .orElse(null);
    }

    private AssistantFailure failure(ApiException e) {
        if (e.code() == 429 || "RESOURCE_EXHAUSTED".equals(e.status())) {
            return new AssistantFailure(
                    AssistantFailure.Outcome.QUOTA,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Gemini's quota for this API key is used up (429 RESOURCE_EXHAUSTED). Try again later, or ask"
                            + " an administrator to raise the quota.");
        }
        if (e.code() == 504 || "DEADLINE_EXCEEDED".equals(e.status())) {
            return new AssistantFailure(
                    AssistantFailure.Outcome.TIMEOUT,
                    HttpStatus.GATEWAY_TIMEOUT,
                    "Gemini ran out of time on this question (504 DEADLINE_EXCEEDED). Try again.");
        }
        return new AssistantFailure(
                AssistantFailure.Outcome.ERROR,
                HttpStatus.BAD_GATEWAY,
                "Gemini refused the request (" + e.code() + " " + e.status() + "): " + e.message());
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
