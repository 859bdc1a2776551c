package io.driftguard.models.scenario.driver;

import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Knows one docs/design/catalog-format.md row: how to declare a realistic resource of it in IaC, and which provider
 * calls change it in each way a scenario asks for.
 */
public interface Driver {

    CatalogRow row();

    Set<Intent> intents();

    /** Declares a fresh resource for {@code service} in {@code iacSource} (terraform, cloudformation, kubernetes). */
    Subject declare(Gen g, Service service, String iacSource, Intent intent);

    /**
     * A change of the given kind; {@code step} numbers further changes of one episode, which must
     * differ from the earlier ones. Null if the driver has no such change.
     */
    Change change(Gen g, Subject s, Intent intent, int step, Actor actor);

    /** A read-only call on the resource. */
    List<Emitted> read(Gen g, Subject s, Actor a, Instant t);
}
