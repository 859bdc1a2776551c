package io.driftguard.models.scenario;

import java.time.Instant;

/**
 * One planned case: which family, which driver (catalog row), which IaC source, which variant,
 * on which service, starting when.
 *
 * @param lastSlot whether no later case uses the service, so an incident may stay open to the end
 * @param variant single, multi_change, reverted or codified (drift families); single otherwise
 */
record CaseSpec(int index, Family family, Driver driver, String iac, String variant, Service service, Instant slotStart,
        boolean lastSlot) {}
