package io.driftguard.models.scenario.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.Sources;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.random.StableIds;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.ActorKind;
import io.driftguard.models.scenario.world.World;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Activity Log records in the diagnostic-settings export shape (the items of an Event Hubs
 * {@code {"records": [...]}} batch). A write logs {@code Start} with the request body as a JSON
 * string, then {@code Success} or {@code Failure} with the same {@code correlationId}. The
 * export carries no {@code eventDataId}, so a record's id is
 * {@code <correlationId>/<operationName>/<resultType>} exactly as written.
 */
final class AzureActivityLogs {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AzureActivityLogs() {}

    static List<Emitted> write(
            Gen g, Actor a, Instant t, String resourceId, String operationName, String requestBody, boolean fail) {
        Rng rng = g.rng();
        String correlation = rng.uuid();
        // The export is not consistent about case: some records upper-case the whole id and operation.
        boolean upper = rng.chance(0.3);
        String rid = upper ? resourceId.toUpperCase(Locale.ROOT) : resourceId;
        String op = upper ? operationName.toUpperCase(Locale.ROOT) : operationName;
        String location = "westeurope";
        List<Emitted> out = new ArrayList<>(2);
        ObjectNode start = record(g, a, t, rid, op, "Start", "Started.", correlation, location);
        ObjectNode props = start.putObject("properties");
        if (requestBody != null) {
            props.put("requestbody", requestBody);
        }
        props.put("eventCategory", "Administrative")
                .put("entity", resourceId)
                .put("message", operationName)
                .put("hierarchy", World.AZURE_TENANT + "/" + World.AZURE_SUBSCRIPTION);
        out.add(new Emitted(Sources.AZURE_ACTIVITY, t, correlation + "/" + op + "/Start", null, start));
        Instant end = t.plusMillis(rng.between(800, 9000));
        String result = fail ? "Failure" : "Success";
        String signature = fail ? "Forbidden" : operationName.endsWith("/delete") ? "Succeeded.OK" : "Succeeded.OK";
        ObjectNode done = record(g, a, end, rid, op, result, signature, correlation, location);
        done.put("durationMs", (int) (end.toEpochMilli() - t.toEpochMilli()));
        ObjectNode dp = done.putObject("properties");
        dp.put("statusCode", fail ? "Forbidden" : "OK");
        dp.put("serviceRequestId", rng.uuid());
        if (fail) {
            dp.put(
                    "statusMessage",
                    "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client '"
                            + caller(a) + "' does not have authorization to perform action '" + operationName
                            + "' over scope '" + resourceId + "' or the scope is invalid.\"}}");
        }
        dp.put("eventCategory", "Administrative")
                .put("entity", resourceId)
                .put("message", operationName)
                .put("hierarchy", World.AZURE_TENANT + "/" + World.AZURE_SUBSCRIPTION);
        out.add(new Emitted(Sources.AZURE_ACTIVITY, end, correlation + "/" + op + "/" + result, null, done));
        return out;
    }

    static List<Emitted> read(Gen g, Actor a, Instant t, String resourceId, String operationName) {
        String correlation = g.rng().uuid();
        ObjectNode r = record(g, a, t, resourceId, operationName, "Success", "Succeeded.OK", correlation, "westeurope");
        r.putObject("properties")
                .put("statusCode", "OK")
                .put("eventCategory", "Administrative")
                .put("entity", resourceId)
                .put("message", operationName);
        return List.of(new Emitted(Sources.AZURE_ACTIVITY, t, correlation + "/" + operationName + "/Success", null, r));
    }

    private static ObjectNode record(
            Gen g,
            Actor a,
            Instant t,
            String resourceId,
            String op,
            String resultType,
            String signature,
            String correlation,
            String location) {
        Rng rng = g.rng();
        ObjectNode r = IacModel.obj();
        r.put("time", TIME.format(t));
        r.put("resourceId", resourceId);
        r.put("operationName", op);
        r.put("category", "Administrative");
        r.put("resultType", resultType);
        r.put("resultSignature", signature);
        r.put("callerIpAddress", a.ip());
        r.put("correlationId", correlation);
        r.set("identity", identity(a, resourceId, op, t, rng));
        r.put("level", "Information");
        r.put("location", location);
        r.put("tenantId", World.AZURE_TENANT);
        return r;
    }

