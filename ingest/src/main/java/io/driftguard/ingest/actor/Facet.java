package io.driftguard.ingest.actor;

/** Which fact about a caller a built-in rule looks at. */
public enum Facet {
    /** The canonical principal: ARN, e-mail, UPN, application id, Kubernetes user name. */
    PRINCIPAL,
    /** AWS: the issuing role's name (service-linked roles are {@code AWSServiceRoleFor*}). */
    ROLE_NAME,
    /** AWS {@code userIdentity.type}. */
    IDENTITY_TYPE,
    /** AWS {@code userIdentity.invokedBy}. */
    INVOKED_BY,
    /** AWS {@code sourceIPAddress} (a service name for calls a service makes). */
    SOURCE_IP,
    /** The caller's user agent. */
    USER_AGENT,
    /** Azure {@code identity.authorization.evidence.principalType} or {@code claims.idtyp}. */
    PRINCIPAL_TYPE,
    /** Azure {@code xms_mirid} claim: the ARM id of a managed identity. */
    MANAGED_IDENTITY
}
