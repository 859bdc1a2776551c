package io.driftguard.ingest.actor;

import static io.driftguard.ingest.Nodes.get;
import static io.driftguard.ingest.Nodes.path;
import static io.driftguard.ingest.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.Cloud;

/**
 * The caller of a Cloud Audit Log entry, from {@code protoPayload.authenticationInfo}. An
 * impersonation chain ({@code serviceAccountDelegationInfo}) adds the original principals to the
 * identities, so a glob on the person who impersonated still matches.
 */
public final class GcpActors {

    private GcpActors() {}

    public static Actor from(JsonNode authenticationInfo, String userAgent) {
        String email = text(authenticationInfo, "principalEmail");
        String subject = text(authenticationInfo, "principalSubject");
        String principal = email != null ? email : stripSubjectKind(subject);
        if (principal == null) {
            ActorType t = BuiltInActorRules.classify(
                    Cloud.GCP, new ActorFacts(null, null, null, null, null, userAgent, null, null), ActorType.UNKNOWN);
            return t == ActorType.UNKNOWN ? Actor.unknown() : new Actor("unknown", t, "unknown", java.util.List.of());
        }
        Identities ids = new Identities().add(principal).add(subject);
        JsonNode chain = get(authenticationInfo, "serviceAccountDelegationInfo");
        if (chain != null && chain.isArray()) {
            for (JsonNode link : chain) {
                ids.add(path(link, "firstPartyPrincipal", "principalEmail"));
                ids.add(path(link, "principalSubject"));
            }
        }
        ActorFacts facts = new ActorFacts(principal, null, null, null, null, userAgent, null, null);
        ActorType type = BuiltInActorRules.classify(Cloud.GCP, facts, ActorType.HUMAN);
        return new Actor(principal, type, principal, ids.list());
    }

    private static String stripSubjectKind(String subject) {
        if (subject == null) {
            return null;
        }
        int colon = subject.indexOf(':');
        return colon < 0 ? subject : subject.substring(colon + 1);
    }
}
