package io.driftguard.dashboard.finding;

/**
 * The columns of a findings row the dashboard acts on, beside its stored document.
 *
 * @param recommendation null until the judge has decided
 */
public record StoredFinding(String findingId, long version, String status, String recommendation, String document) {}
