package io.driftguard.notify;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every Slack message of the notifier visible at most once per notification key
 * ({@code announce:<finding>}, {@code reply:<finding>:<version>}, {@code analysis:<finding>}),
 * whatever the notifier dies in the middle of.
 *
 * <p>Slack's {@code chat.postMessage} has no idempotency key, so the record is ours, in PostgreSQL
 * ({@code slack_posts}): a key is <em>claimed</em> (committed) before its message is posted and
 * <em>settled</em> with the message's {@code ts} after. A key found claimed but not settled is in
 * doubt: the notifier died between Slack's answer and the record, or the answer was lost. Before
 * anything is posted for it again, the channel (or the thread) is read for a message whose metadata
 * carries the key ({@link SlackPoster#find}):
 *
 * <ul>
 *   <li>found: recorded as posted, not posted again;
 *   <li>not there: posted now (the claim stays until then);
 *   <li>the channel cannot be read (no {@code channels:history} scope, not in the channel, or a
 *       channel name that no earlier answer of Slack turned into an id): given up, and not posted
 *       again. That message is then shown once or never, and the notifier says so in its log and in
 *       {@code driftguard_notify_slack_in_doubt_total{outcome="given_up"}}.
 * </ul>
 *
 * <p>A post Slack refused for certain (an error answer) releases its claims, so the next pass posts
 * it; a post whose outcome is uncertain keeps them, so the next pass looks first.
 */
final class SlackPosts {

    private static final Logger LOG = LoggerFactory.getLogger(SlackPosts.class);

    /**
     * What Slack already shows for a key: where, how many keys the message carries, and the finding
     * version it shows; or given up ({@code where} null).
     */
    record Known(SlackPoster.Posted where, int keysInMessage, long version) {
        boolean givenUp() {
            return where == null;
        }
    }

    private final SlackPoster slack;
    private final NotifyMetrics metrics;

    SlackPosts(SlackPoster slack) {
        this.slack = slack;
        this.metrics = slack.metrics();
    }

    static String announcement(String findingId) {
        return "announce:" + findingId;
    }

    static String reply(String findingId, long version) {
        return "reply:" + findingId + ":" + version;
    }

    static String analysis(String findingId) {
        return "analysis:" + findingId;
    }

    /**
     * The keys of {@code keys} that Slack already shows, or that were given up; a key missing from
     * the answer is to be posted. Keys in doubt are looked up in {@code channel} (or {@code threadTs}'s
     * thread) first.
     */
    Map<String, Known> known(Connection c, Collection<String> keys, String channel, String threadTs)
            throws SQLException, SlackPoster.SlackRefused, InterruptedException {
        Map<String, Known> known = new HashMap<>();
        Map<String, Long> doubt = new LinkedHashMap<>();
        Instant earliest = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT notification, state, channel_id, ts, keys_in_message, claimed_at, finding_version"
                        + " FROM slack_posts WHERE notification = ANY (?)")) {
            ps.setArray(1, array(c, keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    long version = rs.getLong(7);
                    switch (rs.getString(2)) {
                        case "posted" ->
                            known.put(
                                    key,
                                    new Known(
                                            new SlackPoster.Posted(rs.getString(3), rs.getString(4)),
                                            rs.getInt(5),
                                            version));
                        case "given_up" -> known.put(key, new Known(null, 0, version));
                        default -> {
                            doubt.put(key, version);
                            Instant at = rs.getTimestamp(6).toInstant();
                            earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                        }
                    }
                }
            }
        }
        if (!doubt.isEmpty()) {
            known.putAll(lookUp(c, doubt, channel, threadTs, earliest));
        }
        return known;
    }

    private Map<String, Known> lookUp(
            Connection c, Map<String, Long> doubt, String channel, String threadTs, Instant since)
            throws SQLException, SlackPoster.SlackRefused, InterruptedException {
        Map<String, Known> found = new HashMap<>();
        List<SlackPoster.Found> messages;
        try {
            messages = slack.find(channelId(c, channel), threadTs, since, doubt.keySet());
        } catch (SlackPoster.SlackRefused e) {
            if (e.retryable()) {
                throw e; // Slack down: the claims stay in doubt for the next pass
            }
            LOG.warn(
                    "Slack messages {} may or may not have been posted, and {} cannot be read to find out ({}):"
                            + " not posting them again",
                    doubt.keySet(),
                    channel,
                    e.error());
            settle(c, doubt.keySet(), "given_up", null, 0);
            metrics.inDoubt("given_up").increment(doubt.size());
            doubt.forEach((k, version) -> found.put(k, new Known(null, 0, version)));
            return found;
        }
        for (SlackPoster.Found m : messages) {
            List<String> mine = m.keys().stream().filter(doubt::containsKey).toList();
            if (!mine.isEmpty()) {
                settle(c, mine, "posted", m.where(), m.keys().size());
                mine.forEach(k -> found.put(k, new Known(m.where(), m.keys().size(), doubt.get(k))));
                doubt.keySet().removeAll(mine);
            }
        }
        metrics.inDoubt("found").increment(found.size());
        metrics.inDoubt("absent").increment(doubt.size());
        if (!found.isEmpty()) {
            LOG.info(
                    "Slack messages {} were posted before the notifier could record them: recorded now",
                    found.keySet());
        }
        return found;
    }

    /**
     * Claims the keys, posts the message carrying them, and records where it is. Claims stay when
     * the outcome is uncertain, and are released when Slack refused the post.
     *
     * @param versions each key with the finding version the message shows for it, in message order
     */
    SlackPoster.Posted post(
            Connection c, Map<String, Long> versions, String channel, String threadTs, FindingMessages.Message message)
            throws SQLException, SlackPoster.SlackRefused, InterruptedException {
        List<String> keys = List.copyOf(versions.keySet());
        claim(c, versions, channel, threadTs);
        SlackPoster.Posted posted;
        try {
            posted = slack.post(channel, message.text(), message.blocks(), threadTs, keys);
        } catch (SlackPoster.SlackRefused e) {
            if (!e.uncertain()) {
                release(c, keys);
            }
            throw e;
        }
        settle(c, keys, "posted", posted, keys.size());
        return posted;
    }

    private static void claim(Connection c, Map<String, Long> versions, String channel, String threadTs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO slack_posts (notification, channel, thread_ts, finding_version, state)
                VALUES (?, ?, ?, ?, 'claimed')
                ON CONFLICT (notification) DO UPDATE SET finding_version = EXCLUDED.finding_version
                WHERE slack_posts.state = 'claimed'""")) {
            for (Map.Entry<String, Long> e : versions.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, channel);
                ps.setString(3, threadTs);
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void release(Connection c, List<String> keys) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM slack_posts WHERE notification = ANY (?) AND state = 'claimed'")) {
            ps.setArray(1, array(c, keys));
            ps.executeUpdate();
        }
    }

    private static void settle(
            Connection c, Collection<String> keys, String state, SlackPoster.Posted where, int keysInMessage)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE slack_posts SET state = ?, channel_id = ?, ts = ?, keys_in_message = ?, settled_at = ?
                WHERE notification = ANY (?) AND state = 'claimed'""")) {
            ps.setString(1, state);
            ps.setString(2, where == null ? null : where.channel());
            ps.setString(3, where == null ? null : where.ts());
            ps.setObject(4, where == null ? null : keysInMessage);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.setArray(6, array(c, keys));
            ps.executeUpdate();
        }
    }

    /**
     * The id of a channel, for reading it: Slack reads channels by id only. A configured name
     * ({@code #drift}) becomes one through Slack's answer to an earlier post there, else through
     * Slack's list of channels.
     */
    private String channelId(Connection c, String channel)
            throws SQLException, SlackPoster.SlackRefused, InterruptedException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT channel_id FROM slack_posts WHERE channel = ? AND channel_id IS NOT NULL LIMIT 1")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        if (!channel.startsWith("#")) {
            return channel;
        }
        String id = slack.channelId(channel);
        return id == null ? channel : id;
    }

    private static Array array(Connection c, Collection<String> keys) throws SQLException {
        return c.createArrayOf("text", new ArrayList<>(keys).toArray());
    }
}
