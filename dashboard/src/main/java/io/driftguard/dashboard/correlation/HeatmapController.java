package io.driftguard.dashboard.correlation;

import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.dashboard.system.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Counts for the correlation heatmap page. Read from the stored documents, which are the complete
 * record of a finding whatever the job writes to the side tables.
 */
@RestController
class HeatmapController {

    /** Every correlation kind, shown as a column even when no finding has it yet. */
    static final List<String> KINDS = Vocabulary.CORRELATION_KINDS;

    static final List<String> CAUSES = Vocabulary.CAUSES;
    static final String NONE = "none";
    static final String PENDING = Vocabulary.PENDING;

    private final JdbcClient jdbc;

    HeatmapController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Drift findings by cause (rows) and correlation kind (columns); a finding counts once per kind it has. */
    @GetMapping("/api/correlations/heatmap")
    Heatmap causeByKind() {
        List<Cell> cells = jdbc.sql("""
                SELECT coalesce(f.cause, :pending) AS row_key,
                       coalesce(c.kind, 'none') AS column_key,
                       count(DISTINCT f.finding_id) AS n
                FROM findings f
                LEFT JOIN LATERAL (
                    SELECT DISTINCT e->>'kind' AS kind
                    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(f.document->'correlations') = 'array'
                                                   THEN f.document->'correlations' ELSE '[]'::jsonb END) e
                ) c ON true
                WHERE f.kind = :drift
                GROUP BY 1, 2""")
                .param("pending", PENDING)
                .param("drift", FindingKind.DRIFT.id())
                .query((rs, n) -> new Cell(rs.getString("row_key"), rs.getString("column_key"), rs.getLong("n")))
                .list();
        List<String> rows = new ArrayList<>(CAUSES);
        rows.add(PENDING);
        List<String> columns = new ArrayList<>(KINDS);
        columns.add(NONE);
        return Heatmap.of("cause", "correlation kind", rows, columns, cells);
    }

    /** Drift findings by service (rows) and UTC hour of day of the first diverging change (columns). */
    @GetMapping("/api/correlations/service-hours")
    Heatmap serviceByHour() {
        List<Cell> cells = jdbc.sql("""
                SELECT coalesce(service, 'unassigned') AS row_key,
                       extract(hour FROM first_event_time AT TIME ZONE 'UTC')::int::text AS column_key,
                       count(*) AS n
                FROM findings WHERE kind = :drift
                GROUP BY 1, 2""")
                .param("drift", FindingKind.DRIFT.id())
                .query((rs, n) -> new Cell(rs.getString("row_key"), rs.getString("column_key"), rs.getLong("n")))
                .list();
        List<String> columns = new ArrayList<>(24);
        for (int h = 0; h < 24; h++) {
            columns.add(Integer.toString(h));
        }
        return Heatmap.of("service", "hour (UTC)", List.of(), columns, cells);
    }

    /** One non-empty cell. */
    record Cell(String row, String column, long count) {}

    /**
     * A grid: {@code counts[i][j]} is the count for {@code rows[i]} and {@code columns[j]}.
     *
     * @param max the largest count, for colour scaling
     */
    record Heatmap(
            String rowLabel, String columnLabel, List<String> rows, List<String> columns, long[][] counts, long max) {

        static Heatmap of(
                String rowLabel,
                String columnLabel,
                List<String> knownRows,
                List<String> knownColumns,
                List<Cell> cells) {
            Set<String> rows = new LinkedHashSet<>(knownRows);
            Set<String> columns = new LinkedHashSet<>(knownColumns);
            cells.stream().map(Cell::row).sorted().forEach(rows::add);
            cells.stream().map(Cell::column).sorted().forEach(columns::add);
            List<String> r = List.copyOf(rows);
            List<String> c = List.copyOf(columns);
            long[][] counts = new long[r.size()][c.size()];
            long max = 0;
            for (Cell cell : cells) {
                long v = counts[r.indexOf(cell.row())][c.indexOf(cell.column())] += cell.count();
                max = Math.max(max, v);
            }
            return new Heatmap(rowLabel, columnLabel, r, c, counts, max);
        }
    }
}
