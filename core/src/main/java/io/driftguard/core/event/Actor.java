package io.driftguard.core.event;

import java.util.List;

/**
 * The principal behind a call.
 *
 * @param id canonical identity: for an AWS assumed role the issuing role ARN plus "/" and the
 *     session name, otherwise the user ARN, e-mail, UPN, application id or Kubernetes user name
 * @param type human, automation, service, deploy identity or unknown
 * @param display what a person reads (user name, session name, e-mail)
 * @param identities every identity string configuration globs may match against (session ARN,
 *     role ARN, e-mail, application id, object id, Kubernetes user and groups), most specific first
 */
public record Actor(String id, ActorType type, String display, List<String> identities) {

    public Actor {
        identities = identities == null ? List.of() : List.copyOf(identities);
    }

    public static Actor unknown() {
        return new Actor("unknown", ActorType.UNKNOWN, "unknown", List.of());
    }

    public Actor withType(ActorType newType) {
        return new Actor(id, newType, display, identities);
    }
}
