package io.driftguard.judge.narrative;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Finding.Narrative;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.judge.context.ActorFacts;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.context.Evidence;
import io.driftguard.judge.context.Wording;
import io.driftguard.judge.policy.RecommendationPolicy;
import io.driftguard.judge.policy.SeverityPolicy;
import io.driftguard.judge.semantics.ChangeSemantics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The plain sentences of a finding's {@code narrative}: who, when, what triggered it, and a summary. */
public final class Narratives {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Narratives() {}

    public static Narrative of(
            EpisodeContext ctx,
            Cause cause,
            double causeConfidence,
            SeverityPolicy.Assessment severity,
            RecommendationPolicy.Advice rec,
            ChangeSemantics s) {
        Triggers.Reading t = Triggers.of(ctx, cause);
        return new Narrative(
                who(ctx),
                when(ctx, t),
                whatTriggered(ctx, cause, t),
                t.context(),
                summary(ctx, cause, causeConfidence, severity, rec, s));
    }

    /** "jane@example.com (human, via the AWS console, role AWSReservedSSO_PlatformAdmin_1a2b)". */
    static String who(EpisodeContext ctx) {
        Finding f = ctx.finding();
        ActorFacts a = ctx.actor();
        String id = a != null ? a.id() : f.actor() != null ? f.actor().id() : null;
        String type = a != null ? a.type() : f.actor() != null ? f.actor().type() : null;
        String name = Wording.actorName(ctx);
        List<String> parts = new ArrayList<>();
        parts.add(type == null ? "unknown type" : type);
        if (a != null && a.automationPrincipal() && !"automation".equals(type)) {
            parts.add("automation");
        }
        if (a != null && a.securityPrincipal()) {
            parts.add("a security principal");
        }
        String via = via(f, a);
        if (via != null) {
            parts.add(via);
        }
        String identity = identity(id, name);
        if (identity != null) {
            parts.add(identity);
        }
        return name + " (" + String.join(", ", parts) + ")";
    }

    private static String via(Finding f, ActorFacts a) {
        boolean console =
                a != null ? a.viaConsole() : f.trigger() != null && f.trigger().viaConsole();
        if (console) {
            return switch (f.cloud() == null ? Cloud.AWS : f.cloud()) {
                case AWS -> "via the AWS console";
                case GCP -> "via the Google Cloud console";
                case AZURE -> "via the Azure portal";
                case KUBERNETES -> "via a web console";
            };
        }
        String ua = a != null && a.userAgent() != null
                ? a.userAgent()
                : f.trigger() != null ? f.trigger().userAgent() : null;
        if (ua == null) {
            return null;
        }
        String u = ua.toLowerCase(Locale.ROOT);
        if (u.contains("aws-cli")) {
            return "via the AWS CLI";
        }
        if (u.contains("gcloud") || u.contains("google-cloud-sdk")) {
            return "via gcloud";
        }
        if (u.contains("azure-cli") || u.contains("azurecli")) {
            return "via the Azure CLI";
        }
        if (u.contains("kubectl")) {
            return "via kubectl";
        }
        if (u.contains("boto3") || u.contains("botocore")) {
            return "via a boto3 script";
        }
        return null;
    }

    /** The identity behind the display name: the assumed role, IAM user or raw id, when it adds something. */
    private static String identity(String id, String name) {
        if (id == null || id.equals(name)) {
            return null;
        }
        int ar = id.indexOf(":assumed-role/");
        if (ar >= 0) {
            String rest = id.substring(ar + ":assumed-role/".length());
            int slash = rest.indexOf('/');
            return "role " + (slash < 0 ? rest : rest.substring(0, slash));
        }
        int user = id.indexOf(":user/");
        if (user >= 0) {
            return "IAM user " + id.substring(user + ":user/".length());
        }
        int role = id.indexOf(":role/");
        if (role >= 0) {
            return "role " + id.substring(id.lastIndexOf('/') + 1);
        }
        return "identity " + id;
    }

    /** "2026-03-04 10:14:05 UTC, 12 minutes after PagerDuty incident Q1ABC (high urgency) on its service checkout was triggered". */
    static String when(EpisodeContext ctx, Triggers.Reading t) {
        Finding f = ctx.finding();
        Instant first = f.firstEventTime();
        StringBuilder b = new StringBuilder(first == null ? "at an unknown time" : Wording.utc(first));
        ContextFact e = t.trigger();
        if (first != null && e != null && e.time() != null) {
            Duration d = Duration.between(e.time(), first);
            b.append(", ")
                    .append(Wording.duration(d.isNegative() ? d.negated() : d))
                    .append(d.isNegative() ? " before " : " after ")
                    .append(Evidence.name(e))
                    .append(e.kind().equals("read_activity") ? "" : " " + t.relation())
                    .append(' ')
                    .append(verb(e));
        }
        if (!f.isOpen() && f.resolvedAt() != null) {
            b.append("; resolved at ").append(Wording.utc(f.resolvedAt()));
            if (f.resolution() != null) {
                b.append(" (").append(f.resolution()).append(')');
            }
        }
        return b.toString();
    }

