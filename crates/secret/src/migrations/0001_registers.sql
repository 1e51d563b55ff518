-- The confidential store, version 1 (DOMAIN.md §8; Đắk Lắk 2.1; NĐ 26/2020; TT 24/2020).
-- Rules a direct SQL statement on the opened file cannot get around are written here as
-- constraints and triggers, not only in the Rust code: rows are never deleted, a number
-- never changes, and a tuyệt mật trích yếu needs the approving leader and date.

CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

-- Sổ đăng ký bí mật nhà nước đến (incoming) and đi (outgoing). `number` is the số đến /
-- số thứ tự (for outgoing documents also their number), continuous within a register and a
-- year; a cancelled entry keeps its number.
CREATE TABLE entries (
    id                   TEXT PRIMARY KEY,
    register             TEXT NOT NULL CHECK (register IN ('incoming', 'outgoing')),
    year                 INTEGER NOT NULL,
    number               INTEGER NOT NULL CHECK (number > 0),
    registered_at        TEXT NOT NULL,
    registered_on        TEXT NOT NULL,
    doc_number           TEXT NOT NULL DEFAULT '',
    doc_date             TEXT,
    doc_kind             TEXT NOT NULL DEFAULT '',
    summary              TEXT,
    summary_approved_by  TEXT,
    summary_approved_on  TEXT,
    secrecy              TEXT NOT NULL CHECK (secrecy IN ('confidential', 'secret', 'top_secret')),
    urgency              TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
    issuer               TEXT NOT NULL DEFAULT '',
    signer               TEXT NOT NULL DEFAULT '',
    handler              TEXT NOT NULL DEFAULT '',
    handler_signed_by    TEXT,
    handler_signed_at    TEXT,
    keeping_unit         TEXT NOT NULL DEFAULT '',
    copies               INTEGER CHECK (copies IS NULL OR copies > 0),
    sealed_for           TEXT,
    note                 TEXT NOT NULL DEFAULT '',
    protected_until      TEXT,
    status               TEXT NOT NULL DEFAULT 'active'
                         CHECK (status IN ('active', 'cancelled', 'declassified', 'destroyed')),
    cancel_reason        TEXT,
    created_by           TEXT NOT NULL,
    UNIQUE (register, year, number),
    CONSTRAINT top_secret_summary_needs_approval CHECK (
        secrecy <> 'top_secret' OR summary IS NULL
        OR (length(trim(coalesce(summary_approved_by, ''))) > 0 AND summary_approved_on IS NOT NULL)),
    CONSTRAINT sealed_envelope_has_no_summary CHECK (sealed_for IS NULL OR summary IS NULL),
    CONSTRAINT cancelled_has_reason CHECK (
        status <> 'cancelled' OR length(trim(coalesce(cancel_reason, ''))) > 0)
);
CREATE INDEX entries_protection ON entries(protected_until) WHERE status = 'active';

-- The same rule as the constraint, for a connection that turned CHECK constraints off
-- (PRAGMA ignore_check_constraints): triggers still run.
CREATE TRIGGER entries_top_secret_insert BEFORE INSERT ON entries
WHEN NEW.secrecy = 'top_secret' AND NEW.summary IS NOT NULL
     AND (length(trim(coalesce(NEW.summary_approved_by, ''))) = 0 OR NEW.summary_approved_on IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'Trích yếu của văn bản tuyệt mật chỉ được ghi khi có tên lãnh đạo đồng ý và ngày đồng ý.');
END;
CREATE TRIGGER entries_top_secret_update BEFORE UPDATE ON entries
WHEN NEW.secrecy = 'top_secret' AND NEW.summary IS NOT NULL
     AND (length(trim(coalesce(NEW.summary_approved_by, ''))) = 0 OR NEW.summary_approved_on IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'Trích yếu của văn bản tuyệt mật chỉ được ghi khi có tên lãnh đạo đồng ý và ngày đồng ý.');
END;
CREATE TRIGGER entries_numbers_fixed BEFORE UPDATE ON entries
WHEN NEW.id IS NOT OLD.id OR NEW.register IS NOT OLD.register OR NEW.year IS NOT OLD.year
     OR NEW.number IS NOT OLD.number OR NEW.registered_at IS NOT OLD.registered_at
     OR NEW.registered_on IS NOT OLD.registered_on OR NEW.created_by IS NOT OLD.created_by
BEGIN
    SELECT RAISE(ABORT, 'Số thứ tự, ngày vào sổ và người vào sổ không được sửa.');
END;

-- Nơi nhận of an outgoing entry, each with who signed for it and when.
CREATE TABLE recipients (
    id           TEXT PRIMARY KEY,
    entry_id     TEXT NOT NULL REFERENCES entries(id),
    position     INTEGER NOT NULL,
    recipient    TEXT NOT NULL CHECK (length(trim(recipient)) > 0),
    received_by  TEXT,
    received_at  TEXT,
    UNIQUE (entry_id, position)
);

