package io.driftguard.pipeline.replay;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.catalog.CatalogTables;
import io.driftguard.ingest.iac.ChildRules;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.DesiredStateMerger;
import io.driftguard.ingest.iac.IacProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.util.Collector;

/**
 * Replay only, keyed by resource key: the IaC parts {@link IacFileSource} read for one resource
 * become its one declaration, merged as {@code IacFolderReader.read} merges them (the primary
 * resource first, the parts declared separately over it, in reading order; rules declared as their
 * own resources added to their parent's rule names). A resource's parts may come from any file, so
 * they wait in keyed state until the IaC input ends (its final watermark fires each key's timer);
 * then the declaration goes to the episode operator, and the final watermark after it: the episode
 * operator applies no change before every declaration is in, as when the client read the IaC.
 *
 * <p>State and its cleanup: the parts of each key, cleared when its declaration is emitted.
 */
public final class DeclaredStateMerge extends KeyedProcessFunction<String, IacPart, DesiredResource> {

    private final String iac;
    private transient ListState<IacPart> parts;
    private transient CatalogTables tables;
    private transient ReplayProgress.IacAccumulators accumulators;

    /** @param iac the {@code iac/} folder, which merge conflicts name */
    public DeclaredStateMerge(String iac) {
        this.iac = iac;
    }

    @Override
    public void open(OpenContext openContext) {
        parts = getRuntimeContext()
                .getListState(new ListStateDescriptor<>("iac-parts", TypeInformation.of(IacPart.class)));
        tables = CatalogTables.builtIn();
        accumulators = ReplayProgress.registerIac(getRuntimeContext());
    }

    @Override
    public void processElement(IacPart part, Context ctx, Collector<DesiredResource> out) throws Exception {
        if (part.problem() != null) { // to the command, which writes it to the rejected file
            accumulators
                    .problems()
                    .add(ReplayProgress.OrderedProblem.ofFile(part.unit(), part.index(), part.problem()));
            return;
        }
        parts.add(part);
        // the end of the IaC input (its final watermark); registering it again is a no-op
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DesiredResource> out) throws Exception {
        List<IacPart> declared = new ArrayList<>();
        Map<String, IacPart> rules = new TreeMap<>();
        for (IacPart p : parts.get()) {
            if (p.declared() != null) {
                declared.add(p);
            } else {
                rules.merge(p.childKey(), p, (a, b) -> a.order() <= b.order() ? a : b);
            }
        }
        parts.clear();
        if (declared.isEmpty()) {
            return; // only rules of a parent no IaC declares
        }
        declared.sort(Comparator.comparingLong(IacPart::order));
        List<DeclaredResource> group = new ArrayList<>(declared.size());
        declared.forEach(p -> group.add(p.declared()));
        long headOrder = declared.get(0).order();
        DesiredResource merged = DesiredStateMerger.merge(
                        group,
                        tables,
                        msg -> accumulators
                                .problems()
                                .add(ReplayProgress.OrderedProblem.ofConflict(headOrder, new IacProblem(iac, msg))))
                .get(0);
        if (!rules.isEmpty()) {
            List<IacPart> byOrder = new ArrayList<>(rules.values());
            byOrder.sort(Comparator.comparingLong(IacPart::order));
            merged = ChildRules.withRules(
                    merged, byOrder.stream().map(IacPart::ruleName).toList());
        }
        // a declaration holds from the start of the window: it carries no event time (the client
        // used to hand declarations to the job without one)
        if (out instanceof TimestampedCollector<DesiredResource> timed) {
            timed.eraseTimestamp();
        }
        accumulators.declared().add(1L);
        out.collect(merged);
    }
}
