package io.driftguard.ingest.actor;

import static io.driftguard.ingest.Nodes.getIgnoreCase;
import static io.driftguard.ingest.Nodes.textIgnoreCase;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.Cloud;
import io.driftguard.ingest.Nodes;
import io.driftguard.ingest.ReadScan;

/**
 * The caller of a CloudTrail record, from {@code userIdentity}. Keys are looked up
 * case-insensitively because some publishers (Panther) lowercase them.
 *
 * <p>For an assumed role the canonical id is the issuing role's ARN plus "/" and the session name,
 * so the same person through the same role is one actor across sessions; both the session ARN and
 * the role ARN are identities, so configuration globs on either match.
 */
public final class AwsActors {

    /** The fields of {@code userIdentity} that {@link #from} reads (any letter case), for {@code ReadScan}. */
    public static final ReadScan.Fields READ_FIELDS = ReadScan.Fields.of(
                    "type", "arn", "invokedBy", "userName", "accountId", "principalId")
            .keep("sessionContext", ReadScan.Fields.of().keep("sessionIssuer", ReadScan.Fields.of("arn", "userName")));

    private AwsActors() {}

    public static Actor from(JsonNode userIdentity, String userAgent, String sourceIp) {
        if (userIdentity == null || !userIdentity.isObject()) {
            return Actor.unknown();
        }
        String type = textIgnoreCase(userIdentity, "type");
        String arn = textIgnoreCase(userIdentity, "arn");
        String invokedBy = textIgnoreCase(userIdentity, "invokedBy");
        String userName = textIgnoreCase(userIdentity, "userName");
        String accountId = textIgnoreCase(userIdentity, "accountId");
        String principalId = textIgnoreCase(userIdentity, "principalId");
        JsonNode issuer = getIgnoreCase(getIgnoreCase(userIdentity, "sessionContext"), "sessionIssuer");
        String issuerArn = textIgnoreCase(issuer, "arn");
        String issuerName = textIgnoreCase(issuer, "userName");

        String id;
        String display;
        String roleName = null;
        ActorType fallback;
        Identities ids = new Identities();
        String t = type == null ? "" : type;
        switch (t) {
            case "AssumedRole" -> {
                String session = afterLastSlash(arn);
                String roleArn = issuerArn != null ? issuerArn : roleArnOfSession(arn);
                roleName = issuerName != null ? issuerName : afterLastSlash(roleArn);
                id = roleArn != null && session != null ? roleArn + "/" + session : arn != null ? arn : principalId;
                display = session != null ? session : roleName;
                ids.add(arn).add(roleArn).add(session).add(roleName).add(principalId);
                fallback = ActorType.HUMAN;
            }
            case "IAMUser" -> {
                id = arn != null ? arn : userName;
                display = userName != null ? userName : afterLastSlash(arn);
                ids.add(arn).add(userName).add(principalId);
                fallback = ActorType.HUMAN;
            }
            case "Root" -> {
                id = arn != null ? arn : accountId == null ? null : "arn:aws:iam::" + accountId + ":root";
                display = userName != null ? userName : "root";
                ids.add(id).add(accountId);
                fallback = ActorType.HUMAN;
            }
            case "FederatedUser" -> {
                id = arn != null ? arn : principalId;
                display = afterLastSlash(arn);
                ids.add(arn).add(issuerArn).add(display).add(principalId);
                fallback = ActorType.HUMAN;
            }
            case "AWSService" -> {
                id = invokedBy != null ? invokedBy : principalId;
                display = id;
                ids.add(invokedBy);
                fallback = ActorType.AUTOMATION;
            }
            default -> {
                id = Nodes.first(arn, principalId, invokedBy, accountId);
                display = Nodes.first(userName, afterLastSlash(arn), id);
                ids.add(arn).add(userName).add(principalId).add(invokedBy).add(accountId);
                fallback = id == null ? ActorType.UNKNOWN : ActorType.HUMAN;
            }
        }
        if (id == null) {
            return Actor.unknown();
        }
        ActorFacts facts = new ActorFacts(id, roleName, type, invokedBy, sourceIp, userAgent, null, null);
        ActorType actorType = BuiltInActorRules.classify(Cloud.AWS, facts, fallback);
        return new Actor(id, actorType, display == null ? id : display, ids.list());
    }

    /** {@code arn:aws:sts::1:assumed-role/Name/session} → {@code arn:aws:iam::1:role/Name}. */
    public static String roleArnOfSession(String sessionArn) {
        if (sessionArn == null) {
            return null;
        }
        int marker = sessionArn.indexOf(":assumed-role/");
        int lastSlash = sessionArn.lastIndexOf('/');
        if (marker < 0 || lastSlash <= marker + 14 || !sessionArn.startsWith("arn:")) {
            return null;
        }
        int partitionEnd = sessionArn.indexOf(':', 4);
        String partition = sessionArn.substring(4, partitionEnd);
        int accountStart = sessionArn.lastIndexOf(':', marker - 1) + 1;
        String account = sessionArn.substring(accountStart, marker);
        String role = sessionArn.substring(marker + 14, lastSlash);
        return "arn:" + partition + ":iam::" + account + ":role/" + role;
    }

    static String afterLastSlash(String s) {
        if (s == null) {
            return null;
        }
        int i = s.lastIndexOf('/');
        if (i < 0) {
            return s;
        }
        return i == s.length() - 1 ? null : s.substring(i + 1);
    }
}
