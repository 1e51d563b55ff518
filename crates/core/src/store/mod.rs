//! The local store: one SQLite file per PC (WAL, embedded versioned migrations). Every write
//! runs in one transaction together with its audit entry.

mod attachments;
mod audit;
mod damaged;
mod detail;
mod document_register;
pub(crate) mod documents;
mod opening;
pub mod outbox;
pub mod profile;
pub mod query;
mod register;
mod replica;
mod settings;
pub(crate) mod tasks;
mod units;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, Transaction};

use crate::calendar::{CalendarOverride, OverrideKind, WorkCalendar};
use crate::error::{CoreError, Result};
use crate::lifecycle::Actor;

pub use attachments::MAX_ATTACHMENT_BYTES;
pub use audit::AuditEntry;
pub use damaged::{DamagedRecord, DamagedRecordRow};
pub use detail::{PendingExtension, TaskDetail};
pub use documents::NewDocument;
pub use outbox::{Mutation, OutboxCounts, OutboxEntry, OutboxState, SeenFields};
pub use profile::{NewOffice, Profile};
pub use replica::{ReplicaBatch, ReplicaDocument, ReplicaEvent, ReplicaTask};
pub use settings::Settings;
pub use tasks::{NewTask, TaskAction, ValidTask};

/// Marks a SQLite file as ours ("NVụ" in PRAGMA application_id).
pub const APPLICATION_ID: i32 = 0x4E56_7501;

/// Embedded migrations, in order. A file at version k has run the first k of them.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_base.sql"),
    include_str!("migrations/0002_search_settings_calendar.sql"),
    include_str!("migrations/0003_lateness_indexes.sql"),
    include_str!("migrations/0004_workflow_queues.sql"),
    include_str!("migrations/0005_status_cover.sql"),
    include_str!("migrations/0006_outbox.sql"),
    include_str!("migrations/0007_sync_damaged.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) files_dir: PathBuf,
    pub(crate) calendar: WorkCalendar,
    pub(crate) settings: Settings,
}

impl Store {
    /// Open (or create) the database at `path` and bring it to the current schema.
    /// Attachments are kept in `files/` next to it. A file that is not a Nhiệm Vụ database,
    /// is damaged, or comes from a newer version is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        check_file_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| opening::read_only_or(path, e.into()))?;
        Self::from_file(conn, path)
    }

    /// A throw-away database in memory (tests, benchmarks); files go to a temp dir.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let files_dir =
            std::env::temp_dir().join(format!("nhiemvu-files-{}", uuid::Uuid::now_v7()));
        Self::from_connection(conn, files_dir, ":memory:")
    }

    fn from_connection(mut conn: Connection, files_dir: PathBuf, name: &str) -> Result<Store> {
        let (app_id, version) = read_header(&conn, name)?;
        if version > SCHEMA_VERSION {
            return Err(CoreError::BadDatabase(format!(
                "Cơ sở dữ liệu \"{name}\" được tạo bởi phiên bản mới hơn của Nhiệm Vụ (lược đồ {version}, phiên bản này hiểu đến {SCHEMA_VERSION}). Vui lòng cập nhật phần mềm."
            )));
        }
        let has_tables: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| bad(name, e))?;
        if app_id != APPLICATION_ID && (app_id != 0 || has_tables) {
            return Err(CoreError::BadDatabase(format!(
                "Tệp \"{name}\" không phải là cơ sở dữ liệu của Nhiệm Vụ. Tệp được giữ nguyên; hãy chọn tệp khác."
            )));
        }
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -65536)?; // 64 MiB
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "mmap_size", 268_435_456)?;
        migrate(&mut conn, version)?;
        let settings = settings::load(&conn)?;
        let calendar = WorkCalendar::new(&load_overrides(&conn)?);
        Ok(Store {
            conn,
            files_dir,
            calendar,
            settings,
        })
    }

    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// Read the settings and the calendar again: another connection to the same file (the
    /// sync worker's) may have written the office's versions of them.
    pub fn reload_config(&mut self) -> Result<()> {
        self.settings = settings::load(&self.conn)?;
        self.calendar = WorkCalendar::new(&load_overrides(&self.conn)?);
        Ok(())
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The raw connection, for read-only inspection in tests and benchmarks.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn files_dir(&self) -> &Path {
        &self.files_dir
    }

    pub fn schema_version(&self) -> Result<i32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    pub fn task_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM tasks", [], |r| r.get::<_, i64>(0))? as u64)
    }

    pub fn document_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Run `f` in one IMMEDIATE transaction; commit only if it succeeds.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Replace the per-year table of extra days off and make-up working days.
    pub fn set_calendar_overrides(
        &mut self,
        actor: &Actor,
        overrides: &[CalendarOverride],
    ) -> Result<()> {
        let before = load_overrides(&self.conn)?;
        let overrides: Vec<CalendarOverride> = overrides
            .iter()
            .map(|o| {
                Ok(CalendarOverride {
                    note: crate::text::clean("note", "Ghi chú", &o.note, 500, false)?,
                    ..o.clone()
                })
            })
            .collect::<Result<_>>()?;
        self.write(|tx| {
            replace_overrides(tx, &overrides)?;
            outbox::append(
                tx,
                actor,
                Utc::now(),
                &outbox::Mutation::SetCalendar {
                    overrides: overrides.clone(),
                },
            )?;
            audit::record(
                tx,
                actor,
                "calendar",
                None,
                "set_overrides",
                Some(&before),
                Some(&overrides),
            )?;
            Ok(())
        })?;
        self.calendar = WorkCalendar::new(&overrides);
        Ok(())
    }

    pub fn calendar_overrides(&self) -> Result<Vec<CalendarOverride>> {
        load_overrides(&self.conn)
    }
}

