package io.driftguard.reconcile;

import io.driftguard.core.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** What the reconcile ITs ask PostgreSQL while the job turns scan observations into findings. */
public final class ScanQueries {

    private ScanQueries() {}

    /** Polls until the query returns at least one row, for up to 90 s (the job's start included). */
    public static List<String> await(Callable<List<String>> query) throws Exception {
        return await(query, 1);
    }

    /** Polls until the query returns at least {@code n} rows, for up to 90 s (the job's start included). */
    public static List<String> await(Callable<List<String>> query, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            last = query.call();
            if (last.size() >= n) {
                return last;
            }
            Thread.sleep(250); // the poll interval, not a wait for the result
        }
        return last;
    }

    /** The first column of every row the query returns, as text. */
    public static List<String> rows(Database db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
