package io.driftguard.judge.remediation;

import static io.driftguard.judge.remediation.ShellQuoting.q;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.remediation.Remediations.C;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** kubectl revert commands; resource ids are {@code <cluster>/<namespace>/<Kind>/<name>} or {@code <cluster>/<Kind>/<name>}. */
final class KubernetesRevertCommands {

    private static final String CONTAINERS = "spec.template.spec.containers.";

    private KubernetesRevertCommands() {}

    /** {@code kubectl --context=<cluster> [-n <namespace>]} for the finding's object. */
    static String base(Finding f) {
        String[] p = parts(f);
        String ns = p.length >= 4 ? p[1] : null;
        return "kubectl " + ShellQuoting.opt("--context", p.length > 0 ? p[0] : "")
                + (ns == null ? "" : " -n " + q(ns));
    }

    /** The finding's object as kubectl names it: {@code <kind>/<name>}, quoted. */
    static String object(Finding f) {
        String[] p = parts(f);
        String kind = p.length >= 3 ? p[p.length - 2] : f.resourceType();
        String name = p.length >= 1 ? p[p.length - 1] : "";
        return q(kind.toLowerCase(Locale.ROOT) + "/" + name);
    }

    /** Whether the id names cluster, kind and name, so {@link #object} does not guess the kind. */
    static boolean complete(Finding f) {
        return parts(f).length >= 3;
    }

    private static String[] parts(Finding f) {
        return (f.resourceId() == null ? "" : f.resourceId()).split("/");
    }

    static void revert(Finding f, List<C> changes, List<String> out) {
        String base = base(f);
        String obj = object(f);
        Map<String, List<String>> limits = new LinkedHashMap<>();
        Map<String, List<String>> env = new LinkedHashMap<>();
        ObjectNode data = Remediations.obj();
        boolean whole = false;
        for (C c : changes) {
            String path = c.path();
            if (path.equals("spec.replicas")) {
                out.add(base + " scale " + obj + " " + ShellQuoting.opt("--replicas", c.d()));
            } else if (path.startsWith(CONTAINERS) || path.startsWith("spec.template.spec.initContainers.")) {
                String rest = path.substring(path.indexOf("ontainers.") + "ontainers.".length());
                int dot = rest.indexOf('.');
                if (dot < 0) {
                    whole = true;
                    continue;
                }
                String container = rest.substring(0, dot);
                String attr = rest.substring(dot + 1);
                if (attr.equals("image") && c.declared()) {
                    out.add(base + " set image " + obj + " " + q(container + "=" + c.d()));
                } else if (attr.startsWith("resources.limits.") || attr.startsWith("resources.requests.")) {
                    String which = attr.startsWith("resources.limits.") ? "--limits" : "--requests";
                    String res = attr.substring(attr.lastIndexOf('.') + 1);
                    if (c.declared()) {
                        limits.computeIfAbsent(container + " " + which, k -> new ArrayList<>())
                                .add(res + "=" + c.d());
                    } else {
                        whole = true;
                    }
                } else if (attr.startsWith("env.")) {
                    String var = attr.substring("env.".length());
                    if (c.declared() && c.desired().isTextual()) {
                        env.computeIfAbsent(container, k -> new ArrayList<>()).add(var + "=" + c.d());
                    } else if (!c.declared()) {
                        env.computeIfAbsent(container, k -> new ArrayList<>()).add(var + "-");
                    } else {
                        whole = true;
                    }
                } else if (!attr.equals("env")) {
                    whole = true;
                }
            } else if (path.startsWith("data.")) {
                String key = path.substring("data.".length());
                if (c.declared()) {
                    data.put(key, c.d());
                } else {
                    data.putNull(key);
                }
            } else {
                whole = true;
            }
        }
        limits.forEach((k, v) -> {
            String[] cw = k.split(" ");
            out.add(base + " set resources " + obj + " -c " + q(cw[0]) + " "
                    + ShellQuoting.opt(cw[1], String.join(",", v)));
        });
        env.forEach((container, vars) -> {
            List<String> w = new ArrayList<>();
            vars.forEach(v -> w.add(q(v)));
            out.add(base + " set env " + obj + " -c " + q(container) + " " + String.join(" ", w));
        });
        if (!data.isEmpty()) {
            ObjectNode patch = Remediations.obj();
            patch.set("data", data);
            out.add(base + " patch configmap " + q(Remediations.last(f.resourceId())) + " --type merge -p "
                    + ShellQuoting.json(patch));
        }
        if (whole || out.isEmpty()) {
            out.add(
                    f.iac() != null
                            ? base + " apply -f " + q(Remediations.manifestFile(f.iac()))
                                    + "  # restores the whole object as the manifest declares it"
                            : Remediations.reapply(f, "the object must be restored as a whole"));
        }
    }
}
