-- Version 2: accent-insensitive search, settings, the per-year holiday table.

-- The body is folded by the app (đ → d, marks removed) before it is indexed, and FTS5
-- folds again with remove_diacritics 2; rowid = tasks.rowid / documents.rowid.
-- Searches are words (all required, the last one a prefix), never phrases, so the index
-- keeps no positions (detail = none): smaller, faster to write and to read. Prefixes of up
-- to 6 letters (nearly every folded Vietnamese syllable) have their own index entries, so
-- the word being typed is one lookup instead of a merge of every word it could become.
CREATE VIRTUAL TABLE task_fts USING fts5(
    body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6', detail = none
);
CREATE VIRTUAL TABLE document_fts USING fts5(
    body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6', detail = none
);

CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);

-- Extra days off and make-up working Saturdays decided each year (DOMAIN.md §4).
CREATE TABLE calendar_overrides (
    date    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('day_off', 'working_day')),
    note    TEXT NOT NULL DEFAULT ''
);
