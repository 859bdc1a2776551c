-- Which cause model judged each finding (issue 11): its name, version (a digest of the model file)
-- and feature schema hash, as columns of the row. Generated from the finding's document, which the
-- job writes whole on every version, so the columns can never disagree with the JSON and no writer
-- has to name them.
ALTER TABLE findings
    ADD COLUMN cause_model_name text GENERATED ALWAYS AS (document #>> '{cause_model,name}') STORED,
    ADD COLUMN cause_model_version text GENERATED ALWAYS AS (document #>> '{cause_model,version}') STORED,
    ADD COLUMN cause_model_feature_schema text GENERATED ALWAYS AS (document #>> '{cause_model,feature_schema}') STORED;

CREATE INDEX findings_cause_model ON findings (cause_model_name, cause_model_version);
