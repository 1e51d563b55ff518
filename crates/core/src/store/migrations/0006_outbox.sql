-- Version 6: the outbox of the office sync. Every user action is also written here, as a
-- named mutation, in the same transaction as the change itself, so nothing a user did can
-- be lost between the PC and the office database. Entries are kept after the server has
-- decided them: an applied one can be sent again after a server restore (the server knows
-- mutation ids and applies each once), a rejected one is shown to its author until read.

CREATE TABLE outbox (
    seq              INTEGER PRIMARY KEY,
    id               BLOB NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    entity_id        BLOB,
    payload          TEXT NOT NULL,
    actor_id         BLOB,
    created_at       INTEGER NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'applied', 'rejected')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER,
    last_error       TEXT,
    reason           TEXT,
    decided_at       INTEGER,
    acknowledged_at  INTEGER
);
CREATE INDEX outbox_pending ON outbox(seq) WHERE state = 'pending';
CREATE INDEX outbox_entity ON outbox(entity_id, state);

-- The sync's own bookkeeping: server identity (epoch), pull cursor, last sync time.
CREATE TABLE sync_state (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);