    private static String verb(ContextFact f) {
        return switch (f.kind()) {
            case "incident" -> "was triggered";
            case "ticket" -> "was opened";
            case "alert" -> "started firing";
            case "finding" -> "was reported";
            case "commit" -> "was pushed";
            case "read_activity" -> "began";
            default -> "happened";
        };
    }

    /**
     * The evidence the decided cause rests on, with how it concerns the change ({@link Triggers});
     * other evidence goes to the narrative's context, never here.
     */
    static String whatTriggered(EpisodeContext ctx, Cause cause, Triggers.Reading t) {
        ContextFact e = t.trigger();
        String none = "no incident, ticket, alert or finding explains it";
        String more = t.context().isEmpty() ? "" : " (other evidence is listed as context)";
        if (e == null) {
            if (ctx.actor() != null && ctx.actor().automationPrincipal()) {
                return Wording.actorName(ctx) + " acted on its own as automation; " + none + more;
            }
            if (cause == Cause.SECURITY_RESPONSE
                    && ctx.actor() != null
                    && ctx.actor().securityPrincipal()) {
                return Wording.actorName(ctx) + " is a security principal, acting on their own finding; " + none + more;
            }
            return none + more;
        }
        if (e.kind().equals("read_activity")) {
            return "the actor's own troubleshooting: " + Evidence.name(e) + " in the 30 minutes before the change ("
                    + t.relation() + "); " + none + more;
        }
        String state = switch (e.relation() == null ? "" : e.relation()) {
            case ContextFact.Relation.OPEN_DURING_CHANGE -> ", open when the change was made";
            case ContextFact.Relation.BEFORE_CHANGE -> ", seen before the change";
            case ContextFact.Relation.ENDED_BEFORE_CHANGE -> ", which had ended before the change";
            default -> "";
        };
        return Evidence.name(e) + " " + t.relation() + state;
    }

    static String summary(
            EpisodeContext ctx,
            Cause cause,
            double causeConfidence,
            SeverityPolicy.Assessment severity,
            RecommendationPolicy.Advice rec,
            ChangeSemantics s) {
        Finding f = ctx.finding();
        StringBuilder b = new StringBuilder();
        b.append(Wording.actorName(ctx))
                .append(" changed ")
                .append(f.resourceType() == null ? "a resource" : f.resourceType())
                .append(' ')
                .append(f.resourceId() == null ? "" : f.resourceId());
        if (f.iac() != null) {
            b.append(" (declared in ")
                    .append(f.iac().source())
                    .append(" at ")
                    .append(f.iac().address())
                    .append(')');
        }
        b.append(": ");
        List<String> d = s.descriptions();
        b.append(d.isEmpty() ? "no attribute details" : String.join("; ", d.size() > 4 ? d.subList(0, 4) : d));
        if (d.size() > 4) {
            b.append("; and ").append(d.size() - 4).append(" more");
        }
        b.append(String.format(Locale.ROOT, ". Cause: %s (confidence %.2f). ", cause, causeConfidence));
        b.append("Severity ").append(severity.level());
        if (severity.entries().isEmpty()) {
            b.append(" (no severity rule fired)");
        } else {
            List<String> why = new ArrayList<>();
            List<String> also = new ArrayList<>();
            for (var e : severity.entries()) {
                if (e.level().equals(severity.level())) {
                    why.add(e.rule() + ": " + e.detail());
                } else {
                    also.add(e.rule() + " (" + e.level() + ")");
                }
            }
            b.append(" because ").append(String.join("; ", why));
            if (!also.isEmpty()) {
                b.append("; also ").append(String.join(", ", also));
            }
        }
        b.append(". Recommended: ")
                .append(rec.recommendation().id().replace('_', ' '))
                .append(" (rule ")
                .append(rec.policyRule())
                .append(')');
        if (!f.isOpen()) {
            b.append(", kept from while the episode was open; it is resolved")
                    .append(f.resolution() == null ? "" : " (" + f.resolution() + ")")
                    .append(" and needs no action");
        }
        b.append('.');
        if (s.cost() != null) {
            b.append(String.format(
                    Locale.ROOT,
                    " Estimated cost $%.0f/month declared, $%.0f/month now.",
                    s.cost().monthlyBefore(),
                    s.cost().monthlyAfter()));
        }
        return b.toString();
    }
}
