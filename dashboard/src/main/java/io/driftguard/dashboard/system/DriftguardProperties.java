package io.driftguard.dashboard.system;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every dashboard setting under {@code driftguard.*}, bound once at start. Defaults live in
 * {@code application.yaml}, where each one is documented; secrets come from the environment.
 *
 * @param users who may sign in, and with which role
 * @param assistant the Gemini assistant; disabled while no API key is set
 * @param feed the live feed's database polling
 * @param metrics how often the Prometheus gauges re-read the database
 */
@ConfigurationProperties(prefix = "driftguard")
public record DriftguardProperties(
        @DefaultValue List<User> users,
        @DefaultValue Assistant assistant,
        @DefaultValue Feed feed,
        @DefaultValue Metrics metrics) {

    /**
     * One account.
     *
     * @param password a Spring Security encoded password ({@code {bcrypt}$2a$...}); a value without
     *     an {@code {id}} prefix is taken as plain text (demo only)
     * @param role {@code view}, {@code edit} or {@code admin}
     */
    public record User(String name, String password, String role) {}

    /**
     * @param apiKey the Gemini API key ({@code GEMINI_API_KEY}); blank disables the assistant
     * @param baseUrl override of the Gemini endpoint, for proxies and tests; blank for Google's
     * @param model the model name
     * @param timeout how long one call to the model may take
     * @param maxDocumentChars the finding document is cut to this many characters in the prompt
     * @param maskEmails replace e-mail addresses by a stable token before anything leaves (shown again
     *     in the answer); secrets (keys, tokens, passwords) are always masked
     * @param maxToolCalls the most tool calls the model may make for one answer
     * @param toolTimeout statement timeout of each read-only query a tool runs
     * @param toolMaxRows the most rows one tool call returns
     * @param firstAnalysis the analysis written once for each new high-severity finding
     */
    public record Assistant(
            String apiKey,
            String baseUrl,
            @DefaultValue("gemini-2.5-flash") String model,
            @DefaultValue("30s") Duration timeout,
            @DefaultValue("60000") int maxDocumentChars,
            @DefaultValue("true") boolean maskEmails,
            @DefaultValue("8") int maxToolCalls,
            @DefaultValue("5s") Duration toolTimeout,
            @DefaultValue("50") int toolMaxRows,
            @DefaultValue FirstAnalysis firstAnalysis) {

        public boolean enabled() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /**
     * @param enabled write first analyses (only while the assistant itself is enabled)
     * @param pollInterval how often new high-severity findings are looked for
     * @param lookback only findings first written this recently are analysed (not the whole history
     *     when the assistant is first turned on)
     * @param maxAttempts a failing analysis is tried this many times, then left with its error
     */
    public record FirstAnalysis(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") Duration pollInterval,
            @DefaultValue("24h") Duration lookback,
            @DefaultValue("3") int maxAttempts) {}

    /**
     * @param pollInterval how often the stream asks PostgreSQL for updated findings
     * @param overlap how far before the last seen {@code updated_at} each poll looks again, so a
     *     writer's transaction that commits late is not missed
     * @param heartbeat how often an idle stream sends a comment, so dead clients are noticed
     */
    public record Feed(
            @DefaultValue("2s") Duration pollInterval,
            @DefaultValue("5s") Duration overlap,
            @DefaultValue("15s") Duration heartbeat) {}

    /** @param refresh the gauges' values are at most this old */
    public record Metrics(@DefaultValue("10s") Duration refresh) {}
}
