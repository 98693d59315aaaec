-- The officers' PAKN inbox (issue 17 item 3): the officer a PAKN was assigned to, and whether
-- its sender agreed that the answer be published; and an index for the operators' page of
-- undelivered notifications (issue 17 item 2).
-- Keep in step with ../sqlite/0025_feedback_inbox.sql.
ALTER TABLE feedback ADD COLUMN assigned_to TEXT;
ALTER TABLE feedback ADD COLUMN publish_consent BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX feedback_assigned ON feedback (assigned_to);
-- Undelivered messages, for the operators' page and its count.
CREATE INDEX outbox_undelivered ON outbox (next_attempt) WHERE delivered_at IS NULL;
