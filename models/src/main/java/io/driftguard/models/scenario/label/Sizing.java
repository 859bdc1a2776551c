package io.driftguard.models.scenario.label;

/**
 * The size of a resource before (as declared) and after a change, where size matters.
 *
 * @param capacityBefore capacity in the resource's own unit (GiB of memory of an instance type,
 *     replica or instance count, MB of Lambda memory)
 * @param costBefore estimated monthly cost in USD, or NaN where it cannot be priced from the
 *     resource's own attributes (a replica count without a node price, a Lambda function)
 */
public record Sizing(double capacityBefore, double capacityAfter, double costBefore, double costAfter) {

    public static Sizing capacityOnly(double before, double after) {
        return new Sizing(before, after, Double.NaN, Double.NaN);
    }

    public boolean priced() {
        return !Double.isNaN(costBefore) && !Double.isNaN(costAfter);
    }

    public Sizing reversed() {
        return new Sizing(capacityAfter, capacityBefore, costAfter, costBefore);
    }
}
