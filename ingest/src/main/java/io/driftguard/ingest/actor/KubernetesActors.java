package io.driftguard.ingest.actor;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.text;
import static io.driftguard.ingest.Nodes.texts;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.Cloud;
import java.util.List;

/**
 * The caller of a Kubernetes audit event, from {@code user} and {@code impersonatedUser}. EKS adds
 * the IAM identity under {@code user.extra} ({@code arn}, {@code canonicalArn},
 * {@code sessionName}); those become identities too, so AWS globs match cluster changes.
 */
public final class KubernetesActors {

    private KubernetesActors() {}

    public static Actor from(JsonNode user, JsonNode impersonatedUser) {
        String username = text(user, "username");
        if (username == null) {
            return Actor.unknown();
        }
        JsonNode extra = get(user, "extra");
        List<String> arns = texts(extra, "arn");
        List<String> canonical = texts(extra, "canonicalArn");
        List<String> sessions = texts(extra, "sessionName");
        String impersonated = text(impersonatedUser, "username");

        Identities ids =
                new Identities().add(username).add(impersonated).addAll(arns).addAll(canonical);
        for (String arn : arns) {
            ids.add(AwsActors.roleArnOfSession(arn));
        }
        ids.addAll(sessions).addAll(texts(user, "groups"));
        ActorFacts facts = new ActorFacts(username, null, null, null, null, null, null, null);
        ActorType type = BuiltInActorRules.classify(Cloud.KUBERNETES, facts, ActorType.HUMAN);
        String display = sessions.isEmpty() ? username : sessions.get(0);
        return new Actor(username, type, display, ids.list());
    }
}
