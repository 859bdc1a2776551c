package io.driftguard.notify;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.block.LayoutBlock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts and updates messages through the Slack SDK's {@link MethodsClient}, with Slack's rules for
 * retrying: a 429 (or {@code ratelimited}) waits the {@code Retry-After} seconds Slack asks for; a
 * 5xx, a network failure or Slack's own transient errors back off exponentially; any other error
 * (a bad token, an unknown channel) is final and reported, since retrying it cannot succeed.
 */
public final class SlackPoster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlackPoster.class);
    private static final Set<String> TRANSIENT =
            Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

    /** How often a call is tried and how long it waits between tries. */
    public record Retries(int attempts, Duration firstBackoff, Duration maxWait) {
        public static Retries defaults() {
            return new Retries(6, Duration.ofMillis(500), Duration.ofSeconds(60));
        }
    }

    /**
     * A call that did not succeed: refused for good (a bad token, an unknown channel), or still
     * failing after every retry ({@link #retryable()}: worth trying again later).
     */
    public static final class SlackRefused extends Exception {
        private final String error;
        private final boolean retryable;

        SlackRefused(String method, String error, boolean retryable) {
            super(method + (retryable ? " failed: " : " refused by Slack: ") + error);
            this.error = error;
            this.retryable = retryable;
        }

        public String error() {
            return error;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /** Where a posted message is: the channel id Slack answered with, and the message's ts. */
    public record Posted(String channel, String ts) {}

    private final Slack slack;
    private final MethodsClient methods;
    private final Retries retries;
    private final NotifyMetrics metrics;
    private volatile long rateLimitedWaits;

    public SlackPoster(SlackEnvironment env, Retries retries) {
        this(env, retries, new NotifyMetrics());
    }

    /** @param metrics counts successful and failed calls, for the Slack-failure alert */
    public SlackPoster(SlackEnvironment env, Retries retries, NotifyMetrics metrics) {
        this.metrics = metrics;
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(env.apiUrl());
        config.setPrettyResponseLoggingEnabled(false);
        // the SDK's call statistics would first ask auth.test who we are; DriftGuard needs neither
        config.setStatsEnabled(false);
        this.slack = Slack.getInstance(config);
        this.methods = slack.methods(env.botToken());
        this.retries = retries;
    }

    /** Posts a message (into {@code threadTs}'s thread when given). */
    public Posted post(String channel, String text, List<LayoutBlock> blocks, String threadTs)
            throws SlackRefused, InterruptedException {
        ChatPostMessageResponse r = call(
                "chat.postMessage",
                () -> methods.chatPostMessage(req -> req.channel(channel)
                        .text(text)
                        .blocks(blocks)
                        .threadTs(threadTs)
                        .unfurlLinks(false)));
        return new Posted(r.getChannel() != null ? r.getChannel() : channel, r.getTs());
    }

    /** Replaces the text and blocks of a posted message. */
    public void update(String channel, String ts, String text, List<LayoutBlock> blocks)
            throws SlackRefused, InterruptedException {
        ChatUpdateResponse r = call(
                "chat.update",
                () -> methods.chatUpdate(
                        req -> req.channel(channel).ts(ts).text(text).blocks(blocks)));
        if (r == null) {
            throw new SlackRefused("chat.update", "no response", true);
        }
    }

    /** How many times Slack asked us to slow down (429 or ratelimited). */
    public long rateLimitedWaits() {
        return rateLimitedWaits;
    }

    @FunctionalInterface
    private interface Call<R> {
        R run() throws IOException, SlackApiException;
    }

    private <R extends SlackApiTextResponse> R call(String method, Call<R> call)
            throws SlackRefused, InterruptedException {
        try {
            R response = tryCall(method, call);
            metrics.succeeded(method);
            return response;
        } catch (SlackRefused e) {
            metrics.failed(method, e.retryable());
            throw e;
        }
    }

    private <R extends SlackApiTextResponse> R tryCall(String method, Call<R> call)
            throws SlackRefused, InterruptedException {
        Duration backoff = retries.firstBackoff();
        String last = null;
        for (int attempt = 1; attempt <= retries.attempts(); attempt++) {
            Duration wait;
            try {
                R response = call.run();
                if (response.isOk()) {
                    return response;
                }
                last = response.getError();
                if (!TRANSIENT.contains(last)) {
                    throw new SlackRefused(method, last, false);
                }
                wait = "ratelimited".equals(last) ? Duration.ofSeconds(1) : backoff;
            } catch (SlackApiException e) {
                int status = e.getResponse().code();
                last = "HTTP " + status;
                if (status == 429) {
                    rateLimitedWaits++;
                    metrics.rateLimited();
                    wait = retryAfter(e.getResponse().header("Retry-After"));
                } else if (status >= 500) {
                    wait = backoff;
                } else {
                    throw new SlackRefused(method, last, false);
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
                wait = backoff;
            }
            if (attempt == retries.attempts()) {
                break;
            }
            wait = wait.compareTo(retries.maxWait()) > 0 ? retries.maxWait() : wait;
            LOG.info(
                    "{} failed ({}), try {} of {} in {} ms",
                    method,
                    last,
                    attempt + 1,
                    retries.attempts(),
                    wait.toMillis());
            Thread.sleep(wait.toMillis());
            backoff = backoff.multipliedBy(2);
        }
        throw new SlackRefused(method, "gave up after " + retries.attempts() + " tries, last: " + last, true);
    }

    static Duration retryAfter(String header) {
        if (header != null) {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(header.strip())));
            } catch (NumberFormatException e) {
                // an unreadable header: wait as long as Slack's usual minimum
            }
        }
        return Duration.ofSeconds(1);
    }

    @Override
    public void close() throws Exception {
        slack.close();
    }
}
