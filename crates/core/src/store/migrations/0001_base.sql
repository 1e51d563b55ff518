-- Version 1: units, people, directive documents, tasks, their events, attachments, audit.
-- Ids are UUIDv7 as 16-byte blobs; instants are Unix milliseconds (UTC); dates are
-- 'YYYY-MM-DD' local dates (Asia/Ho_Chi_Minh).

CREATE TABLE units (
    id          BLOB PRIMARY KEY,
    parent_id   BLOB REFERENCES units(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sort_key    BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
    id          BLOB PRIMARY KEY,
    full_name   TEXT NOT NULL,
    unit_id     BLOB NOT NULL REFERENCES units(id),
    role        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    sort_key    BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX people_unit ON people(unit_id);

CREATE TABLE documents (
    id                 BLOB NOT NULL UNIQUE,
    kind               TEXT NOT NULL,
    number             TEXT NOT NULL,
    symbol             TEXT NOT NULL,
    issued_on          TEXT NOT NULL,
    summary            TEXT NOT NULL,
    signer_name        TEXT NOT NULL,
    signer_title       TEXT NOT NULL,
    issuer             TEXT NOT NULL,
    submitting_agency  TEXT,
    director           TEXT,
    drafter            TEXT,
    urgency            TEXT NOT NULL,
    origin             TEXT NOT NULL,
    entered_at         INTEGER NOT NULL,
    entered_by         BLOB REFERENCES people(id),
    entered_unit_id    BLOB REFERENCES units(id),
    entered_late       INTEGER NOT NULL DEFAULT 0,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX documents_issued ON documents(issued_on);

-- Content-addressed files (the bytes live under files/ab/abcdef…).
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE document_attachments (
    document_id BLOB NOT NULL REFERENCES documents(id),
    sha256      TEXT NOT NULL REFERENCES blobs(sha256),
    file_name   TEXT NOT NULL,
    PRIMARY KEY (document_id, sha256)
) WITHOUT ROWID;

CREATE TABLE tasks (
    id                      BLOB NOT NULL UNIQUE,
    document_id             BLOB NOT NULL REFERENCES documents(id),
    description             TEXT NOT NULL,
    follow_up_content       TEXT NOT NULL DEFAULT '',
    lead_unit_id            BLOB NOT NULL REFERENCES units(id),
    follow_up_officer_id    BLOB REFERENCES people(id),
    director                TEXT,
    direction_notes         TEXT NOT NULL DEFAULT '',
    original_deadline       TEXT,
    deadline                TEXT,
    extended_at             INTEGER,
    must_report             INTEGER NOT NULL,
    origin                  TEXT NOT NULL,
    classification          TEXT NOT NULL,
    state                   TEXT NOT NULL,
    assigned_at             INTEGER NOT NULL,
    assigned_on             TEXT NOT NULL,
    accepted_at             INTEGER,
    accepted_on             TEXT,
    completed_submitted_at  INTEGER,
    completed_on            TEXT,
    completed_reviewed_at   INTEGER,
    pending_submitted_at    INTEGER,
    pending_on              TEXT,
    cancelled_at            INTEGER,
    cancelled_on            TEXT,
    rejection_count         INTEGER NOT NULL DEFAULT 0,
    last_progress_at        INTEGER,
    version                 INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_unit_deadline ON tasks(lead_unit_id, deadline);
CREATE INDEX tasks_deadline ON tasks(deadline);
CREATE INDEX tasks_assigned_on ON tasks(assigned_on);
CREATE INDEX tasks_document ON tasks(document_id);

CREATE TABLE task_coordinators (
    task_id     BLOB NOT NULL REFERENCES tasks(id),
    unit_id     BLOB NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX task_coordinators_unit ON task_coordinators(unit_id);

-- The timeline of each task. `late` records the timeliness of §5 for result entries and
-- reviews; `unit_id` is the unit accountable for it.
CREATE TABLE task_events (
    id          INTEGER PRIMARY KEY,
    task_id     BLOB NOT NULL REFERENCES tasks(id),
    at          INTEGER NOT NULL,
    actor_id    BLOB,
    actor_name  TEXT,
    unit_id     BLOB,
    kind        TEXT NOT NULL,
    late        INTEGER,
    payload     TEXT NOT NULL
);
CREATE INDEX task_events_task ON task_events(task_id, at);

-- Every change: who, when, what, before → after (JSON).
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    BLOB,
    actor_name  TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   BLOB,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_entity ON audit(entity_id, at);
