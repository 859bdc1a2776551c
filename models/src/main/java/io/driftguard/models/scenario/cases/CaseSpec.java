package io.driftguard.models.scenario.cases;

import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.world.Service;
import java.time.Instant;

/**
 * One planned case: which family, which driver (catalog row), which IaC source, which variant,
 * on which service, starting when.
 *
 * @param lastSlot whether no later case uses the service, so an incident may stay open to the end
 * @param variant single, multi_change, reverted or codified (drift families); single otherwise
 */
public record CaseSpec(
        int index,
        Family family,
        Driver driver,
        String iac,
        String variant,
        Service service,
        Instant slotStart,
        boolean lastSlot) {}
