-- Version 4: the work queues of the window. A unit's inbox (tasks waiting to be accepted)
-- and the office's review queue read tasks by workflow state; extension requests
-- (đề nghị gia hạn) waiting for the office are marked on the task until decided.

ALTER TABLE tasks ADD COLUMN extension_requested_at INTEGER;
CREATE INDEX tasks_state_unit ON tasks(state, lead_unit_id, deadline);
CREATE INDEX tasks_extension_requested ON tasks(extension_requested_at)
    WHERE extension_requested_at IS NOT NULL;
