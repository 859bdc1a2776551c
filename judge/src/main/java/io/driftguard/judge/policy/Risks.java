package io.driftguard.judge.policy;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.Wording;
import io.driftguard.judge.semantics.ChangeSemantics;
import io.driftguard.judge.semantics.Meaning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What could break if a recommendation is followed, from what the change means. */
final class Risks {

    private Risks() {}

    static String of(
            Recommendation recommendation, Cause cause, Finding f, ChangeSemantics s, List<ContextFact> openIncidents) {
        List<String> r = new ArrayList<>();
        switch (recommendation) {
            case AUTO_REVERT -> {
                if (s.tightening()) {
                    r.add("Reverting undoes a security tightening and re-opens the exposure it closed ("
                            + first(s, Meaning.TIGHTENING) + ").");
                }
                if (s.capacityIncreased()) {
                    r.add(
                            "Reverting removes the added capacity; if the load that prompted it is still there the service may slow down or fail.");
                }
                if (s.capacityReduction() != null) {
                    r.add("Reverting restores the declared capacity, and its cost.");
                }
                if (!s.sizes().isEmpty()) {
                    r.add(resizeRisk(f));
                }
                if (s.widening() || s.adminOrDatabasePortOpenToWorld() || s.newPrincipalGranted()) {
                    r.add(
                            "Anyone relying on the access the change added (including the actor's own session) loses it.");
                }
                if (!openIncidents.isEmpty()) {
                    r.add("An incident is open on the service; a revert now may interfere with its response.");
                }
                if (r.isEmpty()) {
                    r.add("Whatever now depends on the new value (" + Wording.paths(f)
                            + ") stops working when the declared value returns.");
                }
            }
            case CODIFY_INTO_IAC -> {
                r.add(
                        "The current value becomes the declared state: if it was a mistake, every future deploy keeps it.");
                if (s.cost() != null && s.cost().delta() > 0) {
                    r.add(String.format(
                            Locale.ROOT,
                            "The higher cost becomes permanent (about $%.0f/month more).",
                            s.cost().delta()));
                }
                if (s.tightening()) {
                    r.add(
                            "Anything that relied on the removed access stays broken; check for failing clients before merging.");
                }
                if (s.adminOrDatabasePortOpenToWorld()
                        || s.storagePublic()
                        || s.policyGrantsWildcardOrAdmin()
                        || s.encryptionDisabled()) {
                    r.add(
                            "The change is a high-severity security exposure; codifying it makes the exposure permanent.");
                }
            }
            case ESCALATE_FOR_REVIEW -> {
                r.add("Nothing changes until someone reviews it: the drift stays in place meanwhile");
                if (s.adminOrDatabasePortOpenToWorld()
                        || s.storagePublic()
                        || s.policyGrantsWildcardOrAdmin()
                        || s.encryptionDisabled()
                        || s.auditLoggingDisabled()) {
                    r.set(r.size() - 1, r.get(r.size() - 1) + ", and with it a high-severity exposure.");
                } else {
                    r.set(
                            r.size() - 1,
                            r.get(r.size() - 1) + ", and the next IaC apply may revert it without warning.");
                }
            }
            case ACCEPT_AS_EXCEPTION ->
                r.add("The ignore rule silences future changes of " + Wording.paths(f)
                        + " on this resource by anyone, so a harmful change there would go unnoticed; and the next IaC apply "
                        + "still resets the value unless the IaC stops managing it.");
        }
        return String.join(" ", r);
    }

    private static String resizeRisk(Finding f) {
        String type = f.resourceType() == null ? "" : f.resourceType();
        if (f.cloud() == Cloud.AWS && type.contains("db")) {
            return "Changing the DB instance class with --apply-immediately causes a short outage (a Multi-AZ failover at best).";
        }
        if (f.cloud() == Cloud.AZURE && type.contains("scale_set")) {
            return "Changing the scale set's size needs its instances upgraded (rolling or manual) before it takes effect.";
        }
        return "Changing the instance size needs the instance stopped and started: expect downtime unless it sits behind a load balancer.";
    }

    private static String first(ChangeSemantics s, Meaning m) {
        return s.of(m).isEmpty() ? "" : s.of(m).get(0).detail();
    }
}
