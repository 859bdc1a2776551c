package io.driftguard.judge.semantics;

import io.driftguard.judge.semantics.ChangeSemantics.CapacityChange;
import io.driftguard.judge.semantics.ChangeSemantics.CostEstimate;
import io.driftguard.judge.semantics.ChangeSemantics.SizeChange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Capacity, size and cost. Capacity is each capacity-like number against its declaration; a size
 * is ranked by {@link Sizes}; cost is priced from what the finding says (the resource's size, with
 * its count when the count changed too, and allocated storage), and a count that changed alone (an
 * ASG's desired capacity, an instance group's target size, a scale set's instances, replicas, a
 * node pool's node count) is priced as the unit price of {@code unit-prices.csv} × the count.
 */
final class CapacityRules {

    /** Counts of identical units: a size change on the same resource multiplies with them. */
    private static final Set<String> COUNTS = Set.of(
            "desired_capacity",
            "instances",
            "target_size",
            "spec.replicas",
            "node_count",
            "scaling_config.desired_size");

    /** One unit of a counted resource type: what it is and what it costs (unit-prices.csv). */
    record Unit(String what, double usdPerHour) {}

    private static final Map<String, Unit> UNITS = loadUnits();

    /** RDS General Purpose (gp2/gp3) storage, USD per GiB-month, us-east-1. */
    static final double STORAGE_USD_PER_GIB_MONTH = 0.115;

    private CapacityRules() {}

    static boolean isCount(String path) {
        return COUNTS.contains(path);
    }

    static AttributeTable.Reader size() {
        return (a, r) -> {
            String from = Attr.text(a.desired());
            String to = Attr.text(a.actual());
            if (from == null || to == null || from.equalsIgnoreCase(to)) {
                return;
            }
            r.sizes.add(new SizeChange(a.path(), from, to, Sizes.ratio(from, to)));
        };
    }

    static AttributeTable.Reader count(String measure) {
        return (a, r) -> {
            Double d = Attr.number(a.desired());
            Double v = Attr.number(a.actual());
            if (d != null && v != null && !d.equals(v)) {
                r.capacity.add(new CapacityChange(a.path(), measure, d, v));
            }
        };
    }

    /** Fills {@link Reading#cost} where the price table and the changes can say. */
    static void price(Reading r) {
        double before = 0;
        double after = 0;
        List<String> basis = new ArrayList<>();
        for (SizeChange s : r.sizes) {
            Sizes.Size from = Sizes.known(s.from());
            Sizes.Size to = Sizes.known(s.to());
            if (from == null || to == null) {
                continue;
            }
            CapacityChange count = null;
            for (CapacityChange c : r.capacity) {
                if (isCount(c.path())) {
                    count = c;
                }
            }
            double n0 = count == null ? 1 : count.declared();
            double n1 = count == null ? 1 : count.actual();
            before += from.usdPerMonth() * n0;
            after += to.usdPerMonth() * n1;
            basis.add(
                    count == null
                            ? String.format(
                                    Locale.ROOT,
                                    "%s $%.4f/h -> %s $%.4f/h (per instance)",
                                    s.from(),
                                    from.usdPerHour(),
                                    s.to(),
                                    to.usdPerHour())
                            : String.format(
                                    Locale.ROOT,
                                    "%s x %s $%.4f/h -> %s x %s $%.4f/h",
                                    SimpleRules.fmt(n0),
                                    s.from(),
                                    from.usdPerHour(),
                                    SimpleRules.fmt(n1),
                                    s.to(),
                                    to.usdPerHour()));
        }
        if (basis.isEmpty()) {
            CapacityChange count = pricedCount(r);
            Unit unit = UNITS.get(r.resourceType);
            if (count != null && unit != null) {
                before += unit.usdPerHour() * Sizes.HOURS_PER_MONTH * count.declared();
                after += unit.usdPerHour() * Sizes.HOURS_PER_MONTH * count.actual();
                basis.add(String.format(
                        Locale.ROOT,
                        "%s %s -> %s x %s at $%.4f/h (unit price from the price table; the count is exact, the unit typical)",
                        count.measure(),
                        SimpleRules.fmt(count.declared()),
                        SimpleRules.fmt(count.actual()),
                        unit.what(),
                        unit.usdPerHour()));
            }
        }
        for (CapacityChange c : r.capacity) {
            if (c.path().equals("allocated_storage")) {
                before += c.declared() * STORAGE_USD_PER_GIB_MONTH;
                after += c.actual() * STORAGE_USD_PER_GIB_MONTH;
                basis.add(String.format(
                        Locale.ROOT,
                        "storage %s -> %s GiB at $%.3f/GiB-month",
                        SimpleRules.fmt(c.declared()),
                        SimpleRules.fmt(c.actual()),
                        STORAGE_USD_PER_GIB_MONTH));
            }
        }
        if (!basis.isEmpty()) {
            r.cost = new CostEstimate(
                    round(before), round(after), String.join("; ", basis) + "; 730 h/month, on-demand list prices");
        }
    }

    /**
     * The count that says how many units run: a running count ({@link #COUNTS}); else a raised
     * minimum size, the floor the group cannot go below. A maximum is a ceiling, not spend, and is
     * not priced.
     */
    private static CapacityChange pricedCount(Reading r) {
        CapacityChange min = null;
        for (CapacityChange c : r.capacity) {
            if (isCount(c.path())) {
                return c;
            }
            if (c.path().equals("min_size") || c.path().equals("scaling_config.min_size")) {
                min = c;
            }
        }
        return min;
    }

    private static Map<String, Unit> loadUnits() {
        Map<String, Unit> out = new HashMap<>();
        try (InputStream in = CapacityRules.class.getResourceAsStream("unit-prices.csv")) {
            if (in == null) {
                throw new IllegalStateException("unit-prices.csv missing from the classpath");
            }
            BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int no = 0;
            while ((line = br.readLine()) != null) {
                no++;
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 3) {
                    throw new IllegalStateException("unit-prices.csv line " + no + ": expected 3 columns");
                }
                out.put(f[0], new Unit(f[1], Double.parseDouble(f[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
