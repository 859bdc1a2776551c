package io.driftguard.ingest.actor;

/**
 * What a provider record says about its caller, in the terms the built-in rules use. Any field may
 * be null.
 */
public record ActorFacts(
        String principal,
        String roleName,
        String identityType,
        String invokedBy,
        String sourceIp,
        String userAgent,
        String principalType,
        String managedIdentity) {

    String get(Facet facet) {
        return switch (facet) {
            case PRINCIPAL -> principal;
            case ROLE_NAME -> roleName;
            case IDENTITY_TYPE -> identityType;
            case INVOKED_BY -> invokedBy;
            case SOURCE_IP -> sourceIp;
            case USER_AGENT -> userAgent;
            case PRINCIPAL_TYPE -> principalType;
            case MANAGED_IDENTITY -> managedIdentity;
        };
    }
}
