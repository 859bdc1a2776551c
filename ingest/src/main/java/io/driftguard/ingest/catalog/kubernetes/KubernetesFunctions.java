package io.driftguard.ingest.catalog.kubernetes;

import io.driftguard.ingest.catalog.FunctionRegistry;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import io.driftguard.ingest.catalog.kubernetes.KubernetesObjects.Mode;
import io.driftguard.ingest.catalog.normalise.KubernetesQuantity;
import java.util.Locale;

/** Kubernetes functions the tables name (see {@link KubernetesObjects} and {@link KubernetesPatches}). */
public final class KubernetesFunctions {

    private KubernetesFunctions() {}

    public static void register(FunctionRegistry.Builder b) {
        b.add(
                "k8s_request",
                Shape.VALUE,
                "the requestObject as a full object or merge patch; a JSON patch read as the merge patch with the same effect",
                (in, ctx) -> KubernetesPatches.document(in));
        b.addWithArgument(
                "k8s_containers",
                Shape.CHANGES,
                "containers keyed by name: image, resources (quantities), env (argument: declare, replace or patch)",
                arg -> {
                    Mode m = mode(arg);
                    return (in, ctx) -> KubernetesObjects.containers(in, m);
                });
        b.addWithArgument(
                "k8s_service_ports",
                Shape.CHANGES,
                "Service ports keyed by port/protocol: the key set, target_port, name, node_port (argument: declare, replace or patch)",
                arg -> {
                    Mode m = mode(arg);
                    return (in, ctx) -> KubernetesObjects.servicePorts(in, m);
                });
        b.add(
                "k8s_quantity",
                Shape.VALUE,
                "a resource quantity in base units (500m = 0.5, 1Gi = 1073741824)",
                (in, ctx) -> KubernetesQuantity.normalise(in));
        b.add(
                "k8s_selector",
                Shape.VALUE,
                "a label selector with sorted labels and expressions",
                (in, ctx) -> KubernetesObjects.selector(in));
        b.add(
                "k8s_policy_types",
                Shape.SET,
                "a NetworkPolicy spec's policy types, defaulted as the API server does",
                (in, ctx) -> in.isObject() ? KubernetesObjects.policyTypes(in) : null);
        b.addWithArgument(
                "k8s_netpol_rules",
                Shape.SET,
                "a NetworkPolicy spec's ingress or egress rules (argument); none written under a governing policy type = deny all",
                dir -> {
                    String d = direction(dir);
                    return (in, ctx) -> KubernetesObjects.netpolRules(in, d);
                });
        b.addWithArgument(
                "k8s_netpol_rule_list",
                Shape.SET,
                "a list of NetworkPolicy ingress or egress rules (argument)",
                dir -> {
                    String d = direction(dir);
                    return (in, ctx) -> KubernetesObjects.ruleSet(in, d);
                });
        b.add(
                "k8s_rbac_rules",
                Shape.SET,
                "RBAC policy rules with sorted lists",
                (in, ctx) -> KubernetesObjects.rbacRules(in));
        b.add(
                "k8s_subjects",
                Shape.SET,
                "RBAC binding subjects (kind, name, namespace)",
                (in, ctx) -> KubernetesObjects.subjects(in));
        b.add(
                "k8s_role_ref",
                Shape.VALUE,
                "an RBAC binding's roleRef (kind, name)",
                (in, ctx) -> KubernetesObjects.roleRef(in));
    }

    private static Mode mode(String arg) {
        try {
            return Mode.valueOf(arg.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be declare, replace or patch, not '" + arg + "'");
        }
    }

    private static String direction(String arg) {
        if (!arg.equals("ingress") && !arg.equals("egress")) {
            throw new IllegalArgumentException("direction must be ingress or egress, not '" + arg + "'");
        }
        return arg;
    }
}
