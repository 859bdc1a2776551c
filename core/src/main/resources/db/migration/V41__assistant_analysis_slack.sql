-- The first analysis of a finding, attached to its Slack thread by the notifier (issue 16).
ALTER TABLE assistant_analyses ADD COLUMN slack_posted_at timestamptz;

COMMENT ON COLUMN assistant_analyses.slack_posted_at IS 'When the notifier posted the analysis as a reply in the finding''s Slack thread; null while not posted (or the finding was announced in a digest, whose thread gets none).';
