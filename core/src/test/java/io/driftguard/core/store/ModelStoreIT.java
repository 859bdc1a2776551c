package io.driftguard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class ModelStoreIT {

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
            s.execute("TRUNCATE model_shadow_predictions, model_promotions, model_versions CASCADE");
        }
    }

    private static ModelStore.NewVersion version(String v) {
        return new ModelStore.NewVersion(
                v,
                "cause",
                "870c8dde0ec7756a",
                "seeds 1..10",
                "# card " + v,
                "{\"test\":{\"ece\":0.01}}",
                "{}",
                new byte[] {1, 2, 3});
    }

    @Test
    void oneLiveVersionAtATimeAndRollbackStepsBack() throws Exception {
        try (Connection c = db.connect()) {
            ModelStore store = new ModelStore(c);
            store.register(version("aaa"));
            store.register(version("bbb"));
            store.register(version("ccc"));
            assertThat(store.roles("cause")).isEqualTo(new ModelStore.Roles(null, null));

            store.makeLive("cause", "aaa", "promote", "alice");
            store.makeLive("cause", "bbb", "promote", "alice");
            store.makeLive("cause", "ccc", "promote", "bob");
            assertThat(store.roles("cause").live()).isEqualTo("ccc");
            assertThat(store.list("cause"))
                    .extracting(ModelStore.Version::version, ModelStore.Version::role)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("aaa", "retired"),
                            org.assertj.core.groups.Tuple.tuple("bbb", "retired"),
                            org.assertj.core.groups.Tuple.tuple("ccc", "live"));

            assertThat(store.previousLive("cause")).contains("bbb");
            store.makeLive("cause", "bbb", "rollback", "bob");
            assertThat(store.previousLive("cause")).contains("aaa");
            store.makeLive("cause", "aaa", "rollback", "bob");
            assertThat(store.previousLive("cause")).isEmpty();
            assertThat(store.roles("cause").live()).isEqualTo("aaa");
            assertThat(rows(
                            c,
                            "SELECT action || ':' || version || ':' || coalesce(previous_version, '-') || ':' || actor"
                                    + " FROM model_promotions ORDER BY promotion_id"))
                    .containsExactly(
                            "promote:aaa:-:alice",
                            "promote:bbb:aaa:alice",
                            "promote:ccc:bbb:bob",
                            "rollback:bbb:ccc:bob",
                            "rollback:aaa:bbb:bob");
            assertThat(store.onnx("aaa")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        }
    }

    @Test
    void theDatabaseRefusesASecondLiveModel() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            ModelStore store = new ModelStore(c);
            store.register(version("aaa"));
            store.register(version("bbb"));
            store.makeLive("cause", "aaa", "promote", "alice");
            assertThatThrownBy(() -> s.execute("UPDATE model_versions SET role = 'live' WHERE version = 'bbb'"))
                    .hasMessageContaining("model_versions_one_live");
            assertThatThrownBy(() -> store.makeLive("cause", "zzz", "promote", "alice"))
                    .hasMessageContaining("no model version zzz");
            assertThat(store.roles("cause").live())
                    .as("a failed promotion changes nothing")
                    .isEqualTo("aaa");
        }
    }

    @Test
    void shadowPredictionsAreComparedInTheViews() throws Exception {
        try (Connection c = db.connect()) {
            ModelStore store = new ModelStore(c);
            store.register(version("live1"));
            store.register(version("cand1"));
            store.makeLive("cause", "live1", "promote", "alice");
            store.makeCandidate("cause", "cand1", "alice");
            assertThat(store.roles("cause")).isEqualTo(new ModelStore.Roles("live1", "cand1"));

            Instant t = Instant.parse("2026-03-01T10:00:00Z");
            List<ShadowPrediction> batch = List.of(
                    new ShadowPrediction(
                            "dg-1", 1, "live1", "configuration_error", 0.9, "cand1", "configuration_error", 0.8, t),
                    new ShadowPrediction(
                            "dg-2", 1, "live1", "configuration_error", 0.7, "cand1", "manual_troubleshooting", 0.6, t),
                    new ShadowPrediction(
                            "dg-3", 2, "live1", "configuration_error", 0.6, "cand1", "manual_troubleshooting", 0.5, t),
                    new ShadowPrediction(
                            "dg-4", 1, "live1", "security_response", 0.9, "cand1", "security_response", 0.9, t));
            ModelStore.upsertShadow(c, batch);
            ModelStore.upsertShadow(c, batch); // a replayed batch rewrites its rows

            assertThat(rows(c, "SELECT predictions || '/' || agreed || '/' || agreement FROM model_shadow_agreement"))
                    .containsExactly("4/2/0.5000");
            assertThat(
                            rows(
                                    c,
                                    "SELECT live_cause || '>' || candidate_cause || '=' || predictions FROM model_shadow_disagreements"))
                    .containsExactly("configuration_error>manual_troubleshooting=2");

            store.makeCandidate("cause", null, "alice");
            assertThat(store.roles("cause").candidate()).isNull();
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
