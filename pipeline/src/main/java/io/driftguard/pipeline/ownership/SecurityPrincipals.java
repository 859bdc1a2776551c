package io.driftguard.pipeline.ownership;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.Cloud;
import java.util.Locale;
import java.util.Set;

/**
 * docs/design/taxonomy.md's security principal: configured in {@code security_principals}, or an identity whose
 * name contains security, secops, soc or incident-response. "soc" counts only as a whole word
 * (split on anything not a letter or digit), so an "associate" role is not a security team.
 */
public final class SecurityPrincipals {

    private static final Set<String> WORDS = Set.of("soc", "secops", "security", "incidentresponse", "csirt", "sirt");

    private SecurityPrincipals() {}

    public static boolean isSecurity(DriftGuardConfig config, Cloud cloud, String account, Actor actor) {
        if (actor == null) {
            return false;
        }
        if (config.securityPrincipal(cloud, account, actor).isPresent()) {
            return true;
        }
        if (named(actor.id()) || named(actor.display())) {
            return true;
        }
        for (String identity : actor.identities()) {
            if (named(identity)) {
                return true;
            }
        }
        return false;
    }

    static boolean named(String identity) {
        if (identity == null) {
            return false;
        }
        String s = identity.toLowerCase(Locale.ROOT);
        if (s.contains("security")
                || s.contains("secops")
                || s.contains("incident-response")
                || s.contains("incident_response")
                || s.contains("incidentresponse")) {
            return true;
        }
        for (String word : s.split("[^a-z0-9]+")) {
            if (WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
