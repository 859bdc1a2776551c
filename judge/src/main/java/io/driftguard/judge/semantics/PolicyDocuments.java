package io.driftguard.judge.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An AWS policy document read statement by statement: what each added, removed or edited
 * statement does, from its effect, actions ({@code Action} or {@code NotAction}), principals,
 * resources and conditions. A {@code Deny} never grants anything: adding or widening one tightens,
 * removing or narrowing one widens. An {@code Allow} grants: {@code *}, {@code service:*} or
 * {@code NotAction} is a wildcard grant; Principal {@code *} without a condition on a resource
 * policy makes the resource public; anything else grants a principal or permission access.
 * Statements are paired by {@code Sid} when both sides carry the same one, so an edited statement
 * is judged by what it gained or lost, not as a new grant.
 */
final class PolicyDocuments {

    /** Where the document is attached: a resource policy names principals, an identity policy does not. */
    enum Kind {
        RESOURCE,
        IDENTITY
    }

    private PolicyDocuments() {}

    /** Observes, on {@code path}, what changing {@code before} into {@code after} does; {@code label} prefixes details. */
    static void compare(Reading r, String path, String label, Kind kind, JsonNode before, JsonNode after) {
        List<JsonNode> was = AccessRules.statements(before);
        List<JsonNode> now = AccessRules.statements(after);
        List<JsonNode> paired = new ArrayList<>();
        for (JsonNode s : now) {
            if (was.contains(s)) {
                paired.add(s);
                continue;
            }
            JsonNode old = sameSid(was, s);
            if (old != null) {
                paired.add(old);
                edited(r, path, label, kind, old, s);
            } else {
                added(r, path, label, kind, s);
            }
        }
        for (JsonNode s : was) {
            if (!paired.contains(s) && !now.contains(s)) {
                if (deny(s)) {
                    r.observe(
                            Meaning.WIDENING,
                            path,
                            label + "Deny statement" + sid(s) + " removed (it denied " + actions(s) + ")");
                } else {
                    r.observe(
                            Meaning.TIGHTENING,
                            path,
                            label + "Allow statement" + sid(s) + " removed: no longer allows " + actions(s));
                }
            }
        }
    }

    private static void added(Reading r, String path, String label, Kind kind, JsonNode s) {
        if (deny(s)) {
            r.observe(
                    Meaning.TIGHTENING,
                    path,
                    label + "Deny statement" + sid(s) + " added: denies " + actions(s) + who(s) + condition(s)
                            + " (grants nothing)");
            return;
        }
        grant(
                r,
                path,
                label,
                kind,
                s,
                actionNames(s),
                principals(s),
                !conditioned(s),
                "Allow statement" + sid(s) + " added");
    }

    private static void edited(Reading r, String path, String label, Kind kind, JsonNode old, JsonNode s) {
        Set<String> moreActions = minus(actionNames(s), actionNames(old));
        Set<String> fewerActions = minus(actionNames(old), actionNames(s));
        boolean notActionFlip = old.has("NotAction") != s.has("NotAction");
        Set<String> morePrincipals = minus(principals(s), principals(old));
        Set<String> fewerPrincipals = minus(principals(old), principals(s));
        Set<String> moreResources = minus(values(s.get("Resource")), values(old.get("Resource")));
        Set<String> fewerResources = minus(values(old.get("Resource")), values(s.get("Resource")));
        boolean conditionDropped = conditioned(old) && !s.path("Condition").equals(old.path("Condition"));
        boolean conditionAdded = !conditioned(old) && conditioned(s);
        boolean effectFlip = deny(old) != deny(s);
        String what = "statement" + sid(s);
        if (effectFlip) {
            if (deny(s)) {
                r.observe(Meaning.TIGHTENING, path, label + what + " turned from Allow into Deny");
            } else {
                grant(
                        r,
                        path,
                        label,
                        kind,
                        s,
                        actionNames(s),
                        principals(s),
                        !conditioned(s),
                        what + " turned from Deny into Allow");
            }
            return;
        }
        boolean broader = !moreActions.isEmpty()
                || notActionFlip
                || !morePrincipals.isEmpty()
                || !moreResources.isEmpty()
                || conditionDropped;
        boolean narrower =
                !fewerActions.isEmpty() || !fewerPrincipals.isEmpty() || !fewerResources.isEmpty() || conditionAdded;
        if (deny(s)) {
            if (broader) {
                r.observe(
                        Meaning.TIGHTENING, path, label + "Deny " + what + " now denies more: " + actions(s) + who(s));
            }
            if (narrower) {
                r.observe(Meaning.WIDENING, path, label + "Deny " + what + " now denies less: " + actions(s) + who(s));
            }
            return;
        }
        if (broader) {
            Set<String> acts = moreActions.isEmpty() || notActionFlip ? actionNames(s) : moreActions;
            Set<String> whom = morePrincipals.isEmpty() ? principals(s) : morePrincipals;
            boolean unconditioned = !conditioned(s);
            grant(r, path, label, kind, s, acts, whom, unconditioned, "Allow " + what + " widened");
        } else if (narrower) {
            r.observe(Meaning.TIGHTENING, path, label + "Allow " + what + " narrowed: " + actions(s) + who(s));
        }
    }

