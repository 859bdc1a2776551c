package io.driftguard.models.scenario.driver;

import io.driftguard.core.event.Cloud;
import io.driftguard.models.scenario.world.Service;
import java.util.HashMap;
import java.util.Map;

/**
 * A resource an IaC source declares (or, for unmanaged cases, that none does), with what the
 * drivers need to render calls against it.
 *
 * @param iacPath the IaC folder or file relative to the infrastructure repository (docs/design/replay-contract.md's
 *     mapping), which commits touch; null for an unmanaged resource
 */
public record Subject(
        CatalogRow row,
        Cloud cloud,
        String iacSource,
        String iacType,
        String address,
        String iacPath,
        String resourceId,
        String name,
        Service service,
        String account,
        String region,
        Map<String, Object> props) {

    public Subject {
        props = new HashMap<>(props);
    }

    public String str(String key) {
        return (String) props.get(key);
    }

    public int num(String key) {
        return ((Number) props.get(key)).intValue();
    }
}
