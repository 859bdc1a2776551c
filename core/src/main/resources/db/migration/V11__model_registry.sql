-- The model registry (issue 11). Model files live in a registry directory (`driftguard model
-- register`); each version's card, metrics and ONNX bytes are copied here, so the job on any task
-- manager loads a promoted model from PostgreSQL and the dashboard shows the cards. Which model is
-- live and which scores in shadow is a role of one row each; every switch is kept in
-- model_promotions, which is what `driftguard model rollback` reads.
CREATE TABLE model_versions (
    version        text PRIMARY KEY,
    name           text NOT NULL,
    feature_schema text NOT NULL,
    trained_on     text,
    role           text NOT NULL DEFAULT 'registered'
                   CHECK (role IN ('registered', 'live', 'candidate', 'retired')),
    card           text NOT NULL,
    metrics        jsonb NOT NULL,
    sidecar        jsonb NOT NULL,
    onnx           bytea NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT now(),
    role_since     timestamptz NOT NULL DEFAULT now()
);

-- At most one live and one candidate model per model name.
CREATE UNIQUE INDEX model_versions_one_live ON model_versions (name) WHERE role = 'live';
CREATE UNIQUE INDEX model_versions_one_candidate ON model_versions (name) WHERE role = 'candidate';

CREATE TABLE model_promotions (
    promotion_id     bigserial PRIMARY KEY,
    name             text NOT NULL,
    action           text NOT NULL CHECK (action IN ('promote', 'rollback', 'shadow', 'unshadow')),
    version          text REFERENCES model_versions (version),
    previous_version text REFERENCES model_versions (version),
    actor            text NOT NULL,
    occurred_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX model_promotions_by_name ON model_promotions (name, promotion_id DESC);

-- What the candidate said beside the live model, one row per finding version and candidate.
CREATE TABLE model_shadow_predictions (
    finding_id           text NOT NULL,
    finding_version      bigint NOT NULL,
    candidate_version    text NOT NULL,
    live_version         text NOT NULL,
    live_cause           text NOT NULL,
    live_confidence      double precision NOT NULL,
    candidate_cause      text NOT NULL,
    candidate_confidence double precision NOT NULL,
    scored_at            timestamptz NOT NULL,
    PRIMARY KEY (finding_id, finding_version, candidate_version)
);

CREATE INDEX model_shadow_predictions_by_candidate ON model_shadow_predictions (candidate_version, live_version);

CREATE VIEW model_shadow_agreement AS
SELECT candidate_version,
       live_version,
       count(*)                                              AS predictions,
       count(*) FILTER (WHERE candidate_cause = live_cause) AS agreed,
       round(avg(CASE WHEN candidate_cause = live_cause THEN 1.0 ELSE 0.0 END), 4) AS agreement,
       round(avg(live_confidence)::numeric, 4)               AS mean_live_confidence,
       round(avg(candidate_confidence)::numeric, 4)          AS mean_candidate_confidence,
       min(scored_at)                                        AS first_scored,
       max(scored_at)                                        AS last_scored
FROM model_shadow_predictions
GROUP BY candidate_version, live_version;

CREATE VIEW model_shadow_disagreements AS
SELECT candidate_version,
       live_version,
       live_cause,
       candidate_cause,
       count(*) AS predictions
FROM model_shadow_predictions
WHERE candidate_cause <> live_cause
GROUP BY candidate_version, live_version, live_cause, candidate_cause;

COMMENT ON TABLE model_versions IS 'Every cause model version registered with `driftguard model register`: its card, metrics and ONNX file, and its role (live, candidate, registered, retired).';
COMMENT ON COLUMN model_versions.version IS 'The model file''s identity: the first 12 hex digits of the SHA-256 of its bytes; findings name it in cause_model_version.';
COMMENT ON COLUMN model_versions.name IS 'The model''s name (cause).';
COMMENT ON COLUMN model_versions.feature_schema IS 'Hash of the feature schema the model was trained on; the job refuses a model whose schema differs from its own.';
COMMENT ON COLUMN model_versions.trained_on IS 'One line on the training data, with the generator seeds.';
COMMENT ON COLUMN model_versions.role IS 'live (judges findings), candidate (scores in shadow beside the live model), registered (neither), retired (was live, replaced).';
COMMENT ON COLUMN model_versions.card IS 'The model card (Markdown) written by `driftguard train`.';
COMMENT ON COLUMN model_versions.metrics IS 'The card''s figures as JSON: test, in-sample and unseen-world quality, calibration.';
COMMENT ON COLUMN model_versions.sidecar IS 'The model''s metadata file (cause.json): feature names, classes, calibration.';
COMMENT ON COLUMN model_versions.onnx IS 'The ONNX model file; the job loads a promoted model from here.';
COMMENT ON COLUMN model_versions.registered_at IS 'When the version was registered.';
COMMENT ON COLUMN model_versions.role_since IS 'When the version took its current role.';

COMMENT ON TABLE model_promotions IS 'Every switch of the live or candidate model, newest last: who, when, from which version to which.';
COMMENT ON COLUMN model_promotions.promotion_id IS 'Order of the switches.';
COMMENT ON COLUMN model_promotions.name IS 'The model''s name (cause).';
COMMENT ON COLUMN model_promotions.action IS 'promote (a version goes live), rollback (the previous live version goes live again), shadow (a candidate starts scoring in shadow), unshadow (it stops).';
COMMENT ON COLUMN model_promotions.version IS 'The version that took the role (null when a candidate was removed).';
COMMENT ON COLUMN model_promotions.previous_version IS 'The version that held the role before, or null.';
COMMENT ON COLUMN model_promotions.actor IS 'Who ran the command (the operating-system user, or --actor).';
COMMENT ON COLUMN model_promotions.occurred_at IS 'When.';

COMMENT ON TABLE model_shadow_predictions IS 'The candidate model''s cause for each finding version the live model judged, beside the live model''s.';
COMMENT ON COLUMN model_shadow_predictions.finding_id IS 'The finding.';
COMMENT ON COLUMN model_shadow_predictions.finding_version IS 'The finding version the live model judged.';
COMMENT ON COLUMN model_shadow_predictions.candidate_version IS 'The candidate model''s version.';
COMMENT ON COLUMN model_shadow_predictions.live_version IS 'The live model''s version.';
COMMENT ON COLUMN model_shadow_predictions.live_cause IS 'The cause the live model decided (the finding''s cause).';
COMMENT ON COLUMN model_shadow_predictions.live_confidence IS 'Its confidence.';
COMMENT ON COLUMN model_shadow_predictions.candidate_cause IS 'The cause the candidate would have decided.';
COMMENT ON COLUMN model_shadow_predictions.candidate_confidence IS 'Its confidence.';
COMMENT ON COLUMN model_shadow_predictions.scored_at IS 'When the job scored it.';

COMMENT ON VIEW model_shadow_agreement IS 'How often a candidate model agrees with the live one, per candidate and live version.';
COMMENT ON COLUMN model_shadow_agreement.candidate_version IS 'The candidate model.';
COMMENT ON COLUMN model_shadow_agreement.live_version IS 'The live model it was compared with.';
COMMENT ON COLUMN model_shadow_agreement.predictions IS 'Finding versions both scored.';
COMMENT ON COLUMN model_shadow_agreement.agreed IS 'Of which both decided the same cause.';
COMMENT ON COLUMN model_shadow_agreement.agreement IS 'agreed / predictions.';
COMMENT ON COLUMN model_shadow_agreement.mean_live_confidence IS 'Mean confidence of the live model.';
COMMENT ON COLUMN model_shadow_agreement.mean_candidate_confidence IS 'Mean confidence of the candidate.';
COMMENT ON COLUMN model_shadow_agreement.first_scored IS 'First shadow prediction.';
COMMENT ON COLUMN model_shadow_agreement.last_scored IS 'Latest shadow prediction.';

COMMENT ON VIEW model_shadow_disagreements IS 'Where a candidate and the live model disagree: counts per live cause and candidate cause.';
COMMENT ON COLUMN model_shadow_disagreements.candidate_version IS 'The candidate model.';
COMMENT ON COLUMN model_shadow_disagreements.live_version IS 'The live model.';
COMMENT ON COLUMN model_shadow_disagreements.live_cause IS 'The live model''s cause.';
COMMENT ON COLUMN model_shadow_disagreements.candidate_cause IS 'The candidate''s cause.';
COMMENT ON COLUMN model_shadow_disagreements.predictions IS 'How many finding versions.';