/// Write `overrides` as the whole table of calendar exceptions.
pub(super) fn replace_overrides(tx: &Transaction, overrides: &[CalendarOverride]) -> Result<()> {
    tx.execute("DELETE FROM calendar_overrides", [])?;
    let mut ins =
        tx.prepare_cached("INSERT INTO calendar_overrides (date, kind, note) VALUES (?1, ?2, ?3)")?;
    for o in overrides {
        ins.execute((o.date.to_string(), kind_str(o.kind), &o.note))
            .map_err(|_| {
                CoreError::invalid(
                    "date",
                    format!(
                        "Ngày {} bị lặp lại trong bảng ngày nghỉ.",
                        o.date.format("%d/%m/%Y")
                    ),
                )
            })?;
    }
    Ok(())
}

fn kind_str(k: OverrideKind) -> &'static str {
    match k {
        OverrideKind::DayOff => "day_off",
        OverrideKind::WorkingDay => "working_day",
    }
}

fn load_overrides(conn: &Connection) -> Result<Vec<CalendarOverride>> {
    let mut st = conn.prepare("SELECT date, kind, note FROM calendar_overrides ORDER BY date")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (date, kind, note) = row?;
        let date = parse_date(&date)?;
        let kind = if kind == "working_day" {
            OverrideKind::WorkingDay
        } else {
            OverrideKind::DayOff
        };
        out.push(CalendarOverride { date, kind, note });
    }
    Ok(out)
}

/// Refuse, before SQLite touches it, a non-empty file that is not SQLite at all.
fn check_file_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let mut header = [0u8; 16];
    let n = f.read(&mut header)?;
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(CoreError::BadDatabase(format!(
            "Tệp \"{}\" không phải là cơ sở dữ liệu của Nhiệm Vụ hoặc đã bị hỏng. Tệp được giữ nguyên; hãy chọn tệp khác hoặc khôi phục từ bản sao lưu.",
            path.display()
        )));
    }
    Ok(())
}

fn bad(name: &str, e: rusqlite::Error) -> CoreError {
    // Not damage: `open` says the file is read-only.
    if opening::is_access_error(&e) {
        return e.into();
    }
    CoreError::BadDatabase(format!(
        "Không đọc được cơ sở dữ liệu \"{name}\": tệp bị hỏng hoặc không phải của Nhiệm Vụ ({e}). Tệp được giữ nguyên; hãy khôi phục từ bản sao lưu."
    ))
}

fn read_header(conn: &Connection, name: &str) -> Result<(i32, i32)> {
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| bad(name, e))?;
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| bad(name, e))?;
    Ok((app_id, version))
}

/// Apply the migrations after `from`, each in its own transaction with the version bump.
fn migrate(conn: &mut Connection, from: i32) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = i as i32 + 1;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        after_migration(&tx, version)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// Data that a migration seeds, and backfills of data written before it.
fn after_migration(tx: &Transaction, version: i32) -> Result<()> {
    if version == 2 {
        // Seed the year table with the decisions known at release (2026).
        for o in crate::calendar::seed_overrides() {
            tx.execute(
                "INSERT OR IGNORE INTO calendar_overrides (date, kind, note) VALUES (?1, ?2, ?3)",
                (o.date.to_string(), kind_str(o.kind), &o.note),
            )?;
        }
        // Index what version 1 stored.
        tasks::reindex_all(tx)?;
        documents::reindex_all(tx)?;
    }
    Ok(())
}

/// Apply only the first `version` migrations (tests of upgrades from older files).
#[doc(hidden)]
pub fn create_at_version(path: &Path, version: i32) -> Result<Connection> {
    let conn = Connection::open(path)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().take(version as usize) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", i as i32 + 1)?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(conn)
}

// ---- value conversions shared by the store modules ----

pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or_default()
}

pub(crate) fn opt_from_ms(v: Option<i64>) -> Option<DateTime<Utc>> {
    v.map(from_ms)
}

/// A stored 'YYYY-MM-DD' date. Read for every row of a register page or a statistics run,
/// so the fixed layout is parsed directly rather than through a format string.
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate> {
    let b = s.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        number(0, 4)
            .zip(number(5, 7))
            .zip(number(8, 10))
            .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y as i32, m, d))
    } else {
        None
    };
    date.ok_or_else(|| {
        CoreError::BadDatabase(format!("Ngày không hợp lệ trong cơ sở dữ liệu: {s}"))
    })
}

pub(crate) fn opt_date(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.map(|s| parse_date(&s)).transpose()
}

/// A date as stored, 'YYYY-MM-DD' (written for every row of a bulk load, so composed
/// directly rather than through a format string).
pub(crate) fn date_str(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year() as u32, d.month(), d.day());
    let b = [
        b'0' + (y / 1000 % 10) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (day / 10) as u8,
        b'0' + (day % 10) as u8,
    ];
    String::from_utf8(b.to_vec()).expect("ascii")
}

/// Unix milliseconds of an instant (as stored).
pub fn ms_of(t: DateTime<Utc>) -> i64 {
    ms(t)
}