    static String caller(Actor a) {
        return switch (a.kind()) {
            case HUMAN -> a.email();
            case TERRAFORM -> World.AZURE_TF_OBJECT_ID;
            case AZURE_AUTOMATION -> World.AZURE_AUTOMATION_OBJECT_ID;
            default ->
                StableIds.hex(a.name(), 8) + "-" + StableIds.hex(a.name() + "1", 4) + "-4"
                        + StableIds.hex(a.name() + "2", 3) + "-a" + StableIds.hex(a.name() + "3", 3) + "-"
                        + StableIds.hex(a.name() + "4", 12);
        };
    }

    private static ObjectNode identity(Actor a, String resourceId, String op, Instant t, Rng rng) {
        ObjectNode id = IacModel.obj();
        boolean app = a.kind() != ActorKind.HUMAN;
        ObjectNode authz = id.putObject("authorization");
        authz.put("scope", resourceId).put("action", op);
        authz.putObject("evidence")
                .put(
                        "role",
                        a.kind() == ActorKind.TERRAFORM
                                ? "Owner"
                                : a.kind() == ActorKind.HUMAN ? "Contributor" : "Virtual Machine Contributor")
                .put("roleAssignmentScope", "/subscriptions/" + World.AZURE_SUBSCRIPTION)
                .put("roleAssignmentId", StableIds.hex(a.name() + "ra", 32))
                .put("roleDefinitionId", StableIds.hex(a.name() + "rd", 32))
                .put("principalId", StableIds.hex(caller(a), 32))
                .put("principalType", app ? "ServicePrincipal" : "User");
        ObjectNode c = id.putObject("claims");
        long iat = t.getEpochSecond() - rng.between(60, 3000);
        c.put("aud", "https://management.core.windows.net/")
                .put("iss", "https://sts.windows.net/" + World.AZURE_TENANT + "/")
                .put("iat", String.valueOf(iat))
                .put("nbf", String.valueOf(iat))
                .put("exp", String.valueOf(iat + 4200))
                .put("http://schemas.microsoft.com/identity/claims/tenantid", World.AZURE_TENANT)
                .put(
                        "http://schemas.microsoft.com/identity/claims/objectidentifier",
                        app
                                ? caller(a)
                                : StableIds.hex(a.email(), 8) + "-" + StableIds.hex(a.email() + "x", 4) + "-4"
                                        + StableIds.hex(a.email() + "y", 3) + "-8" + StableIds.hex(a.email() + "z", 3)
                                        + "-" + StableIds.hex(a.email() + "w", 12));
        if (app) {
            String appId = a.kind() == ActorKind.TERRAFORM
                    ? World.AZURE_TF_APP_ID
                    : a.kind() == ActorKind.AZURE_AUTOMATION ? World.AZURE_AUTOMATION_APP_ID : caller(a);
            c.put("appid", appId)
                    .put("appidacr", "2")
                    .put("idtyp", "app")
                    .put(
                            "http://schemas.microsoft.com/identity/claims/identityprovider",
                            "https://sts.windows.net/" + World.AZURE_TENANT + "/");
            if (a.kind() == ActorKind.AZURE_AUTOMATION) {
                c.put("xms_mirid", World.AZURE_AUTOMATION_ACCOUNT);
            }
        } else {
            String[] parts = a.name().split("\\.");
            String given = cap(parts[0]);
            String family = parts.length > 1 ? cap(parts[parts.length - 1]) : "";
            c.put("http://schemas.microsoft.com/claims/authnmethodsreferences", "pwd,mfa")
                    .put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", a.email())
                    .put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", a.email())
                    .put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", given)
                    .put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", family)
                    .put("name", (given + " " + family).trim())
                    .put("ipaddr", a.ip())
                    .put("appid", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c")
                    .put("appidacr", "2")
                    .put("http://schemas.microsoft.com/identity/claims/scope", "user_impersonation");
        }
        c.put("ver", "1.0");
        return id;
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
