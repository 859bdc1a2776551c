package io.driftguard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.testkit.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FindingStoreIT {

    private static LocalPostgres pg;
    private static Database db;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.start();
        db = new Database(pg.jdbcUrl(), "postgres", "");
        db.migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @BeforeEach
    void clean() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE findings, finding_versions, dead_letters CASCADE");
        }
    }

    private static Finding finding(long version, FindingStatus status, List<String> events, Instant detected) {
        return Finding.builder()
                .findingId("dg-1")
                .version(version)
                .kind(FindingKind.DRIFT)
                .cloud(Cloud.AWS)
                .account("111122223333")
                .region("eu-west-1")
                .resourceId("sg-1")
                .resourceType("aws_security_group")
                .iac(new IacRef("terraform", "aws_security_group.web", "terraform/prod/web/"))
                .status(status)
                .resolution(status == FindingStatus.RESOLVED ? Resolution.REVERTED : null)
                .changes(List.of(new Change("ingress", "[]", "[{\"from_port\":22}]", null)))
                .sourceEvents(events)
                .actor(new Finding.FindingActor("jane", "human", "jane"))
                .firstEventTime(Instant.parse("2026-03-01T10:00:00Z"))
                .lastEventTime(Instant.parse("2026-03-01T10:05:00Z"))
                .detectedAt(detected)
                .build();
    }

    @Test
    void theSameFindingTwiceLeavesTheSameRows() throws Exception {
        try (Connection c = db.connect()) {
            FindingStore store = new FindingStore(c);
            Finding v1 = finding(1, FindingStatus.OPEN, List.of("e1"), Instant.parse("2026-03-01T10:00:01Z"));
            assertThat(store.upsert(List.of(v1))).isEqualTo(1);
            assertThat(store.upsert(List.of(v1)))
                    .as("replayed input changes nothing")
                    .isZero();
            assertThat(rows(c, "SELECT count(*) FROM findings")).containsExactly("1");
            assertThat(rows(c, "SELECT count(*) FROM finding_source_events")).containsExactly("1");
        }
    }

    @Test
    void aHigherVersionReplacesTheRowAndAnOlderOneNever() throws Exception {
        try (Connection c = db.connect()) {
            FindingStore store = new FindingStore(c);
            store.upsert(List.of(finding(1, FindingStatus.OPEN, List.of("e1"), Instant.parse("2026-03-01T10:00:01Z"))));
            store.upsert(List.of(finding(
                    3, FindingStatus.RESOLVED, List.of("e1", "e2", "e3"), Instant.parse("2026-03-01T11:00:00Z"))));
            store.upsert(List.of(
                    finding(2, FindingStatus.OPEN, List.of("e1", "e2"), Instant.parse("2026-03-01T12:00:00Z"))));

            assertThat(rows(c, "SELECT version || ' ' || status || ' ' || resolution FROM findings"))
                    .containsExactly("3 resolved reverted");
            assertThat(rows(c, "SELECT event_id FROM finding_source_events ORDER BY position"))
                    .containsExactly("e1", "e2", "e3");
            assertThat(rows(c, "SELECT to_char(detected_at AT TIME ZONE 'UTC', 'HH24:MI:SS') FROM findings"))
                    .as("detected_at keeps its first value")
                    .containsExactly("10:00:01");
            assertThat(rows(c, "SELECT document->>'detected_at' FROM findings"))
                    .containsExactly("2026-03-01T10:00:01Z");
            assertThat(rows(c, "SELECT actual_value::text FROM finding_changes"))
                    .containsExactly("[{\"from_port\": 22}]");
        }
    }

    @Test
    void everyVersionIsKeptOnceInTheHistoryWhateverOrderAndHowOftenItArrives() throws Exception {
        Instant detected = Instant.parse("2026-03-01T10:00:01Z");
        Finding v1 = finding(1, FindingStatus.OPEN, List.of("e1"), detected);
        Finding v2 = finding(2, FindingStatus.OPEN, List.of("e1", "e2"), detected);
        Finding v3 = finding(3, FindingStatus.RESOLVED, List.of("e1", "e2", "e3"), detected);
        try (Connection c = db.connect()) {
            FindingStore store = new FindingStore(c);
            assertThat(store.upsert(List.of(v1, v3)))
                    .as("two versions in one batch")
                    .isEqualTo(2);
            // A restart from a checkpoint writes what followed it again; a version arrives late.
            assertThat(store.upsert(List.of(v1, v3, v2))).isZero();
            store.upsert(List.of(v2, v3));

            assertThat(rows(c, "SELECT version || ' ' || status FROM finding_versions ORDER BY version"))
                    .containsExactly("1 open", "2 open", "3 resolved");
            assertThat(rows(c, "SELECT version || ' ' || status FROM findings")).containsExactly("3 resolved");
            assertThat(rows(c, "SELECT document->>'source_events' FROM finding_versions WHERE version = 2"))
                    .as("the late version's own document")
                    .containsExactly("[\"e1\", \"e2\"]");
            assertThat(rows(c, "SELECT count(*) FROM finding_source_events")).containsExactly("3");
        }
    }

    @Test
    void theRowNamesTheCauseModelThatJudgedIt() throws Exception {
        try (Connection c = db.connect()) {
            FindingStore store = new FindingStore(c);
            Finding judged =
                    finding(1, FindingStatus.OPEN, List.of("e1"), Instant.parse("2026-03-01T10:00:01Z")).toBuilder()
                            .causeModel(new Finding.CauseModelRef("cause", "0123456789ab", "870c8dde0ec7756a"))
                            .build();
            store.upsert(List.of(judged));
            assertThat(rows(
                            c,
                            "SELECT cause_model_name || ' ' || cause_model_version || ' ' || cause_model_feature_schema"
                                    + " FROM findings"))
                    .containsExactly("cause 0123456789ab 870c8dde0ec7756a");
        }
    }

    @Test
    void deadLettersAreKeptOncePerOrigin() throws Exception {
        try (Connection c = db.connect()) {
            DeadLetter bad = new DeadLetter("aws-cloudtrail", "events/x.json#3", "malformed JSON", "{\"eventID\":");
            DeadLetterStore.insert(c, List.of(bad, bad));
            DeadLetterStore.insert(c, List.of(bad));
            assertThat(rows(c, "SELECT source || ' ' || origin || ' ' || reason FROM dead_letters"))
                    .containsExactly("aws-cloudtrail events/x.json#3 malformed JSON");
        }
    }

    @Test
    void eachVersionLeavesExactlyItsOwnChildRowsWritingOnlyWhatDiffers() throws Exception {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        // evidence both versions share, as a finding re-judged for one new item shares all the rest
        List<Finding.Correlation> shared = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            shared.add(new Finding.Correlation(
                    CorrelationKind.ALERT, "alert-" + i, "alertmanager", "same_service", t, "a"));
        }
        List<Finding.Correlation> first = new ArrayList<>(shared);
        first.add(new Finding.Correlation(CorrelationKind.TICKET, "OPS-1", "jira", "open_during_change", t, "one"));
        first.add(new Finding.Correlation(CorrelationKind.INCIDENT, "P1", "pagerduty", "open_during_change", t, "x"));
        Finding v1 = finding(1, FindingStatus.OPEN, List.of("e1", "e2"), t).toBuilder()
                .changes(List.of(new Change("a", "1", "2", true), new Change("b", "\"x\"", "\"y\"", true)))
                .correlations(first)
                .build();
        // a value changed, a change gone and one new; an earlier event joined, one left; evidence
        // changed its detail, left and arrived; an event and a correlation listed twice
        List<Finding.Correlation> second = new ArrayList<>(shared);
        second.add(new Finding.Correlation(CorrelationKind.INCIDENT, "P1", "pagerduty", "open_during_change", t, "y"));
        second.add(new Finding.Correlation(CorrelationKind.COMMIT, "abc", "github", "after_change", t, "fix"));
        second.add(new Finding.Correlation(CorrelationKind.COMMIT, "abc", "github", "after_change", t, "later copy"));
        Finding v2 = finding(2, FindingStatus.OPEN, List.of("e0", "e1", "e0"), t).toBuilder()
                .changes(List.of(new Change("a", "1", "3", true), new Change("c", "true", "false", true)))
                .correlations(second)
                .build();
        try (Connection c = db.connect()) {
            FindingStore store = new FindingStore(c);
            store.upsert(List.of(v1));
            long before = tuplesWritten(c);
            store.upsert(List.of(v2));
            assertThat(rows(c, "SELECT path || '=' || actual_value::text FROM finding_changes ORDER BY path"))
                    .containsExactly("a=3", "c=false");
            assertThat(rows(c, "SELECT event_id || '@' || position FROM finding_source_events ORDER BY position"))
                    .containsExactly("e0@0", "e1@1");
            assertThat(rows(
                            c,
                            "SELECT kind || ' ' || correlated_id || ' ' || detail FROM finding_correlations"
                                    + " WHERE kind <> 'alert' ORDER BY kind"))
                    .containsExactly("commit abc fix", "incident P1 y");
            assertThat(rows(c, "SELECT count(*) FROM finding_correlations WHERE kind = 'alert'"))
                    .containsExactly("50");
            // nine child rows differ (three of each kind); deleting and inserting them all again wrote 114
            assertThat(tuplesWritten(c) - before)
                    .as("rows written for v2: its children that differ, its findings row and its history row")
                    .isLessThan(20);

            // the same version again changes nothing
            store.upsert(List.of(v2));
            assertThat(rows(c, "SELECT count(*) FROM finding_changes")).containsExactly("2");
        }
    }

    /** Rows inserted, updated and deleted in this database so far (PostgreSQL's statistics). */
    private static long tuplesWritten(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_force_next_flush()");
        }
        return Long.parseLong(rows(
                        c,
                        "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables"
                                + " WHERE relname LIKE 'finding_%'")
                .get(0));
    }

    /** What a log field can carry: SQL, quoting of every kind, a NUL, invalid surrogates, markup. */
    static final String HOSTILE =
            "x'; DROP TABLE findings; -- $$ $q$ \\' \" \u0000 \ud800 <script>alert(1)</script> %s";

    @Test
    void hostileTextInEveryFieldIsStoredAsDataAndReadBackAsTheJobWroteIt() throws Exception {
        Finding hostile =
                finding(1, FindingStatus.OPEN, List.of(HOSTILE, "e2"), Instant.parse("2026-03-01T10:00:01Z"))
                        .toBuilder()
                        .findingId("dg-" + HOSTILE)
                        .account(HOSTILE)
                        .region(HOSTILE)
                        .resourceId(HOSTILE)
                        .resourceType(HOSTILE)
                        .service(HOSTILE)
                        .iac(new IacRef("terraform", HOSTILE, HOSTILE))
                        .changes(List.of(new Change(
                                HOSTILE,
                                io.driftguard.core.json.Json.MAPPER.writeValueAsString(HOSTILE),
                                "null",
                                true)))
                        .actor(new Finding.FindingActor(HOSTILE, "human", HOSTILE))
                        .build();
        DeadLetter letter = new DeadLetter(HOSTILE, HOSTILE, HOSTILE, HOSTILE);
        try (Connection c = db.connect()) {
            assertThat(new FindingStore(c).upsert(List.of(hostile))).isEqualTo(1);
            DeadLetterStore.insert(c, List.of(letter));
            assertThat(rows(c, "SELECT count(*) FROM findings")).containsExactly("1");
            try (var q = c.prepareStatement("SELECT document::text FROM findings WHERE finding_id = ?")) {
                q.setString(1, stored(hostile.findingId()));
                try (ResultSet r = q.executeQuery()) {
                    assertThat(r.next()).as("found by its hostile id").isTrue();
                    Finding back = io.driftguard.core.json.Json.MAPPER.readValue(r.getString(1), Finding.class);
                    assertThat(back.resourceId()).isEqualTo(stored(HOSTILE));
                    assertThat(back.actor().id()).isEqualTo(stored(HOSTILE));
                    assertThat(back.changes().get(0).path()).isEqualTo(stored(HOSTILE));
                }
            }
            assertThat(rows(c, "SELECT resource_id FROM findings")).containsExactly(stored(HOSTILE));
            assertThat(rows(c, "SELECT event_id FROM finding_source_events ORDER BY position"))
                    .containsExactly(stored(HOSTILE), "e2");
            assertThat(rows(c, "SELECT reason FROM dead_letters")).containsExactly(stored(HOSTILE));
        }
    }

    /** PostgreSQL text holds no NUL and no half surrogate pair: the store writes U+FFFD in their place. */
    private static String stored(String s) {
        return s.replace('\u0000', '\ufffd').replace('\ud800', '\ufffd');
    }

    @Test
    void theAuditLogRefusesUpdates() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO audit_log (actor, action) VALUES ('admin', 'approve')");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("UPDATE audit_log SET actor = 'x'"))
                    .hasMessageContaining("append-only");
        }
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
