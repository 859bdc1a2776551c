package io.driftguard.ingest.catalog;

import io.driftguard.ingest.catalog.ValueFunction.Shape;
import io.driftguard.ingest.catalog.aws.AwsFunctions;
import io.driftguard.ingest.catalog.aws.AwsServiceFunctions;
import io.driftguard.ingest.catalog.azure.AzureFunctions;
import io.driftguard.ingest.catalog.azure.AzureServiceFunctions;
import io.driftguard.ingest.catalog.gcp.GcpFunctions;
import io.driftguard.ingest.catalog.gcp.GcpServiceFunctions;
import io.driftguard.ingest.catalog.kubernetes.KubernetesFunctions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The named functions the catalog tables may use. A table names a function, optionally with one
 * argument ({@code pluck:groupId}), or a chain ({@code [ec2_value, bool]}: the output of one is the
 * input of the next; the last one's shape counts).
 *
 * <p>To add functions for a new provider, write a class with a {@code register(Builder)} method
 * and add it to {@link #LIBRARIES}.
 */
public final class FunctionRegistry {

    /** Every function library; order does not matter, names must be unique. */
    static final List<Consumer<Builder>> LIBRARIES = List.of(
            CommonFunctions::register,
            StructureFunctions::register,
            AwsServiceFunctions::register,
            AwsFunctions::register,
            GcpFunctions::register,
            GcpServiceFunctions::register,
            AzureFunctions::register,
            AzureServiceFunctions::register,
            KubernetesFunctions::register);

    private final Map<String, Definition> byName;

    private FunctionRegistry(Map<String, Definition> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static FunctionRegistry builtIn() {
        Builder b = new Builder();
        LIBRARIES.forEach(l -> l.accept(b));
        return new FunctionRegistry(b.defs);
    }

    /** Names and one-line descriptions, for the user manual. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        byName.forEach((k, v) -> out.put(k, v.doc()));
        return out;
    }

    /**
     * Binds a chain of function specs.
     *
     * @throws IllegalArgumentException naming the unknown function or misused argument
     */
    public Bound bind(List<String> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty function chain");
        }
        List<ValueFunction> steps = new ArrayList<>();
        Shape shape = Shape.VALUE;
        for (String spec : chain) {
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            String arg = colon < 0 ? null : spec.substring(colon + 1);
            Definition d = byName.get(name);
            if (d == null) {
                throw new IllegalArgumentException("unknown function '" + name + "' (known: " + byName.keySet() + ")");
            }
            if (d.takesArgument() != (arg != null)) {
                throw new IllegalArgumentException(
                        d.takesArgument()
                                ? "function '" + name + "' needs an argument, written " + name + ":<arg>"
                                : "function '" + name + "' takes no argument");
            }
            steps.add(d.factory().apply(arg));
            shape = d.shape();
        }
        ValueFunction fn = steps.size() == 1
                ? steps.get(0)
                : (input, ctx) -> {
                    com.fasterxml.jackson.databind.JsonNode v = input;
                    for (ValueFunction s : steps) {
                        if (v == null) {
                            return null;
                        }
                        v = s.apply(v, ctx);
                    }
                    return v;
                };
        return new Bound(String.join(",", chain), shape, fn);
    }

    /** A function chain ready to run. */
    public record Bound(String spec, Shape shape, ValueFunction fn) {}

    record Definition(Shape shape, boolean takesArgument, Function<String, ValueFunction> factory, String doc) {}

    /** Collects a library's functions. */
    public static final class Builder {
        private final Map<String, Definition> defs = new TreeMap<>();

        public Builder add(String name, Shape shape, String doc, ValueFunction fn) {
            return put(name, new Definition(shape, false, arg -> fn, doc));
        }

        public Builder addWithArgument(String name, Shape shape, String doc, Function<String, ValueFunction> factory) {
            return put(name, new Definition(shape, true, factory, doc));
        }

        private Builder put(String name, Definition d) {
            if (defs.putIfAbsent(name, d) != null) {
                throw new IllegalStateException("function '" + name + "' registered twice");
            }
            return this;
        }
    }
}
