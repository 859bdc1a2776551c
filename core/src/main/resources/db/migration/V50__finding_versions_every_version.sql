-- The job's PostgreSQL sink no longer collapses the versions of a finding written within one batch, and
-- FindingStore keeps a version that arrives after a newer one: finding_versions now holds every version
-- that reached PostgreSQL, once.
COMMENT ON TABLE finding_versions IS 'Every version of every finding that reached PostgreSQL, each once (key: finding_id, version), append-only (findings keeps only the latest). A version that arrives after a newer one is kept here too, with a later seq.';
