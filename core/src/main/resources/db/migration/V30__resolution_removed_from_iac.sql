-- Issue 12: a resource removed from the IaC closes its open episode with the resolution
-- removed_from_iac (nothing is declared any more, so nothing drifts); later changes to it are
-- reported as unmanaged findings.
ALTER TABLE findings DROP CONSTRAINT findings_resolution_check;
ALTER TABLE findings ADD CONSTRAINT findings_resolution_check
    CHECK (resolution IN ('reverted', 'codified', 'removed_from_iac'));

COMMENT ON COLUMN findings.resolution IS 'How a resolved episode ended: reverted (live value put back), codified (IaC changed to the live value) or removed_from_iac (the IaC no longer declares the resource).';
COMMENT ON COLUMN finding_versions.resolution IS 'reverted, codified or removed_from_iac, once resolved.';
