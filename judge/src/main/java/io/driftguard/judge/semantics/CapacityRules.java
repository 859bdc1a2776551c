package io.driftguard.judge.semantics;

import io.driftguard.judge.semantics.ChangeSemantics.CapacityChange;
import io.driftguard.judge.semantics.ChangeSemantics.CostEstimate;
import io.driftguard.judge.semantics.ChangeSemantics.SizeChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Capacity, size and cost. Capacity is each capacity-like number against its declaration; a size
 * is ranked by {@link Sizes}; cost is priced only from what the finding itself says (the resource's
 * size, with its count when the count changed too, and allocated storage): an ASG's or a
 * Deployment's unit price is not an attribute of the resource, so their cost is not estimated.
 */
final class CapacityRules {

    /** Counts of identical units: a size change on the same resource multiplies with them. */
    private static final Set<String> COUNTS = Set.of("desired_capacity", "instances", "target_size", "spec.replicas");

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

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
