package io.driftguard.models.scenario.driver;

import io.driftguard.models.scenario.label.Sizing;
import java.util.Map;

/**
 * On-demand monthly list prices (USD, 730 hours, rounded) and memory of the sizes the generator
 * uses; enough to put a change into the cost and capacity bands of the severity policy.
 */
public final class Prices {

    /** {monthly USD, memory GiB}. */
    private static final Map<String, double[]> SIZES = Map.ofEntries(
            Map.entry("t3.micro", new double[] {7.59, 1}), Map.entry("t3.small", new double[] {15.18, 2}),
            Map.entry("t3.medium", new double[] {30.37, 4}), Map.entry("t3.large", new double[] {60.74, 8}),
            Map.entry("t3.xlarge", new double[] {121.47, 16}), Map.entry("m5.large", new double[] {70.08, 8}),
            Map.entry("m5.xlarge", new double[] {140.16, 16}), Map.entry("m5.2xlarge", new double[] {280.32, 32}),
            Map.entry("m5.4xlarge", new double[] {560.64, 64}), Map.entry("c5.xlarge", new double[] {124.10, 8}),
            Map.entry("c5.2xlarge", new double[] {248.20, 16}), Map.entry("t3.nano", new double[] {3.80, 0.5}),
            Map.entry("db.t3.medium", new double[] {59.86, 4}), Map.entry("db.t3.micro", new double[] {12.41, 1}),
            Map.entry("db.m5.large", new double[] {124.83, 8}), Map.entry("db.m5.xlarge", new double[] {249.66, 16}),
            Map.entry("db.m5.2xlarge", new double[] {499.32, 32}), Map.entry("db.r5.large", new double[] {175.20, 16}),
            Map.entry("db.r5.xlarge", new double[] {350.40, 32}), Map.entry("db.r5.2xlarge", new double[] {700.80, 64}),
            Map.entry("e2-micro", new double[] {6.11, 1}), Map.entry("e2-medium", new double[] {24.46, 4}),
            Map.entry("e2-standard-2", new double[] {48.92, 8}), Map.entry("e2-standard-4", new double[] {97.83, 16}),
            Map.entry("n2-standard-2", new double[] {70.90, 8}), Map.entry("n2-standard-4", new double[] {141.80, 16}),
            Map.entry("n2-standard-8", new double[] {283.60, 32}),
                    Map.entry("n2-standard-16", new double[] {567.20, 64}),
            Map.entry("db-f1-micro", new double[] {7.67, 0.6}), Map.entry("db-g1-small", new double[] {25.55, 1.7}),
            Map.entry("db-custom-2-7680", new double[] {99.28, 7.5}),
                    Map.entry("db-custom-4-15360", new double[] {198.56, 15}),
            Map.entry("db-custom-8-30720", new double[] {397.12, 30}),
                    Map.entry("db-custom-16-61440", new double[] {794.24, 60}),
            Map.entry("Standard_B1s", new double[] {7.59, 1}), Map.entry("Standard_B2s", new double[] {30.37, 4}),
            Map.entry("Standard_D2s_v5", new double[] {70.08, 8}),
                    Map.entry("Standard_D4s_v5", new double[] {140.16, 16}),
            Map.entry("Standard_D8s_v5", new double[] {280.32, 32}),
                    Map.entry("Standard_D16s_v5", new double[] {560.64, 64}));

    private Prices() {}

    public static double monthly(String size) {
        return spec(size)[0];
    }

    public static double memory(String size) {
        return spec(size)[1];
    }

    /** A resize of one priced unit (or {@code count} identical units). */
    public static Sizing resize(String before, String after, int count) {
        return new Sizing(
                memory(before) * count, memory(after) * count, monthly(before) * count, monthly(after) * count);
    }

    /**
     * A pod of a workload whose replicas change: the policy's typical pod (0.5 vCPU / 2 GiB, a
     * quarter of an m5.large node), USD per month.
     */
    public static final double POD_MONTHLY = 17.52;

    /** A replica count change, each replica priced as a typical pod. */
    public static Sizing pods(int before, int after) {
        return new Sizing(before, after, POD_MONTHLY * before, POD_MONTHLY * after);
    }

    /**
     * A count change of priced units. Where the unit's size is not part of the resource (an auto
     * scaling group's launch template, an instance group's template), the caller passes the
     * typical unit docs/policy.md prices counts with (m5.large, n2-standard-2).
     */
    public static Sizing recount(String size, int before, int after) {
        return new Sizing(before, after, monthly(size) * before, monthly(size) * after);
    }

    private static double[] spec(String size) {
        double[] s = SIZES.get(size);
        if (s == null) {
            throw new IllegalArgumentException("no price for " + size);
        }
        return s;
    }
}
