-- Version 3: partial indexes for the late entries and reviews counted by statistics
-- (DOMAIN.md §5). Late rows are few, so these stay small.

CREATE INDEX task_events_late ON task_events(at, unit_id, kind) WHERE late = 1;
CREATE INDEX documents_entered_late ON documents(entered_at, entered_unit_id)
    WHERE entered_late = 1;
