package io.driftguard.notify;

import io.driftguard.core.config.SlackSettings;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.Database;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces drift in Slack from PostgreSQL's {@code finding_versions}, never from inside the
 * detection job: a slow or failing Slack delays only this reader.
 *
 * <p>Each pass reads the versions written since the last one (by their {@code seq}). A drift
 * episode's first announced version becomes one Block Kit message in the channel its route names;
 * later versions whose cause, severity, recommendation or attributes changed, a silencing by an
 * exception rule and the resolution become replies in that message's thread. {@code
 * slack_messages} keeps each finding's channel, {@code ts} and the last version posted, so a
 * restarted notifier replies in the same thread and never posts a version twice. The read
 * position is stored in {@code notifier_cursors}. Every message goes through {@link SlackPosts},
 * which claims it in PostgreSQL before posting, so that one posted by a notifier that died before
 * recording it is found in Slack, not posted again.
 *
 * <p>Bursts: a channel gets at most {@code digest.max_messages} episode messages per window; the
 * episodes beyond that are collected and posted as one digest message when the window has passed
 * since the first of them, and their updates go to the digest's thread.
 */
public final class SlackNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(SlackNotifier.class);
    static final String CURSOR = "slack";
    static final int PAGE = 200;

    /** What one pass did. */
    public record Pass(int read, int announced, int replies, int digests, int skipped) {
        Pass plus(Pass o) {
            return new Pass(
                    read + o.read,
                    announced + o.announced,
                    replies + o.replies,
                    digests + o.digests,
                    skipped + o.skipped);
        }
    }

    private record SlackThread(String channel, String ts, boolean digest, long lastVersion, boolean resolvedPosted) {}

    private record Waiting(long seq, Finding finding) {}

    private final Database database;
    private final SlackSettings settings;
    private final String defaultChannel;
    private final SlackPoster slack;
    private final SlackPosts posts;
    private final FindingMessages messages;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recentPosts = new HashMap<>();
    private final Map<String, LinkedHashMap<String, Waiting>> digestWaiting = new HashMap<>();
    private final Map<String, Instant> digestSince = new HashMap<>();
    private long position = -1;

    public SlackNotifier(
            Database database, SlackSettings settings, String defaultChannel, SlackPoster slack, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.defaultChannel = defaultChannel;
        this.slack = slack;
        this.posts = new SlackPosts(slack);
        this.messages = new FindingMessages(settings.findingLinkBase());
        this.clock = clock;
    }

    /** Reads everything new, posts what is due, and moves the stored position. */
    public Pass pollOnce() throws SQLException, InterruptedException {
        Pass total = new Pass(0, 0, 0, 0, 0);
        try (Connection c = database.connect()) {
            if (position < 0) {
                position = readCursor(c);
            }
            try {
                while (true) {
                    List<Waiting> page = read(c, position);
                    for (Waiting v : page) {
                        total = total.plus(handle(c, v.finding(), v.seq()));
                        position = v.seq();
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                }
                total = total.plus(flushDigests(c, false));
                total = total.plus(postAnalyses(c));
            } catch (SlackPoster.SlackRefused e) {
                // Slack still failing after every retry: stop here and try again next pass, from this version
                LOG.warn("Slack unavailable, will retry: {}", e.getMessage());
            } finally {
                writeCursor(c, safePosition());
            }
        }
        return total;
    }

    /** Posts whatever waits for a digest now (at shutdown), so nothing collected is lost. */
    public Pass flush() throws SQLException, InterruptedException {
        try (Connection c = database.connect()) {
            Pass p = flushDigests(c, true);
            writeCursor(c, safePosition());
            return p;
        } catch (SlackPoster.SlackRefused e) {
            LOG.warn("Slack unavailable at shutdown: {}", e.getMessage());
            return new Pass(0, 0, 0, 0, 0);
        }
    }

    private Pass handle(Connection c, Finding f, long seq)
            throws SQLException, InterruptedException, SlackPoster.SlackRefused {
        if (f.kind() != FindingKind.DRIFT) {
            return new Pass(1, 0, 0, 0, 1);
        }
        SlackThread thread = thread(c, f.findingId());
        if (thread == null) {
            return announce(c, f, seq);
        }
        if (f.version() <= thread.lastVersion()) {
            return new Pass(1, 0, 0, 0, 1);
        }
        Finding before = version(c, f.findingId(), thread.lastVersion());
        int replies = 0;
        try {
            FindingMessages.Message reply = null;
            boolean resolution = f.status() == FindingStatus.RESOLVED && !thread.resolvedPosted();
            if (resolution) {
                reply = messages.resolution(f);
            } else if (f.suppressedBy() != null && (before == null || before.suppressedBy() == null)) {
                reply = messages.silenced(f);
            } else if (f.status() == FindingStatus.OPEN && judgementChanged(before, f)) {
                reply = messages.update(f, before);
            }
            if (reply != null && replyOnce(c, thread, f, reply)) {
                replies++;
            }
            if (resolution && !thread.digest()) {
                // an update replaces the message: done again after a crash, it shows nothing twice
                FindingMessages.Message top = messages.resolvedAnnouncement(f);
                slack.update(thread.channel(), thread.ts(), top.text(), top.blocks());
            }
        } catch (SlackPoster.SlackRefused e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warn("finding {} version {}: {}", f.findingId(), f.version(), e.getMessage());
        }
        markPosted(c, f);
        return new Pass(1, 0, replies, 0, replies == 0 ? 1 : 0);
    }

    /** Posts a version's reply in its thread once; false when Slack already shows it (or it was given up). */
    private boolean replyOnce(Connection c, SlackThread thread, Finding f, FindingMessages.Message reply)
            throws SQLException, InterruptedException, SlackPoster.SlackRefused {
        String key = SlackPosts.reply(f.findingId(), f.version());
        if (posts.known(c, List.of(key), thread.channel(), thread.ts()).containsKey(key)) {
            return false;
        }
        posts.post(c, Map.of(key, f.version()), thread.channel(), thread.ts(), reply);
        return true;
    }

    private Pass announce(Connection c, Finding f, long seq)
            throws SQLException, InterruptedException, SlackPoster.SlackRefused {
        String channel = settings.channelFor(f.service(), f.cloud(), f.severity(), f.recommendation(), defaultChannel);
        LinkedHashMap<String, Waiting> waiting = digestWaiting.get(channel);
        if (waiting != null && waiting.containsKey(f.findingId())) {
            if (f.status() == FindingStatus.RESOLVED || f.suppressedBy() != null) {
                waiting.remove(f.findingId());
            } else {
                waiting.put(
                        f.findingId(), new Waiting(waiting.get(f.findingId()).seq(), f));
            }
            return new Pass(1, 0, 0, 0, 0);
        }
        String key = SlackPosts.announcement(f.findingId());
        SlackPosts.Known known = posts.known(c, List.of(key), channel, null).get(key);
        if (known != null) {
            // announced by a notifier that died before recording it (or given up): carry on from there
            if (known.givenUp()) {
                return new Pass(1, 0, 0, 0, 1);
            }
            insertThread(c, Map.of(f.findingId(), known.version()), known.where(), known.keysInMessage() > 1);
            return f.version() > known.version() ? handle(c, f, seq) : new Pass(1, 0, 0, 0, 1);
        }
        if (f.status() != FindingStatus.OPEN || f.suppressedBy() != null || !settings.announces(f.severity())) {
            return new Pass(1, 0, 0, 0, 1); // resolved before it was announced, silenced, below the minimum, not judged
        }
        if (rateFull(channel)) {
            digestWaiting.computeIfAbsent(channel, k -> new LinkedHashMap<>()).put(f.findingId(), new Waiting(seq, f));
            digestSince.putIfAbsent(channel, clock.instant());
            return new Pass(1, 0, 0, 0, 0);
        }
        FindingMessages.Message m = messages.announcement(f);
        try {
            SlackPoster.Posted posted = posts.post(c, Map.of(key, f.version()), channel, null, m);
            recordPost(channel);
            insertThread(c, Map.of(f.findingId(), f.version()), posted, false);
            return new Pass(1, 1, 0, 0, 0);
        } catch (SlackPoster.SlackRefused e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warn("finding {} not announced in {}: {}", f.findingId(), channel, e.getMessage());
            return new Pass(1, 0, 0, 0, 1);
        }
    }

    /**
     * The dashboard's assistant writes a first analysis of each new high-severity finding; once the
     * finding has its own thread (not a digest's), the analysis is posted there, once.
     */
    private Pass postAnalyses(Connection c) throws SQLException, InterruptedException, SlackPoster.SlackRefused {
        record Due(String findingId, String text, String model, String channel, String ts, long version) {}
        List<Due> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.finding_id, a.text, a.model, s.channel, s.ts, a.finding_version FROM assistant_analyses a
                JOIN slack_messages s USING (finding_id)
                WHERE a.state = 'done' AND a.slack_posted_at IS NULL AND NOT s.digest
                ORDER BY a.created_at, a.finding_id LIMIT 20""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                due.add(new Due(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6)));
            }
        }
        int replies = 0;
        for (Due d : due) {
            FindingMessages.Message m = messages.analysis(d.text(), d.model());
            String key = SlackPosts.analysis(d.findingId());
            try {
                if (!posts.known(c, List.of(key), d.channel(), d.ts()).containsKey(key)) {
                    posts.post(c, Map.of(key, d.version()), d.channel(), d.ts(), m);
                    replies++;
                }
            } catch (SlackPoster.SlackRefused e) {
                if (e.retryable()) {
                    throw e;
                }
                LOG.warn("first analysis of {} not posted: {}", d.findingId(), e.getMessage());
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE assistant_analyses SET slack_posted_at = now() WHERE finding_id = ?")) {
                ps.setString(1, d.findingId());
                ps.executeUpdate();
            }
        }
        return new Pass(0, 0, replies, 0, 0);
    }

    private Pass flushDigests(Connection c, boolean all)
            throws SQLException, InterruptedException, SlackPoster.SlackRefused {
        int digests = 0;
        int announced = 0;
        for (String channel : new ArrayList<>(digestWaiting.keySet())) {
            Instant since = digestSince.get(channel);
            boolean due = all || since == null || !clock.instant().isBefore(since.plus(settings.digestWindow()));
            if (!due) {
                continue;
            }
            List<Finding> findings = new ArrayList<>();
            for (Waiting w : digestWaiting.get(channel).values()) {
                findings.add(w.finding());
            }
            findings = unannounced(c, channel, findings);
            if (!findings.isEmpty()) {
                FindingMessages.Message m =
                        findings.size() == 1 ? messages.announcement(findings.get(0)) : messages.digest(findings);
                Map<String, Long> keys = new LinkedHashMap<>();
                Map<String, Long> versions = new LinkedHashMap<>();
                for (Finding f : findings) {
                    keys.put(SlackPosts.announcement(f.findingId()), f.version());
                    versions.put(f.findingId(), f.version());
                }
                SlackPoster.Posted posted = posts.post(c, keys, channel, null, m);
                recordPost(channel);
                insertThread(c, versions, posted, findings.size() > 1);
                if (findings.size() == 1) {
                    announced++;
                } else {
                    digests++;
                }
            }
            digestWaiting.remove(channel);
            digestSince.remove(channel);
        }
        return new Pass(0, announced, 0, digests, 0);
    }

    /**
     * The findings of a digest that Slack does not show yet: one in a digest posted by a notifier
     * that died before recording it gets that digest's thread instead (and those given up nothing).
     */
    private List<Finding> unannounced(Connection c, String channel, List<Finding> findings)
            throws SQLException, InterruptedException, SlackPoster.SlackRefused {
        List<String> keys = findings.stream()
                .map(f -> SlackPosts.announcement(f.findingId()))
                .toList();
        Map<String, SlackPosts.Known> known = posts.known(c, keys, channel, null);
        List<Finding> left = new ArrayList<>();
        for (Finding f : findings) {
            SlackPosts.Known k = known.get(SlackPosts.announcement(f.findingId()));
            if (k == null) {
                left.add(f);
            } else if (!k.givenUp()) {
                insertThread(c, Map.of(f.findingId(), k.version()), k.where(), k.keysInMessage() > 1);
            }
        }
        return left;
    }

    private boolean rateFull(String channel) {
        Deque<Instant> posts = recentPosts.computeIfAbsent(channel, k -> new ArrayDeque<>());
        Instant horizon = clock.instant().minus(settings.digestWindow());
        while (!posts.isEmpty() && posts.peekFirst().isBefore(horizon)) {
            posts.removeFirst();
        }
        return posts.size() >= settings.digestMaxMessages() || digestWaiting.containsKey(channel);
    }

    private void recordPost(String channel) {
        recentPosts.computeIfAbsent(channel, k -> new ArrayDeque<>()).addLast(clock.instant());
    }

    private static boolean judgementChanged(Finding before, Finding f) {
        return before == null
                || before.cause() != f.cause()
                || before.severity() != f.severity()
                || before.recommendation() != f.recommendation()
                || !Objects.equals(before.changes(), f.changes());
    }

    /** The stored position: before the oldest version still waiting for a digest. */
    private long safePosition() {
        long safe = position;
        for (Map<String, Waiting> waiting : digestWaiting.values()) {
            for (Waiting w : waiting.values()) {
                safe = Math.min(safe, w.seq() - 1);
            }
        }
        return safe;
    }

    private static List<Waiting> read(Connection c, long after) throws SQLException {
        List<Waiting> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, document::text FROM finding_versions WHERE seq > ? ORDER BY seq LIMIT " + PAGE)) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Waiting(rs.getLong(1), parse(rs.getString(2))));
                }
            }
        }
        return out;
    }

    private static Finding version(Connection c, String findingId, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT document::text FROM finding_versions WHERE finding_id = ? AND version = ?")) {
            ps.setString(1, findingId);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? parse(rs.getString(1)) : null;
            }
        }
    }

    private static Finding parse(String document) throws SQLException {
        try {
            return Json.MAPPER.readValue(document, Finding.class);
        } catch (IOException e) {
            throw new SQLException("unreadable finding document: " + e.getMessage(), e);
        }
    }

    private static SlackThread thread(Connection c, String findingId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT channel, ts, digest, last_version, resolved_posted FROM slack_messages WHERE finding_id = ?")) {
            ps.setString(1, findingId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new SlackThread(
                                rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4), rs.getBoolean(5))
                        : null;
            }
        }
    }

    /** @param versions each finding announced by the message, with the version it shows */
    private static void insertThread(
            Connection c, Map<String, Long> versions, SlackPoster.Posted posted, boolean digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO slack_messages (finding_id, channel, ts, digest, posted_version, last_version)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (finding_id) DO NOTHING""")) {
            for (Map.Entry<String, Long> f : versions.entrySet()) {
                ps.setString(1, f.getKey());
                ps.setString(2, posted.channel());
                ps.setString(3, posted.ts());
                ps.setBoolean(4, digest);
                ps.setLong(5, f.getValue());
                ps.setLong(6, f.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void markPosted(Connection c, Finding f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE slack_messages SET last_version = greatest(last_version, ?),
                    resolved_posted = resolved_posted OR ?, updated_at = now()
                WHERE finding_id = ?""")) {
            ps.setLong(1, f.version());
            ps.setBoolean(2, f.status() == FindingStatus.RESOLVED);
            ps.setString(3, f.findingId());
            ps.executeUpdate();
        }
    }

    private static long readCursor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM notifier_cursors WHERE notifier = ?")) {
            ps.setString(1, CURSOR);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void writeCursor(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notifier_cursors (notifier, last_seq) VALUES (?, ?)
                ON CONFLICT (notifier) DO UPDATE SET last_seq = EXCLUDED.last_seq, updated_at = now()""")) {
            ps.setString(1, CURSOR);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
    }

    /** Runs passes every {@code interval} until the thread is interrupted; then posts waiting digests. */
    public void run(Duration interval) {
        boolean interrupted = false;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Pass p = pollOnce();
                    if (p.announced() + p.replies() + p.digests() > 0) {
                        LOG.info(
                                "Slack: {} announced, {} thread replies, {} digests",
                                p.announced(),
                                p.replies(),
                                p.digests());
                    }
                } catch (SQLException e) {
                    LOG.warn("reading findings for Slack failed, will retry: {}", e.getMessage());
                }
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            interrupted = true; // stop: post what waits for a digest first
        }
        try {
            flush();
        } catch (SQLException | InterruptedException e) {
            LOG.warn("Slack digests not flushed at shutdown: {}", e.getMessage());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
