package io.driftguard.reconcile.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.AttributeValues;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.ingest.catalog.Catalog;
import io.driftguard.ingest.catalog.IacRow;
import io.driftguard.ingest.catalog.ResourceKind;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.ingest.reconcile.ScanObservation;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.LiveResource;
import io.driftguard.reconcile.azure.ArmApi.ArmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Azure resources through Azure Resource Manager: for every collection that holds declared resources
 * (an NSG's resource group's {@code networkSecurityGroups}, a SQL server's {@code firewallRules}),
 * one paginated list; each live resource is then read by the catalog's <em>call</em> rows for a write
 * of it ({@code Microsoft.Network/networkSecurityGroups/securityRules/write}), exactly as the Activity
 * Log's record of that write is read: ARM's {@code GET} returns the body its {@code PUT} takes, so
 * the live resource is the write that would make it what it is, and the comparison runs on the
 * normalisation audit events go through. Children a parent lists in full (an NSG's rules, a virtual
 * network's subnets, a load balancer's rules) are read from the parent, one list for both.
 * {@link ArmBodies} holds the two places where a live body needs bridging.
 *
 * <p>A declared resource the list does not return, or whose resource group or parent is gone, was
 * deleted outside the IaC. Of a resource that is there, the scan reads what ARM returns: tags and
 * an NSG's rules are maps whose missing keys are absent live; a scalar property ARM leaves out (it
 * omits defaults such as a vault's unset purge protection) is not compared.
 */
public final class ArmResourceReader implements LiveReader {

    /** ARM's codes for a resource group or parent that does not exist: its children are gone too. */
    private static final Set<String> GONE =
            Set.of("ResourceGroupNotFound", "ParentResourceNotFound", "ResourceNotFound");

    private final ArmApi api;
    private final Catalog catalog;
    private final IacMapper mapper;
    private final Set<String> iacTypes;
    private final List<String> covered;

    ArmResourceReader(ArmApi api, Catalog catalog) {
        this.api = api;
        this.catalog = catalog;
        this.mapper = new IacMapper(catalog.tables());
        Set<String> types = new TreeSet<>();
        for (IacRow r : catalog.tables().iacRows()) {
            if (r.source().equals("terraform") && kind(r.kind()).cloud() == Cloud.AZURE) {
                types.add(r.type());
            }
        }
        this.iacTypes = Set.copyOf(types);
        Set<String> maps = new TreeSet<>();
        for (ResourceKind k : catalog.tables().kinds().values()) {
            if (k.cloud() == Cloud.AZURE) {
                k.attributes().stream().filter(a -> a.endsWith(".*")).forEach(maps::add);
            }
        }
        this.covered = List.copyOf(maps);
    }

    private ResourceKind kind(String name) {
        return catalog.tables().kinds().get(name);
    }

    /** Every Terraform type the catalog maps an Azure kind from. */
    @Override
    public Set<String> iacTypes() {
        return iacTypes;
    }

    /** A declared resource and the resource whose body holds it (itself, or its parent). */
    private record Pending(DesiredResource declared, ArmId id, ArmId target, ArmType targetType) {}

    @Override
    public List<LiveResource> read(List<DesiredResource> resources, List<String> problems) {
        Map<String, List<Pending>> byCollection = new LinkedHashMap<>();
        for (DesiredResource d : resources) {
            ArmId id = ArmId.parse(d.resourceId());
            ArmType type = id == null ? null : ArmTypes.of(id);
            if (type == null) {
                problems.add(d.resourceId() + ": not an Azure resource id of a type this scan reads");
                continue;
            }
            ArmId target = type.inParent() ? id.parent() : id;
            ArmType targetType = ArmTypes.of(target);
            byCollection
                    .computeIfAbsent(target.collectionPath(targetType), c -> new ArrayList<>())
                    .add(new Pending(d, id, target, targetType));
        }
        List<LiveResource> out = new ArrayList<>();
        String[] signInFailed = {null};
        byCollection.forEach((path, pending) -> {
            ArmType type = pending.get(0).targetType();
            if (signInFailed[0] != null) {
                // one credential for every call: after it failed, the others would fail the same way
                pending.forEach(p -> problems.add(p.declared().resourceId() + ": " + signInFailed[0]));
                return;
            }
            Map<String, JsonNode> live = new HashMap<>();
            try {
                for (JsonNode item : api.list(path, type.apiVersion())) {
                    live.put(item.path("id").asText().toLowerCase(Locale.ROOT), item);
                }
            } catch (ArmException e) {
                if (e.status != 404 || !GONE.contains(e.code)) {
                    String why = why(type, e);
                    pending.forEach(p -> problems.add(p.declared().resourceId() + ": " + why));
                    return;
                }
                // the resource group or the parent is gone, and with it everything declared in it
            } catch (ClientAuthenticationException e) {
                signInFailed[0] = "no Azure token: " + LiveReader.firstLine(e.getMessage());
                pending.forEach(p -> problems.add(p.declared().resourceId() + ": " + signInFailed[0]));
                return;
            } catch (RuntimeException e) {
                // ARM unreachable after the retries
                String why = LiveReader.firstLine(e.getMessage());
                pending.forEach(p -> problems.add(p.declared().resourceId() + ": " + why));
                return;
            }
            Map<String, LiveBody> bodies = new HashMap<>();
            for (Pending p : pending) {
                JsonNode item = live.get(p.target().id());
                LiveBody body = item == null
                        ? null
                        : bodies.computeIfAbsent(p.target().id(), t -> liveBody(p.target(), type, item, problems));
                String reader = type.readAction();
                out.add(
                        body == null || !body.ids().contains(p.id().id())
                                ? LiveResource.deleted(p.declared().key(), reader, List.of(LiveResource.EVERYTHING))
                                : new LiveResource(
                                        p.declared().key(),
                                        reader,
                                        body.attributes()
                                                .getOrDefault(p.declared().key(), Map.of()),
                                        covered));
            }
        });
        return out;
    }

    /**
     * What one live resource says, by resource key: itself, the children it lists in full, and its
     * companions.
     *
     * @param ids the ids of the resource and of every child it lists
     */
    private record LiveBody(Set<String> ids, Map<String, Map<String, String>> attributes) {}

    private LiveBody liveBody(ArmId id, ArmType type, JsonNode item, List<String> problems) {
        Map<String, JsonNode> writes = new LinkedHashMap<>();
        writes.put(id.id(), item);
        // the children a body lists in full: {"properties": {"securityRules": [{"id": "<id>/securityRules/r", …}]}}
        item.path("properties").forEach(field -> {
            if (!field.isArray()) {
                return;
            }
            for (JsonNode child : field) {
                String childId = child.path("id").asText("").toLowerCase(Locale.ROOT);
                ArmId c = ArmId.parse(childId);
                if (c != null && id.equals(c.parent())) {
                    writes.put(c.id(), child);
                }
            }
        });
        for (String companion : type.companions()) {
            ArmId c = ArmId.parse(id.id() + "/" + companion);
            ArmType t = ArmTypes.of(c);
            try {
                writes.put(c.id(), api.get(c.path(t), t.apiVersion()));
            } catch (RuntimeException e) {
                problems.add(c.id() + ": "
                        + (e instanceof ArmException a ? why(t, a) : LiveReader.firstLine(e.getMessage())));
            }
        }
        Map<String, Map<String, String>> byKey = new HashMap<>();
        writes.forEach((writeId, body) -> {
            ArmId w = ArmId.parse(writeId);
            ArmType t = w == null ? null : ArmTypes.of(w);
            if (t == null) {
                return; // a child no catalog row reads (an NSG's default rules, a load balancer's probes)
            }
            for (ResourceChange rc : catalog.interpret(asWrite(w, t, ArmBodies.asWritten(t, body)))) {
                Map<String, String> attrs = byKey.computeIfAbsent(rc.key(), k -> new LinkedHashMap<>());
                for (AttributeChange c : rc.changes()) {
                    // a write that replaces a map first unsets all its keys: nothing to unset in a live read
                    if (c.op() == AttributeChange.Op.UNKNOWN || c.path().endsWith(".*")) {
                        continue;
                    }
                    String v = AttributeValues.apply(attrs.get(c.path()), c);
                    if (v == null) {
                        attrs.remove(c.path());
                    } else {
                        attrs.put(c.path(), v);
                    }
                }
            }
        });
        if (type.type().equals("Microsoft.Network/networkSecurityGroups")) {
            String key = ResourceKey.of(Cloud.AZURE, id.id());
            byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(ArmBodies.securityGroup(mapper, key, item));
        }
        return new LiveBody(writes.keySet(), byKey);
    }

    /** The live resource as the Activity Log's record of a successful write of it. */
    private static AuditEvent asWrite(ArmId id, ArmType type, JsonNode body) {
        return new AuditEvent(
                "live:" + id.id(),
                ScanObservation.SERVICE,
                Cloud.AZURE,
                id.subscription(),
                null,
                type.namespace(),
                type.writeOperation(),
                type.operation(),
                id.id(),
                false,
                Outcome.SUCCESS,
                null,
                null,
                null,
                null,
                null,
                body.toString(),
                null,
                null,
                false);
    }

    private static String why(ArmType type, ArmException e) {
        return switch (e.status) {
            case 401, 403 ->
                "forbidden (HTTP " + e.status + " " + e.code + "): the scanner's role must allow " + type.readAction()
                        + " (" + e.getMessage() + ")";
            default ->
                "list failed (HTTP " + e.status + (e.code.isEmpty() ? "" : " " + e.code) + "): " + e.getMessage();
        };
    }

    @Override
    public void close() {
        api.close();
    }
}
