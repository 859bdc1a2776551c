package io.driftguard.pipeline;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.judge.registry.ModelSource;
import java.io.Serializable;
import java.time.Duration;

/**
 * How the topology behaves in one deployment.
 *
 * @param replay true for {@code driftguard replay}: changes are applied in exact event-time order
 *     once the bounded input is read, and {@code detected_at} is the event time of the detecting
 *     change (reproducible output). False for live mode: changes are applied as they arrive (Kafka
 *     keeps one resource's events in order) and {@code detected_at} is the wall clock.
 * @param outOfOrderness how late an event may arrive behind the newest one and still count as on
 *     time for event-time windows (CloudTrail delivers within minutes)
 * @param idleness after how long without records a source partition stops holding back watermarks
 * @param causeModel an ONNX cause model file, or null for the one the build ships
 * @param declarationWait live: how long a change on a resource with no declaration yet waits for
 *     one (declared state and changes come from different topics) before it counts as unmanaged
 * @param models the model registry the judge watches for the live model and a shadow candidate
 *     (null: the judge keeps {@code causeModel} and scores no shadow)
 * @param redeliveryHorizon how long the episode operator remembers the event ids it applied to a
 *     resource, so that a connector's redelivery is ignored even after its episode closed (see
 *     {@link io.driftguard.pipeline.episode.EpisodeFunction}); longer than any connector redelivers
 */
public record JobSettings(
        DriftGuardConfig config,
        boolean replay,
        Duration outOfOrderness,
        Duration idleness,
        int parallelism,
        String causeModel,
        Duration declarationWait,
        ModelSource models,
        Duration redeliveryHorizon)
        implements Serializable {

    /** The default {@code declarationWait}. */
    public static final Duration DECLARATION_WAIT = Duration.ofMinutes(2);

    /**
     * The default {@code redeliveryHorizon}: a day. Connectors redeliver within minutes (an SQS
     * visibility timeout, a Pub/Sub ack deadline, an Event Hubs batch since the last checkpoint), a
     * webhook sender within hours; the webhook receiver remembers delivery ids for a day too.
     */
    public static final Duration REDELIVERY_HORIZON = Duration.ofHours(24);

    public static JobSettings replay(DriftGuardConfig config, int parallelism) {
        return new JobSettings(
                config,
                true,
                Duration.ofMinutes(15),
                Duration.ofMinutes(1),
                parallelism,
                null,
                DECLARATION_WAIT,
                null,
                REDELIVERY_HORIZON);
    }

    public static JobSettings live(DriftGuardConfig config, int parallelism) {
        return new JobSettings(
                config,
                false,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                parallelism,
                null,
                DECLARATION_WAIT,
                null,
                REDELIVERY_HORIZON);
    }

    /** The same settings with a cause model file instead of the built-in one. */
    public JobSettings withCauseModel(java.nio.file.Path model) {
        return new JobSettings(
                config,
                replay,
                outOfOrderness,
                idleness,
                parallelism,
                model == null ? null : model.toString(),
                declarationWait,
                models,
                redeliveryHorizon);
    }

    /** The same settings with another declaration wait. */
    public JobSettings withDeclarationWait(Duration wait) {
        return new JobSettings(
                config, replay, outOfOrderness, idleness, parallelism, causeModel, wait, models, redeliveryHorizon);
    }

    /** The same settings with another redelivery horizon. */
    public JobSettings withRedeliveryHorizon(Duration horizon) {
        return new JobSettings(
                config, replay, outOfOrderness, idleness, parallelism, causeModel, declarationWait, models, horizon);
    }

    /** The same settings with a model registry the judge watches (null: none). */
    public JobSettings withModels(ModelSource source) {
        return new JobSettings(
                config,
                replay,
                outOfOrderness,
                idleness,
                parallelism,
                causeModel,
                declarationWait,
                source,
                redeliveryHorizon);
    }

    /**
     * Loads the cause model now, so a missing file or a model trained on another feature schema
     * fails at start-up with a message that says what to do, not in a task hours later.
     */
    public io.driftguard.judge.cause.CauseModel loadCauseModel() {
        io.driftguard.judge.cause.CauseFeatures features = new io.driftguard.judge.cause.CauseFeatures();
        return causeModel == null
                ? io.driftguard.judge.cause.CauseModel.fromClasspath(features)
                : io.driftguard.judge.cause.CauseModel.fromPath(java.nio.file.Path.of(causeModel), features);
    }
}