-- Sổ chuyển giao: every hand-over between drafter, clerk, handler and keeper.
CREATE TABLE handovers (
    id          TEXT PRIMARY KEY,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL CHECK (number > 0),
    entry_id    TEXT REFERENCES entries(id),
    document    TEXT NOT NULL CHECK (length(trim(document)) > 0),
    secrecy     TEXT NOT NULL CHECK (secrecy IN ('confidential', 'secret', 'top_secret')),
    copies      INTEGER NOT NULL DEFAULT 1 CHECK (copies > 0),
    giver       TEXT NOT NULL CHECK (length(trim(giver)) > 0),
    receiver    TEXT NOT NULL CHECK (length(trim(receiver)) > 0),
    handed_at   TEXT NOT NULL,
    purpose     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    UNIQUE (year, number)
);

-- Sổ quản lý sao, chụp: every copy or photo made, and who authorised it.
CREATE TABLE copies (
    id             TEXT PRIMARY KEY,
    year           INTEGER NOT NULL,
    number         INTEGER NOT NULL CHECK (number > 0),
    entry_id       TEXT REFERENCES entries(id),
    document       TEXT NOT NULL CHECK (length(trim(document)) > 0),
    secrecy        TEXT NOT NULL CHECK (secrecy IN ('confidential', 'secret', 'top_secret')),
    method         TEXT NOT NULL CHECK (method IN ('copy', 'photo')),
    count          INTEGER NOT NULL CHECK (count > 0),
    authorized_by  TEXT NOT NULL CHECK (length(trim(authorized_by)) > 0),
    made_by        TEXT NOT NULL CHECK (length(trim(made_by)) > 0),
    made_at        TEXT NOT NULL,
    delivered_to   TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    UNIQUE (year, number)
);

-- Gia hạn, thay đổi độ mật, giải mật, tiêu hủy: each with its decision.
CREATE TABLE decisions (
    id               TEXT PRIMARY KEY,
    entry_id         TEXT NOT NULL REFERENCES entries(id),
    kind             TEXT NOT NULL CHECK (kind IN ('extend', 'change_level', 'declassify', 'destroy')),
    decision_number  TEXT NOT NULL CHECK (length(trim(decision_number)) > 0),
    decision_date    TEXT NOT NULL,
    new_secrecy      TEXT CHECK (new_secrecy IS NULL OR new_secrecy IN ('confidential', 'secret', 'top_secret')),
    new_until        TEXT,
    note             TEXT NOT NULL DEFAULT '',
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT NOT NULL,
    CHECK (kind <> 'extend' OR new_until IS NOT NULL),
    CHECK (kind <> 'change_level' OR new_secrecy IS NOT NULL)
);
CREATE INDEX decisions_entry ON decisions(entry_id);

-- Tasks from secret directives, kept only here, with the main app's lifecycle.
CREATE TABLE tasks (
    id                      TEXT PRIMARY KEY,
    entry_id                TEXT NOT NULL REFERENCES entries(id),
    task                    TEXT NOT NULL,
    lead_unit_name          TEXT NOT NULL,
    pending_submitted_at    TEXT,
    extension_requested_at  TEXT,
    last_progress_at        TEXT,
    extended_at             TEXT
);
CREATE INDEX tasks_entry ON tasks(entry_id);

CREATE TABLE task_events (
    id       INTEGER PRIMARY KEY,
    task_id  TEXT NOT NULL REFERENCES tasks(id),
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    late     INTEGER,
    payload  TEXT NOT NULL
);
CREATE INDEX task_events_task ON task_events(task_id, at);

-- The audit log, a hash chain: each entry's hash covers the previous one's, so an edited,
-- removed or inserted entry breaks the chain from there on. `detail` is the changed row as
-- it was written, so a row edited behind the store's back no longer matches its entry.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

-- Nothing is ever deleted, and the log is never edited.
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'Không được xóa dòng nào của sổ mật: hủy mục đó (giữ nguyên số) thay vì xóa.'); END;
CREATE TRIGGER recipients_no_delete BEFORE DELETE ON recipients
BEGIN SELECT RAISE(ABORT, 'Không được xóa nơi nhận đã vào sổ.'); END;
CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'Không được xóa dòng nào của sổ chuyển giao.'); END;
CREATE TRIGGER copies_no_delete BEFORE DELETE ON copies
BEGIN SELECT RAISE(ABORT, 'Không được xóa dòng nào của sổ quản lý sao, chụp.'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'Không được xóa quyết định đã ghi.'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'Không được sửa quyết định đã ghi.'); END;
CREATE TRIGGER handovers_no_update BEFORE UPDATE ON handovers
BEGIN SELECT RAISE(ABORT, 'Không được sửa dòng đã ghi của sổ chuyển giao.'); END;
CREATE TRIGGER copies_no_update BEFORE UPDATE ON copies
BEGIN SELECT RAISE(ABORT, 'Không được sửa dòng đã ghi của sổ quản lý sao, chụp.'); END;
CREATE TRIGGER tasks_no_delete BEFORE DELETE ON tasks
BEGIN SELECT RAISE(ABORT, 'Không được xóa nhiệm vụ mật; thu hồi/hủy thay vì xóa.'); END;
CREATE TRIGGER task_events_no_change BEFORE UPDATE ON task_events
BEGIN SELECT RAISE(ABORT, 'Không được sửa lịch sử nhiệm vụ.'); END;
CREATE TRIGGER task_events_no_delete BEFORE DELETE ON task_events
BEGIN SELECT RAISE(ABORT, 'Không được xóa lịch sử nhiệm vụ.'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'Nhật ký không được sửa.'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'Nhật ký không được xóa.'); END;
