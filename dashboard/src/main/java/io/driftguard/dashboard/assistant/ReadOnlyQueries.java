package io.driftguard.dashboard.assistant;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs the assistant's queries the way an analyst would: in a read-only transaction, as the role
 * {@code driftguard_analyst} (which may read the {@code analyst_*} views and nothing else), with a
 * statement timeout and a row limit. The transaction is rolled back, so even a query that tried to
 * write could leave nothing behind; the role and the read-only flag make PostgreSQL refuse it first.
 */
final class ReadOnlyQueries {

    static final String ROLE = "driftguard_analyst";

    private final DataSource dataSource;
    private final Duration timeout;
    private final int maxRows;

    ReadOnlyQueries(DataSource dataSource, Duration timeout, int maxRows) {
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.maxRows = maxRows;
    }

    int maxRows() {
        return maxRows;
    }

    /** The rows of one parameterised query, at most {@code min(limit, maxRows)}, as JSON-ready maps. */
    List<Map<String, Object>> query(String sql, List<Object> params, int limit) throws SQLException {
        int rows = Math.max(1, Math.min(limit, maxRows));
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION READ ONLY");
                    s.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
                    try {
                        s.execute("SET LOCAL ROLE " + ROLE);
                    } catch (SQLException e) {
                        // Said plainly, because the page shows it: every look-up fails until it is fixed.
                        throw new SQLException(
                                "the dashboard's database user may not act as " + ROLE
                                        + ", so the assistant cannot look anything up (an administrator grants it: GRANT "
                                        + ROLE + " TO <the dashboard's user>; see docs/sql.md): " + e.getMessage(),
                                e.getSQLState(),
                                e);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setMaxRows(rows);
                    for (int i = 0; i < params.size(); i++) {
                        ps.setObject(i + 1, params.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        return read(rs);
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                if (v instanceof Timestamp t) {
                    v = t.toInstant().toString();
                } else if (v instanceof BigDecimal d) {
                    v = d.doubleValue();
                } else if (v != null && !(v instanceof Number) && !(v instanceof Boolean) && !(v instanceof String)) {
                    v = v.toString();
                }
                if (v != null) {
                    row.put(meta.getColumnLabel(i), v);
                }
            }
            out.add(row);
        }
        return out;
    }
}
