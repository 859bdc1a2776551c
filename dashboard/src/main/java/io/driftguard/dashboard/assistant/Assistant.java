package io.driftguard.dashboard.assistant;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import io.driftguard.dashboard.system.DriftguardProperties;
import jakarta.annotation.PreDestroy;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Asks Gemini about a finding through Google's own SDK. Without an API key it is disabled and says
 * so; it never falls back to a canned answer.
 */
@Component
public class Assistant {

    private final DriftguardProperties.Assistant config;
    private final Client client;

    Assistant(DriftguardProperties properties) {
        this.config = properties.assistant();
        this.client = config.enabled() ? client(config) : null;
    }

    private static Client client(DriftguardProperties.Assistant config) {
        HttpOptions.Builder http = HttpOptions.builder().apiVersion("v1beta").timeout((int)
                config.timeout().toMillis());
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

    /** The model's answer; 503 when disabled, 502 with the provider's reason when the call fails. */
    String ask(String document, String question) {
        if (client == null) {
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The assistant is not configured: set GEMINI_API_KEY (driftguard.assistant.api-key) and restart");
        }
        GenerateContentConfig generation = GenerateContentConfig.builder()
                .systemInstruction(Content.fromParts(Part.fromText(Prompt.SYSTEM)))
                .temperature(0.2f)
                .build();
        GenerateContentResponse response;
        try {
            response = client.models.generateContent(
                    config.model(), Prompt.user(document, question, config.maxDocumentChars()), generation);
        } catch (ApiException e) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY,
                    "Gemini refused the request (" + e.code() + " " + e.status() + "): " + e.message());
        } catch (RuntimeException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Gemini could not be reached: " + e.getMessage());
        }
        String text = response.text();
        if (text == null || text.isBlank()) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY, "Gemini gave no answer (finish reason " + response.finishReason() + ")");
        }
        return text.strip();
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