    /** An Allow that grants {@code acts} to {@code whom}. */
    private static void grant(
            Reading r,
            String path,
            String label,
            Kind kind,
            JsonNode s,
            Set<String> acts,
            Set<String> whom,
            boolean unconditioned,
            String what) {
        boolean everyone = whom.contains("*");
        if (kind == Kind.RESOURCE && everyone && unconditioned) {
            r.observe(
                    Meaning.STORAGE_PUBLIC,
                    path,
                    label + what + ": allows " + show(acts) + " to Principal * without a condition");
        } else if (s.has("NotAction") || wildcard(acts)) {
            r.observe(
                    Meaning.POLICY_WILDCARD_OR_ADMIN,
                    path,
                    label + what + ": allows " + (s.has("NotAction") ? "everything except " : "") + show(acts) + " on "
                            + Values.show(s.get("Resource")) + who(s));
        } else {
            r.observe(
                    Meaning.NEW_PRINCIPAL_GRANTED,
                    path,
                    label + what + ": allows " + show(acts) + " on " + Values.show(s.get("Resource")) + who(s)
                            + condition(s));
        }
    }

    /** Whether every statement of {@code doc} is an Allow (deleting such a document only takes access away). */
    static boolean containsOnlyAllows(JsonNode doc) {
        for (JsonNode s : AccessRules.statements(doc)) {
            if (deny(s)) {
                return false;
            }
        }
        return true;
    }

    static boolean deny(JsonNode s) {
        return "Deny".equalsIgnoreCase(s.path("Effect").asText());
    }

    /** {@code *}, {@code *:*}, or a whole service ({@code iam:*}, {@code s3:*}). */
    static boolean wildcard(Set<String> actions) {
        for (String a : actions) {
            if (a.equals("*") || a.endsWith(":*")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode sameSid(List<JsonNode> statements, JsonNode s) {
        String sid = s.path("Sid").asText("");
        if (sid.isEmpty()) {
            return null;
        }
        for (JsonNode o : statements) {
            if (sid.equals(o.path("Sid").asText(""))) {
                return o;
            }
        }
        return null;
    }

    private static Set<String> actionNames(JsonNode s) {
        return values(s.has("NotAction") ? s.get("NotAction") : s.get("Action"));
    }

    private static Set<String> principals(JsonNode s) {
        Set<String> out = AccessRules.principals(s);
        if (s.has("NotPrincipal")) {
            out.add("*");
        }
        return out;
    }

    private static Set<String> values(JsonNode n) {
        Set<String> out = new TreeSet<>();
        for (JsonNode e : Attr.elements(n)) {
            out.add(e.asText());
        }
        return out;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    static boolean conditioned(JsonNode s) {
        JsonNode c = s.get("Condition");
        return c != null && c.isObject() && !c.isEmpty();
    }

    private static String actions(JsonNode s) {
        return (s.has("NotAction") ? "everything except " : "") + show(actionNames(s));
    }

    private static String who(JsonNode s) {
        Set<String> p = principals(s);
        return p.isEmpty() ? "" : " to " + show(p);
    }

    private static String condition(JsonNode s) {
        return conditioned(s) ? " under a condition " + Values.show(s.get("Condition")) : "";
    }

    private static String show(Set<String> values) {
        return values.size() == 1 ? values.iterator().next() : values.toString();
    }

    private static String sid(JsonNode s) {
        String sid = s.path("Sid").asText("");
        return sid.isEmpty() ? "" : " " + sid;
    }
}
