package io.driftguard.models.scenario;

import io.driftguard.core.event.Cloud;
import java.util.HashMap;
import java.util.Map;

/**
 * A resource an IaC source declares (or, for unmanaged cases, that none does), with what the
 * drivers need to render calls against it.
 *
 * @param iacPath the IaC folder or file relative to the infrastructure repository (docs/design/replay-contract.md's
 *     mapping), which commits touch; null for an unmanaged resource
 */
record Subject(
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

    Subject {
        props = new HashMap<>(props);
    }

    String str(String key) {
        return (String) props.get(key);
    }

    int num(String key) {
        return ((Number) props.get(key)).intValue();
    }
}
