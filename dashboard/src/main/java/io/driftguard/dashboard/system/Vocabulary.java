package io.driftguard.dashboard.system;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.CorrelationKind;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.core.vocabulary.Term;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DriftGuard's closed vocabulary as the dashboard serves it ({@code GET /api/vocabulary}): the
 * pages build their filters, axes and legends from this, and the API validates against it, so no
 * list of causes or severities is written out in the dashboard. {@link #PENDING} stands for a
 * finding the judge has not decided yet.
 */
public record Vocabulary(
        List<String> clouds,
        List<String> kinds,
        List<String> statuses,
        List<String> resolutions,
        List<String> causes,
        List<String> severities,
        List<String> recommendations,
        List<String> correlationKinds) {

    public static final String PENDING = "pending";

    public static final List<String> CLOUDS =
            Arrays.stream(Cloud.values()).map(Cloud::wireName).toList();
    public static final List<String> STATUSES = Term.ids(FindingStatus.class);
    /** In the taxonomy's precedence order. */
    public static final List<String> CAUSES = Term.ids(Cause.class);
    /** Low to high. */
    public static final List<String> SEVERITIES = Term.ids(Severity.class);

    public static final List<String> CORRELATION_KINDS = Term.ids(CorrelationKind.class);

    public static final Vocabulary ALL = new Vocabulary(
            CLOUDS,
            Term.ids(FindingKind.class),
            STATUSES,
            Term.ids(Resolution.class),
            CAUSES,
            SEVERITIES,
            Term.ids(Recommendation.class),
            CORRELATION_KINDS);

    /** The ids followed by {@link #PENDING}. */
    public static List<String> withPending(List<String> ids) {
        List<String> out = new ArrayList<>(ids);
        out.add(PENDING);
        return List.copyOf(out);
    }
}
