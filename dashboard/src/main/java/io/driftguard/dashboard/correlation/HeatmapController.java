package io.driftguard.dashboard.correlation;

import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.dashboard.system.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
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

    /** Rows the service grid shows by default; the rest are summed into one "other services" row. */
    static final int TOP_SERVICES = 12;

    static final String OTHER_SERVICES = "other services";

    /**
     * Drift findings by service (rows) and UTC hour of day of the first diverging change (columns):
     * the {@code top} services with the most findings, then one row summing the others (so an estate
     * of a hundred services reads as a dozen rows, not a hundred rows of zeros).
     */
    @GetMapping("/api/correlations/service-hours")
    Heatmap serviceByHour(@RequestParam(required = false) Integer top) {
        int limit = top == null ? TOP_SERVICES : Math.max(1, Math.min(top, 500));
        List<Cell> cells = jdbc.sql("""
                SELECT coalesce(service, 'unassigned') AS row_key,
                       extract(hour FROM first_event_time AT TIME ZONE 'UTC')::int::text AS column_key,
                       count(*) AS n
                FROM findings WHERE kind = :drift
                GROUP BY 1, 2""")
                .param("drift", FindingKind.DRIFT.id())
                .query((rs, n) -> new Cell(rs.getString("row_key"), rs.getString("column_key"), rs.getLong("n")))
                .list();
        Map<String, Long> perService = new HashMap<>();
        for (Cell c : cells) {
            perService.merge(c.row(), c.count(), Long::sum);
        }
        List<String> ranked = perService.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
        List<String> shown = ranked.subList(0, Math.min(limit, ranked.size()));
        List<Cell> folded = new ArrayList<>(cells.size());
        for (Cell c : cells) {
            folded.add(shown.contains(c.row()) ? c : new Cell(OTHER_SERVICES, c.column(), c.count()));
        }
        List<String> rows = new ArrayList<>(shown);
        if (ranked.size() > shown.size()) {
            rows.add(OTHER_SERVICES);
        }
        List<String> columns = new ArrayList<>(24);
        for (int h = 0; h < 24; h++) {
            columns.add(Integer.toString(h));
        }
        Heatmap grid = Heatmap.of("service", "hour (UTC)", rows, columns, folded);
        return new Heatmap(
                grid.rowLabel(),
                grid.columnLabel(),
                grid.rows(),
                grid.columns(),
                grid.counts(),
                grid.max(),
                ranked.size() - shown.size());
    }

    /** One non-empty cell. */
    record Cell(String row, String column, long count) {}

    /**
     * A grid: {@code counts[i][j]} is the count for {@code rows[i]} and {@code columns[j]}.
     *
     * @param max the largest count, for colour scaling
     * @param foldedRows how many rows were summed into the last one (the service grid's "other services")
     */
    record Heatmap(
            String rowLabel,
            String columnLabel,
            List<String> rows,
            List<String> columns,
            long[][] counts,
            long max,
            int foldedRows) {

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
            return new Heatmap(rowLabel, columnLabel, r, c, counts, max, 0);
        }
    }
}
