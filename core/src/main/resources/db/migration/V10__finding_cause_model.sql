-- Which cause model judged each finding (issue 11): its name, version (a digest of the model file)
-- and feature schema hash, as columns of the row. Generated from the finding's document, which the
-- job writes whole on every version, so the columns can never disagree with the JSON and no writer
-- has to name them.
ALTER TABLE findings
    ADD COLUMN cause_model_name text GENERATED ALWAYS AS (document #>> '{cause_model,name}') STORED,
    ADD COLUMN cause_model_version text GENERATED ALWAYS AS (document #>> '{cause_model,version}') STORED,
    ADD COLUMN cause_model_feature_schema text GENERATED ALWAYS AS (document #>> '{cause_model,feature_schema}') STORED;

CREATE INDEX findings_cause_model ON findings (cause_model_name, cause_model_version);

COMMENT ON COLUMN findings.cause_model_name IS 'Name of the cause model that judged this version of the finding (from the document''s cause_model).';
COMMENT ON COLUMN findings.cause_model_version IS 'Version of that cause model: a digest of the model file, so two findings judged by the same file agree.';
COMMENT ON COLUMN findings.cause_model_feature_schema IS 'Hash of the feature schema the cause model was trained on.';
