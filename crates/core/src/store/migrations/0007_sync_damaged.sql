-- Version 7: rows of the office database this PC could not read. The sync skips such a
-- row and goes on with everything else; the row is remembered here so the window can say
-- what is missing and since when, until a later pull reads the record fine again. Sync
-- bookkeeping like sync_state: not user data, no audit entry.

CREATE TABLE sync_damaged (
    -- task, event, document, unit, person, settings or calendar
    entity      TEXT NOT NULL,
    -- the row's key on the server, as the sync crate names it
    id          TEXT NOT NULL,
    -- the task the row belongs to (a task or one of its timeline entries)
    task_id     BLOB,
    -- what it is, in Vietnamese ("Sự kiện #123 của nhiệm vụ «Rà soát…»")
    label       TEXT NOT NULL,
    -- the decoder's error
    reason      TEXT NOT NULL,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    PRIMARY KEY (entity, id)
) WITHOUT ROWID;
CREATE INDEX sync_damaged_task ON sync_damaged(task_id) WHERE task_id IS NOT NULL;
