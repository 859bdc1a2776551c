package io.driftguard.judge.context;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Who made the episode's first change, as the judge needs it.
 *
 * @param type human, automation, service or unknown (deploy identities never reach the judge)
 * @param securityPrincipal configured in {@code security_principals}, or a name containing
 *     security, secops, soc or incident-response (docs/design/taxonomy.md)
 * @param automationPrincipal recognised as cloud automation (built-in) or configured in
 *     {@code automation_principals}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActorFacts(
        String id,
        String type,
        String display,
        boolean securityPrincipal,
        boolean automationPrincipal,
        boolean viaConsole,
        String userAgent) {}
