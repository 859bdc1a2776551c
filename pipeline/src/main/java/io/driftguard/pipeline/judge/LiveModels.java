package io.driftguard.pipeline.judge;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.store.ShadowPrediction;
import io.driftguard.judge.Judge;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.registry.ModelSource;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judge's models while the job runs: the live one, which judges findings, and an optional
 * candidate, which scores the same episodes in shadow. Both follow the registry's roles
 * ({@link ModelSource}), re-read at most once per refresh interval, so {@code driftguard model
 * promote}, {@code rollback} and {@code shadow} take effect in the running operator: no restart,
 * no state lost, the next batch is judged by the new model.
 *
 * <p>While the registry names no live model, the model the job started with judges. A version that
 * cannot be loaded (unreachable registry, a file that does not fit this build's features) is
 * logged once and the current model keeps judging: a bad promotion never stops detection.
 */
public final class LiveModels implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LiveModels.class);

    private final Judge configured;
    private final ModelSource source;
    private final long refreshMillis;

    private transient Judge live;
    private transient Judge candidate;
    private transient String liveVersion;
    private transient String candidateVersion;
    private transient long nextRefresh;
    private transient Set<String> refused;

    /**
     * @param configured the judge with the model the job was started with
     * @param source the registry to follow, or null to keep {@code configured} for good
     * @param refreshMillis how often the roles are re-read; {@link Long#MAX_VALUE}: only at open
     */
    public LiveModels(Judge configured, ModelSource source, long refreshMillis) {
        this.configured = configured;
        this.source = source;
        this.refreshMillis = refreshMillis;
    }

    public void open(long now) {
        configured.open();
        live = configured;
        liveVersion = configured.model().ref().version();
        refused = new HashSet<>();
        nextRefresh = Long.MIN_VALUE;
        refresh(now);
        // The operator's clock (processing time) is not the wall clock `now` came from: read again
        // at the first batch, then every interval of the operator's own time.
        nextRefresh = refreshMillis == Long.MAX_VALUE ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /** Re-reads the roles when the refresh interval has passed since the last read. */
    public void refresh(long now) {
        if (live == null) {
            open(now);
            return;
        }
        if (source == null || now < nextRefresh) {
            return;
        }
        nextRefresh = refreshMillis == Long.MAX_VALUE ? Long.MAX_VALUE : now + refreshMillis;
        ModelSource.Roles roles;
        try {
            roles = source.roles();
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "cannot read the model roles from {}; keeping model {}: {}",
                    source.describe(),
                    liveVersion,
                    e.getMessage());
            return;
        }
        String wantLive = roles.live() == null ? configured.model().ref().version() : roles.live();
        if (!wantLive.equals(liveVersion)) {
            Judge next = wantLive.equals(configured.model().ref().version()) ? configured : load(wantLive);
            if (next != null) {
                LOG.info("cause model {} is live (was {}), from {}", wantLive, liveVersion, source.describe());
                if (live != configured && live != candidate) {
                    live.close();
                }
                live = next;
                liveVersion = wantLive;
            }
        }
        String wantCandidate = Objects.equals(roles.candidate(), liveVersion) ? null : roles.candidate();
        if (!Objects.equals(wantCandidate, candidateVersion)) {
            Judge next = wantCandidate == null ? null : load(wantCandidate);
            if (wantCandidate == null || next != null) {
                if (candidate != null && candidate != live && candidate != configured) {
                    candidate.close();
                }
                candidate = next;
                candidateVersion = wantCandidate;
                LOG.info("cause model {} scores in shadow", wantCandidate == null ? "(none)" : wantCandidate);
            }
        }
    }

    private Judge load(String version) {
        if (refused.contains(version)) {
            return null;
        }
        try {
            byte[] onnx = source.onnx(version);
            CauseModel model = CauseModel.fromBytes(onnx, version + " from " + source.describe(), new CauseFeatures());
            Judge judge = configured.withModel(model);
            judge.open();
            return judge;
        } catch (IOException | RuntimeException e) {
            refused.add(version);
            LOG.error(
                    "cannot load cause model {} from {}; keeping model {}: {}",
                    version,
                    source.describe(),
                    liveVersion,
                    e.getMessage());
            return null;
        }
    }

    /** The judge whose findings the job writes. */
    public Judge live() {
        return live;
    }

    /** The version of the live model. */
    public String liveVersion() {
        return liveVersion;
    }

    /** The candidate's version, or null while nothing scores in shadow. */
    public String candidateVersion() {
        return candidateVersion;
    }

    /**
     * The candidate's cause beside the live one's for each judged finding ({@code findings} as the
     * live judge returned them for {@code batch}); empty while no candidate is set.
     */
    public List<ShadowPrediction> shadow(
            List<io.driftguard.judge.context.EpisodeContext> batch, List<Finding> findings, Instant scoredAt) {
        if (candidate == null || batch.isEmpty()) {
            return List.of();
        }
        List<Finding> other = candidate.judge(batch);
        List<ShadowPrediction> out = new ArrayList<>(findings.size());
        for (int i = 0; i < findings.size(); i++) {
            Finding l = findings.get(i);
            Finding c = other.get(i);
            if (l.cause() == null || c.cause() == null) {
                continue;
            }
            out.add(new ShadowPrediction(
                    l.findingId(),
                    l.version(),
                    liveVersion,
                    l.cause().id(),
                    l.causeConfidence() == null ? 0 : l.causeConfidence(),
                    candidateVersion,
                    c.cause().id(),
                    c.causeConfidence() == null ? 0 : c.causeConfidence(),
                    scoredAt));
        }
        return out;
    }

    public void close() {
        if (candidate != null && candidate != configured) {
            candidate.close();
        }
        if (live != null && live != configured) {
            live.close();
        }
        configured.close();
        live = null;
        candidate = null;
        if (source != null) {
            source.close();
        }
    }
}
