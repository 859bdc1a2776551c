package io.driftguard.notify;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.Message;
import com.slack.api.model.ResponseMetadata;
import com.slack.api.model.block.LayoutBlock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts, updates and finds messages through the Slack SDK's {@link MethodsClient}, with Slack's
 * rules for retrying: a 429 (or {@code ratelimited}) waits the {@code Retry-After} seconds Slack
 * asks for; a 5xx, a network failure or Slack's own transient errors back off exponentially; any
 * other error (a bad token, an unknown channel) is final and reported, since retrying it cannot
 * succeed.
 *
 * <p>A post is not retried when its outcome is uncertain (no answer, a 5xx, {@code internal_error}
 * or {@code fatal_error}: Slack may have shown the message): trying again could show it twice. It
 * fails as {@link SlackRefused#uncertain()}, and the caller looks for it ({@link #find}) before it
 * posts again. Every post carries its notification keys as message metadata
 * ({@value #METADATA_EVENT}) for that look-up.
 */
public final class SlackPoster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlackPoster.class);
    private static final Set<String> TRANSIENT =
            Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");
    /** Errors after which Slack says "some aspect of the operation may have succeeded". */
    private static final Set<String> UNCERTAIN = Set.of("internal_error", "fatal_error");

    /** The metadata event type of every message the notifier posts; its payload lists the notification keys. */
    public static final String METADATA_EVENT = "driftguard_notification";

    /** How far back, before the earliest claim, a look-up reads a channel. */
    static final Duration FIND_SLACK = Duration.ofMinutes(2);

    /** At most this many pages of 200 messages are read by one look-up. */
    static final int FIND_PAGES = 20;

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
        private final boolean uncertain;

        SlackRefused(String method, String error, boolean retryable) {
            this(method, error, retryable, false);
        }

        SlackRefused(String method, String error, boolean retryable, boolean uncertain) {
            super(method
                    + (uncertain ? " may or may not have succeeded: " : retryable ? " failed: " : " refused by Slack: ")
                    + error);
            this.error = error;
            this.retryable = retryable;
            this.uncertain = uncertain;
        }

        /** True when the call may have taken effect in Slack although it did not answer so. */
        public boolean uncertain() {
            return uncertain;
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

    /** A message found in a channel, with the notification keys its metadata carries. */
    public record Found(Posted where, List<String> keys) {}

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

    /**
     * Posts a message (into {@code threadTs}'s thread when given) carrying {@code keys} in its
     * metadata. Not retried once its outcome is uncertain (see the class comment).
     */
    public Posted post(String channel, String text, List<LayoutBlock> blocks, String threadTs, List<String> keys)
            throws SlackRefused, InterruptedException {
        Message.Metadata metadata = new Message.Metadata(METADATA_EVENT, Map.of("keys", List.copyOf(keys)));
        ChatPostMessageResponse r = call(
                "chat.postMessage",
                false,
                () -> methods.chatPostMessage(req -> req.channel(channel)
                        .text(text)
                        .blocks(blocks)
                        .threadTs(threadTs)
                        .metadata(metadata)
                        .unfurlLinks(false)));
        return new Posted(r.getChannel() != null ? r.getChannel() : channel, r.getTs());
    }

    /**
     * The messages posted since {@code since} into {@code channel} (an id), or into {@code threadTs}'s
     * thread, whose metadata names any of {@code keys}. Needs the {@code channels:history} scope
     * ({@code groups:history} for a private channel); without it, or for a channel name Slack does
     * not resolve here, the call is refused for good.
     */
    public List<Found> find(String channel, String threadTs, Instant since, Collection<String> keys)
            throws SlackRefused, InterruptedException {
        String oldest = since.minus(FIND_SLACK).getEpochSecond() + ".000000";
        List<Found> found = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < FIND_PAGES; page++) {
            String from = cursor;
            List<Message> messages;
            ResponseMetadata next;
            if (threadTs == null) {
                ConversationsHistoryResponse r = call(
                        "conversations.history",
                        true,
                        () -> methods.conversationsHistory(req -> req.channel(channel)
                                .oldest(oldest)
                                .limit(200)
                                .cursor(from)
                                .includeAllMetadata(true)));
                messages = r.getMessages();
                next = r.getResponseMetadata();
            } else {
                ConversationsRepliesResponse r = call(
                        "conversations.replies",
                        true,
                        () -> methods.conversationsReplies(req -> req.channel(channel)
                                .ts(threadTs)
                                .oldest(oldest)
                                .limit(200)
                                .cursor(from)
                                .includeAllMetadata(true)));
                messages = r.getMessages();
                next = r.getResponseMetadata();
            }
            for (Message m : messages == null ? List.<Message>of() : messages) {
                List<String> carried = keysOf(m);
                if (carried.stream().anyMatch(keys::contains)) {
                    found.add(new Found(new Posted(channel, m.getTs()), carried));
                }
            }
            cursor = next == null ? null : next.getNextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return found;
    }

    /**
     * The id of the channel called {@code name} ({@code #drift} or {@code drift}), or null if the
     * bot sees none. Needs {@code channels:read} ({@code groups:read} for private channels).
     */
    public String channelId(String name) throws SlackRefused, InterruptedException {
        String wanted = name.startsWith("#") ? name.substring(1) : name;
        String cursor = null;
        for (int page = 0; page < FIND_PAGES; page++) {
            String from = cursor;
            ConversationsListResponse r = call(
                    "conversations.list",
                    true,
                    () -> methods.conversationsList(
                            req -> req.types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL))
                                    .excludeArchived(true)
                                    .limit(1000)
                                    .cursor(from)));
            for (Conversation channel : r.getChannels() == null ? List.<Conversation>of() : r.getChannels()) {
                if (wanted.equals(channel.getName())) {
                    return channel.getId();
                }
            }
            ResponseMetadata next = r.getResponseMetadata();
            cursor = next == null ? null : next.getNextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return null;
    }

    private static List<String> keysOf(Message m) {
        Message.Metadata md = m.getMetadata();
        if (md == null || !METADATA_EVENT.equals(md.getEventType()) || md.getEventPayload() == null) {
            return List.of();
        }
        Object keys = md.getEventPayload().get("keys");
        if (!(keys instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(String::valueOf).toList();
    }

    /** Replaces the text and blocks of a posted message. */
    public void update(String channel, String ts, String text, List<LayoutBlock> blocks)
            throws SlackRefused, InterruptedException {
        ChatUpdateResponse r = call(
                "chat.update",
                true, // an update replaces the message: repeating it shows nothing twice
                () -> methods.chatUpdate(
                        req -> req.channel(channel).ts(ts).text(text).blocks(blocks)));
        if (r == null) {
            throw new SlackRefused("chat.update", "no response", true);
        }
    }

    NotifyMetrics metrics() {
        return metrics;
    }

    /** How many times Slack asked us to slow down (429 or ratelimited). */
    public long rateLimitedWaits() {
        return rateLimitedWaits;
    }

    @FunctionalInterface
    private interface Call<R> {
        R run() throws IOException, SlackApiException;
    }

    private <R extends SlackApiTextResponse> R call(String method, boolean repeatable, Call<R> call)
            throws SlackRefused, InterruptedException {
        try {
            R response = tryCall(method, repeatable, call);
            metrics.succeeded(method);
            return response;
        } catch (SlackRefused e) {
            metrics.failed(method, e.retryable());
            throw e;
        }
    }

    /** @param repeatable false for a call that must not be repeated when it may have taken effect */
    private <R extends SlackApiTextResponse> R tryCall(String method, boolean repeatable, Call<R> call)
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
                if (!repeatable && UNCERTAIN.contains(last)) {
                    throw new SlackRefused(method, last, true, true);
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
                    if (!repeatable) {
                        throw new SlackRefused(method, last, true, true);
                    }
                    wait = backoff;
                } else {
                    throw new SlackRefused(method, last, false);
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!repeatable && !(e instanceof ConnectException)) {
                    throw new SlackRefused(method, last, true, true); // sent, perhaps taken, no answer
                }
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
