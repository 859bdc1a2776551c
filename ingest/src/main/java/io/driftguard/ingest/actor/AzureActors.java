package io.driftguard.ingest.actor;

import static io.driftguard.ingest.Nodes.getIgnoreCase;
import static io.driftguard.ingest.Nodes.textIgnoreCase;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.Cloud;

/**
 * The caller of an Activity Log record: {@code caller} (REST shape), the token claims
 * ({@code claims} or {@code identity.claims}) and the RBAC evidence
 * ({@code identity.authorization.evidence}).
 */
public final class AzureActors {

    public static final String CLAIM_UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    public static final String CLAIM_OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    private AzureActors() {}

    /** @param record the whole Activity Log record, in either shape */
    public static Actor from(JsonNode record) {
        JsonNode identity = getIgnoreCase(record, "identity");
        JsonNode claims = getIgnoreCase(record, "claims");
        if (claims == null) {
            claims = getIgnoreCase(identity, "claims");
        }
        JsonNode authorization = getIgnoreCase(identity, "authorization");
        if (authorization == null) {
            authorization = getIgnoreCase(record, "authorization");
        }
        JsonNode evidence = getIgnoreCase(authorization, "evidence");

        String caller = textIgnoreCase(record, "caller");
        String upn = trim(textIgnoreCase(claims, CLAIM_UPN));
        if (upn == null) {
            upn = trim(textIgnoreCase(claims, "upn"));
        }
        String name = textIgnoreCase(claims, "name");
        String appid = textIgnoreCase(claims, "appid");
        String oid = textIgnoreCase(claims, CLAIM_OID);
        if (oid == null) {
            oid = textIgnoreCase(claims, "oid");
        }
        String idtyp = textIgnoreCase(claims, "idtyp");
        String mirid = textIgnoreCase(claims, "xms_mirid");
        String principalId = textIgnoreCase(evidence, "principalId");
        String principalType = textIgnoreCase(evidence, "principalType");

        String principal = caller != null ? caller : upn;
        String id = first(caller, upn, appid, oid, principalId);
        if (id == null) {
            return Actor.unknown();
        }
        ActorType fallback;
        if (principal != null && principal.indexOf('@') > 0) {
            fallback = ActorType.HUMAN;
        } else if (upn == null && (appid != null || principal != null)) {
            fallback = ActorType.SERVICE; // a GUID caller without a user principal name is an application
        } else {
            fallback = ActorType.UNKNOWN;
        }
        ActorFacts facts =
                new ActorFacts(principal, null, null, null, null, null, idtyp != null ? idtyp : principalType, mirid);
        ActorType type = BuiltInActorRules.classify(Cloud.AZURE, facts, fallback);
        Identities ids = new Identities()
                .add(caller)
                .add(upn)
                .add(appid)
                .add(oid)
                .add(name)
                .add(principalId)
                .add(mirid);
        return new Actor(id, type, first(name, upn, caller, appid, id), ids.list());
    }

    private static String trim(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
