-- Every message the Slack notifier posts, claimed here before it is posted and settled after (issue 10):
-- a notifier that dies between Slack's answer and its own record finds the claim on restart and looks
-- for the message in Slack instead of posting it a second time.
CREATE TABLE slack_posts (
    notification     text        PRIMARY KEY,
    channel          text        NOT NULL,
    thread_ts        text,
    finding_version  bigint      NOT NULL,
    state            text        NOT NULL CHECK (state IN ('claimed', 'posted', 'given_up')),
    channel_id       text,
    ts               text,
    keys_in_message  integer,
    claimed_at       timestamptz NOT NULL DEFAULT now(),
    settled_at       timestamptz,
    CHECK (state <> 'posted' OR (channel_id IS NOT NULL AND ts IS NOT NULL))
);
CREATE INDEX slack_posts_by_channel ON slack_posts (channel) WHERE channel_id IS NOT NULL;

COMMENT ON TABLE slack_posts IS 'Each Slack message the notifier posts, by notification key: claimed before the post, settled after, so that no message is shown twice; a claim left unsettled (the notifier died, or Slack''s answer was lost) is looked up in Slack before anything is posted again.';
COMMENT ON COLUMN slack_posts.notification IS 'What the message is for: announce:<finding>, reply:<finding>:<version>, analysis:<finding>. A digest message settles the announce keys of all its findings.';
COMMENT ON COLUMN slack_posts.channel IS 'The channel the message was sent to, as configured (a name such as #drift, or an id).';
COMMENT ON COLUMN slack_posts.finding_version IS 'The finding version the message shows (for an announcement found after a crash: the version its thread starts from).';
COMMENT ON COLUMN slack_posts.thread_ts IS 'The thread the message replies in; null for a message in the channel itself.';
COMMENT ON COLUMN slack_posts.state IS 'claimed (being posted, or in doubt after a crash), posted (Slack has it), given_up (in doubt and could not be looked up: not posted again).';
COMMENT ON COLUMN slack_posts.channel_id IS 'The channel id Slack answered with; also how a configured channel name is looked up later.';
COMMENT ON COLUMN slack_posts.ts IS 'Slack''s timestamp of the posted message.';
COMMENT ON COLUMN slack_posts.keys_in_message IS 'How many notifications the message carried (more than one for a digest).';
COMMENT ON COLUMN slack_posts.claimed_at IS 'When the notification was first claimed: the earliest the message can be in Slack.';
COMMENT ON COLUMN slack_posts.settled_at IS 'When it was recorded as posted or given up.';
