package io.driftguard.judge.context;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.driftguard.core.finding.Finding;
import java.time.Instant;
import java.util.List;

/**
 * Everything the judge knows about one drift episode at one moment: the finding as the episode
 * operator produced it (changes, actor, times, status), who the actor is, the service, and the
 * evidence the correlation stage found. The feature extractor (training and serving alike), the
 * severity and recommendation policies and the narrative all read this one record.
 *
 * @param service the owning service (config.yaml {@code services}, tags, namespace), or null
 * @param asOf the moment the judgement is for: the newest event time seen (replay) or now (live);
 *     "is the incident still open", "has the actor been idle for an hour" are asked at this time
 * @param lastActorChange the actor's last change to this resource (for the idle rule)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EpisodeContext(
        Finding finding,
        ActorFacts actor,
        String service,
        List<ContextFact> facts,
        Instant asOf,
        Instant lastActorChange) {

    public EpisodeContext {
        facts = facts == null ? List.of() : List.copyOf(facts);
    }
}
