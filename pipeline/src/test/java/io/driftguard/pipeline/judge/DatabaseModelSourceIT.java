package io.driftguard.pipeline.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.store.Database;
import io.driftguard.judge.registry.DatabaseModelSource;
import io.driftguard.judge.registry.ModelSource;
import io.driftguard.testkit.LocalPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The live judge reads the registry's roles every few seconds on its own task: over one connection
 * kept open, and, once that connection is gone (a database restart, an idle timeout), over a new
 * one from the next read on.
 */
class DatabaseModelSourceIT {

    @Test
    void rolesAreReadOverOneConnectionThatIsOpenedAgainAfterItBroke() throws Exception {
        try (LocalPostgres pg = LocalPostgres.start()) {
            Database db = new Database(pg.jdbcUrl(), "postgres", "");
            db.migrate();
            DatabaseModelSource source = new DatabaseModelSource(db);
            try (Connection observer = db.connect()) {
                Set<Integer> before = backends(observer);

                assertThat(source.roles()).isEqualTo(ModelSource.Roles.NONE);
                Set<Integer> opened = backends(observer);
                opened.removeAll(before);
                assertThat(opened).as("the source's connection").hasSize(1);
                for (int i = 0; i < 5; i++) {
                    source.roles();
                }
                Set<Integer> after = backends(observer);
                after.removeAll(before);
                assertThat(after).as("five more reads, the same connection").isEqualTo(opened);

                try (Statement s = observer.createStatement()) {
                    s.execute("SELECT pg_terminate_backend(" + opened.iterator().next() + ")");
                }
                assertThatThrownBy(source::roles).isInstanceOf(IOException.class);
                assertThat(source.roles()).as("the next read connects again").isEqualTo(ModelSource.Roles.NONE);

                source.close();
                Set<Integer> left = backends(observer);
                left.removeAll(before);
                for (int i = 0; i < 100 && !left.isEmpty(); i++) { // a closed connection's process ends a moment later
                    Thread.sleep(20);
                    left = backends(observer);
                    left.removeAll(before);
                }
                assertThat(left).as("close gives the connection back").isEmpty();
            }
        }
    }

    /** The server processes of client connections other than {@code observer}'s own. */
    private static Set<Integer> backends(Connection observer) throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (Statement s = observer.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'"
                        + " AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
        }
        return pids;
    }
}
