package io.driftguard.core.config;

import io.driftguard.core.event.Actor;
import io.driftguard.core.event.Cloud;

/**
 * A configured principal: a deploy identity, an automation principal or a security principal.
 *
 * @param cloud the cloud it applies to, or null for any
 * @param match glob against the actor's identities (session and role ARN, e-mail, UPN, app id,
 *     Kubernetes user name)
 * @param field the record field to match instead, where that is not the usual identity (for
 *     example {@code identity.claims.appid}); parsers put such values into the actor's identities
 *     too, so the glob is matched against all of them
 * @param cluster for Kubernetes, the cluster it applies to, or null for any
 * @param iac for deploy identities, the IaC source it deploys (terraform, cloudformation,
 *     kubernetes), or null
 * @param display a readable name for findings and narratives
 */
public record PrincipalRule(Cloud cloud, Glob match, String field, String cluster, String iac, String display)
        implements java.io.Serializable {

    public boolean matches(Cloud eventCloud, String account, Actor actor) {
        if (cloud != null && cloud != eventCloud) {
            return false;
        }
        if (cluster != null && eventCloud == Cloud.KUBERNETES && !cluster.equals(account)) {
            return false;
        }
        if (match.matches(actor.id())) {
            return true;
        }
        for (String identity : actor.identities()) {
            if (match.matches(identity)) {
                return true;
            }
        }
        return false;
    }
}
