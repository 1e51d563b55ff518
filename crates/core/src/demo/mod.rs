//! Tỉnh mẫu: a synthetic but realistic province (units, people, directive documents and
//! their tasks with a full lifecycle as of a date) for demonstrations, manual testing and
//! benchmarks.
//!
//! * Deterministic: the same `DemoOptions` give byte-identical tables. Randomness comes from
//!   our own xoshiro256** ([`rng`]); ids are UUIDv7 built from the simulated instant and
//!   random bytes; nothing reads the wall clock.
//! * Written exactly as the store writes: the same columns and encodings, the timeline
//!   events with their `late` and `unit_id`, the search index (same folded text), versions.
//! * One transaction, one audit entry (entity "demo", action "generate"); a cancelled or
//!   failed generation leaves the database as it was.
//! * As fast as this schema allows: the rows are composed on a second thread while this one
//!   inserts them with prepared statements, under bulk settings that are put back
//!   afterwards ([`BulkPragmas`], a larger FTS5 hash), with the secondary indexes built
//!   after the load ([`drop_bulk_indexes`]). The insert thread is the limit: per task it
//!   writes about eight rows and two full-text rows with prefix indexes (`nhiemvu-bench
//!   core` reports the figure next to a bare-row baseline).

mod names;
mod rng;
mod topics;

use std::sync::mpsc;

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::calendar::WorkCalendar;
use crate::error::{CoreError, Result};
use crate::model::{
    full_number, Classification, DocumentKind, Extension, Issuer, Origin, ProgressUpdate,
    ResultOutcome, ResultReport, TaskEvent, UnitKind, Urgency, WorkflowState,
};
use crate::store::{
    date_str, documents::document_search_text, tasks::task_search_text, Settings, Store,
};
use crate::timeliness;
use names::Province;
use rng::{Rng, Weighted};
use topics::{Topic, TOPICS};

/// At most this many tasks (a province has 1,000–20,000 a year).
pub const MAX_TASKS: u64 = 5_000_000;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOptions {
    /// Same seed, same province.
    pub seed: u64,
    /// Number of tasks (exactly).
    pub tasks: u64,
    /// The data's "today": every fact happened on or before this date.
    pub end: NaiveDate,
    /// The documents are spread over this many years ending at `end`.
    pub years: u32,
}

impl DemoOptions {
    /// `tasks` tasks over 4 years up to today, seed 2026.
    pub fn new(tasks: u64) -> Self {
        DemoOptions {
            seed: 2026,
            tasks,
            end: timeliness::today_local(),
            years: 4,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DemoSummary {
    #[ts(type = "number")]
    pub units: u64,
    #[ts(type = "number")]
    pub people: u64,
    #[ts(type = "number")]
    pub documents: u64,
    #[ts(type = "number")]
    pub tasks: u64,
}

/// How often `progress` is called, in tasks.
const PROGRESS_EVERY: u64 = 1_000;

/// Fill an empty database with the demo province. `progress(done, total)` is called at the
/// start, about every 1,000 tasks and at the end; returning false cancels (nothing is
/// written, the result is `CoreError::Cancelled`).
pub fn generate(
    store: &mut Store,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<DemoSummary> {
    if opts.tasks == 0 || opts.tasks > MAX_TASKS {
        return Err(CoreError::invalid(
            "tasks",
            "Số nhiệm vụ của tỉnh mẫu phải từ 1 đến 5.000.000.",
        ));
    }
    if opts.years == 0 || opts.years > 30 {
        return Err(CoreError::invalid(
            "years",
            "Số năm của tỉnh mẫu phải từ 1 đến 30.",
        ));
    }
    if opts.end.year() < 2000 || opts.end.year() > 2090 {
        return Err(CoreError::invalid(
            "end",
            "Ngày kết thúc của tỉnh mẫu không hợp lệ.",
        ));
    }
    if store.unit_count()? > 0 {
        return Err(not_empty());
    }
    let settings = Settings {
        province_name: names::PROVINCE.into(),
        parent_body: format!("UBND TỈNH {}", names::PROVINCE.to_uppercase()),
        report_place: names::PROVINCE.into(),
        signer_authority: "KT. CHÁNH VĂN PHÒNG".into(),
        signer_title: "PHÓ CHÁNH VĂN PHÒNG".into(),
        signer_name: "Nguyễn Văn Minh".into(),
        ..store.settings.clone()
    };
    let Store { conn, calendar, .. } = store;
    let saved = BulkPragmas::apply(conn)?;
    let out = (|| -> Result<DemoSummary> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let summary = write_all(&tx, calendar, &settings, opts, progress)?;
        tx.commit()?;
        Ok(summary)
    })();
    let restored = saved.restore(conn);
    let summary = out?;
    restored?;
    store.settings = settings;
    Ok(summary)
}

/// Connection settings for the bulk insert, each put back afterwards (also after an error
/// or a cancellation). All of them are safe: the import stays one atomic, durable
/// transaction.
///
/// * A larger page cache (256 MiB at most; it only grows as pages are used).
/// * No foreign-key checks: every reference is to a row written just before, and the tests
///   check `PRAGMA foreign_key_check`.
/// * A rollback journal instead of the write-ahead log: a fresh database then gets its pages
///   written once, into the file, instead of into the log and again into the file at the
///   checkpoint (the log would also grow as large as the database).
struct BulkPragmas {
    cache_size: i64,
    foreign_keys: bool,
    journal_mode: Option<String>,
}

impl BulkPragmas {
    fn apply(conn: &rusqlite::Connection) -> Result<Self> {
        let cache_size: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        let foreign_keys: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
        let journal: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        let mut saved = BulkPragmas {
            cache_size,
            foreign_keys,
            journal_mode: None,
        };
        let set = conn
            .pragma_update(None, "cache_size", -262_144)
            .and_then(|_| conn.pragma_update(None, "foreign_keys", false));
        if let Err(e) = set {
            let _ = saved.restore(conn);
            return Err(e.into());
        }
        if journal.eq_ignore_ascii_case("wal") {
            // Refused (the mode stays WAL, which also works) when another connection has
            // the file open.
            let now = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            });
            if now.is_ok_and(|m| m.eq_ignore_ascii_case("delete")) {
                saved.journal_mode = Some(journal);
            }
        }
        Ok(saved)
    }

    fn restore(&self, conn: &rusqlite::Connection) -> Result<()> {
        if let Some(mode) = &self.journal_mode {
            // Best effort: should another connection have opened the file meanwhile, the
            // database stays in rollback-journal mode until the store next opens it (which
            // sets WAL again). The data is committed either way.
            let _ = conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| {
                r.get::<_, String>(0)
            });
        }
        conn.pragma_update(None, "foreign_keys", self.foreign_keys)?;
        conn.pragma_update(None, "cache_size", self.cache_size)?;
        Ok(())
    }
}

/// The FTS5 in-memory hash (bytes) during the import: fewer, larger segments to merge.
const BULK_FTS_HASH: i64 = 64 << 20;
/// FTS5's default, set back before the commit.
const DEFAULT_FTS_HASH: i64 = 1 << 20;

fn set_fts_hash(tx: &Transaction, bytes: i64) -> Result<()> {
    for table in ["task_fts", "document_fts"] {
        tx.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('hashsize', ?1)"),
            [bytes],
        )?;
    }
    Ok(())
}

/// The bulk-loaded tables are empty at the start (the generator refuses a database with
/// data), so their secondary indexes are dropped and built again after the load, inside the
/// same transaction: one sort per index instead of a million scattered inserts. Returns
/// the `CREATE INDEX` statements, as the schema wrote them, to run afterwards.
fn drop_bulk_indexes(tx: &Transaction) -> Result<Vec<String>> {
    let indexes: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
             AND tbl_name IN ('documents', 'tasks', 'task_coordinators', 'task_events')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

fn not_empty() -> CoreError {
    CoreError::invalid(
        "tasks",
        "Cơ sở dữ liệu đã có dữ liệu (đơn vị, cán bộ). Tỉnh mẫu chỉ được tạo trong một cơ sở dữ liệu trống: hãy tạo tệp mới.",
    )
}

// ---- time ------------------------------------------------------------------------------

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;
/// Asia/Ho_Chi_Minh is UTC+7 all year.
const VN: i64 = 7 * 3_600_000;
/// Days from 0001-01-01 (CE day 1) to 1970-01-01.
const EPOCH_CE: i32 = 719_163;

fn day_ms(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce() - EPOCH_CE) * DAY - VN
}

/// Local date of an instant (Unix ms).
fn local_date(ms: i64) -> NaiveDate {
    let days = (ms + VN).div_euclid(DAY);
    NaiveDate::from_num_days_from_ce_opt(days as i32 + EPOCH_CE).expect("date in range")
}

/// 'dd/mm/yyyy' as shown to users.
fn dmy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

fn id_at(rng: &mut Rng, ms: i64) -> Uuid {
    uuid::Builder::from_unix_timestamp_millis(ms.max(0) as u64, &rng.bytes10()).into_uuid()
}

// ---- the plan: how many documents, of which kind, with how many tasks ------------------

/// Kinds of provincial documents: kind, weight, weights of 1..=6 tasks.
const PROVINCIAL_KINDS: &[(DocumentKind, u32, [u32; 6])] = &[
    (DocumentKind::OfficialLetter, 40, [48, 32, 14, 6, 0, 0]),
    (DocumentKind::ConclusionNotice, 15, [0, 15, 30, 30, 15, 10]),
    (DocumentKind::Plan, 10, [5, 20, 30, 25, 12, 8]),
    (DocumentKind::Decision, 9, [35, 35, 20, 10, 0, 0]),
    (DocumentKind::TransmittalSlip, 6, [75, 25, 0, 0, 0, 0]),
    (DocumentKind::Directive, 4, [0, 20, 30, 25, 15, 10]),
    (DocumentKind::Telegram, 4, [20, 35, 30, 15, 0, 0]),
    (DocumentKind::Programme, 2, [0, 25, 35, 25, 15, 0]),
    (DocumentKind::Guidance, 2, [50, 35, 15, 0, 0, 0]),
    (DocumentKind::Project, 1, [0, 35, 35, 20, 10, 0]),
    (DocumentKind::Scheme, 1, [30, 40, 30, 0, 0, 0]),
    (DocumentKind::Statute, 1, [50, 35, 15, 0, 0, 0]),
    (DocumentKind::Regulation, 1, [50, 35, 15, 0, 0, 0]),
];

/// Kinds of Government / Prime Minister documents (QC42).
const GOVERNMENT_KINDS: &[(DocumentKind, u32, [u32; 6])] = &[
    (DocumentKind::OfficialLetter, 30, [45, 35, 15, 5, 0, 0]),
    (DocumentKind::Decision, 15, [30, 35, 25, 10, 0, 0]),
    (DocumentKind::Directive, 12, [0, 25, 30, 25, 12, 8]),
    (DocumentKind::Telegram, 15, [20, 35, 30, 15, 0, 0]),
    (DocumentKind::ConclusionNotice, 15, [0, 25, 30, 25, 12, 8]),
    (DocumentKind::Other, 13, [0, 30, 30, 25, 15, 0]),
];

/// Share of documents from the Government or the Prime Minister (QC42).
const QC42_SHARE: f64 = 0.15;

#[derive(Clone, Copy)]
struct DocPlan {
    qc42: bool,
    kind: u8,
    tasks: u8,
}

fn plan_documents(seed: u64, total: u64) -> Vec<DocPlan> {
    let mut rng = Rng::stream(seed, 1);
    let prov = Weighted::new(PROVINCIAL_KINDS.iter().map(|k| k.1));
    let gov = Weighted::new(GOVERNMENT_KINDS.iter().map(|k| k.1));
    let prov_n: Vec<Weighted> = PROVINCIAL_KINDS
        .iter()
        .map(|k| Weighted::new(k.2))
        .collect();
    let gov_n: Vec<Weighted> = GOVERNMENT_KINDS
        .iter()
        .map(|k| Weighted::new(k.2))
        .collect();
    let mut out = Vec::with_capacity((total / 2 + 1) as usize);
    let mut sum = 0u64;
    while sum < total {
        let qc42 = rng.chance(QC42_SHARE);
        let (kind, n) = if qc42 {
            let k = gov.draw(&mut rng);
            (k, gov_n[k].draw(&mut rng) as u64 + 1)
        } else {
            let k = prov.draw(&mut rng);
            (k, prov_n[k].draw(&mut rng) as u64 + 1)
        };
        let n = n.min(total - sum);
        sum += n;
        out.push(DocPlan {
            qc42,
            kind: kind as u8,
            tasks: n as u8,
        });
    }
    out
}

// ---- rows as they are written ----------------------------------------------------------

struct DocOut<'a> {
    id: Uuid,
    kind: DocumentKind,
    number: String,
    symbol: String,
    issued_on: NaiveDate,
    summary: String,
    signer_name: &'a str,
    signer_title: &'static str,
    issuer: Issuer,
    submitting_agency: Option<&'a str>,
    director: Option<&'a str>,
    drafter: Option<&'a str>,
    urgency: Urgency,
    origin: Origin,
    entered_at: i64,
    entered_by: Uuid,
    entered_unit: Uuid,
    entered_late: bool,
    fts: String,
    tasks: Vec<TaskOut<'a>>,
}

struct TaskOut<'a> {
    id: Uuid,
    description: String,
    follow_up: &'static str,
    lead: Uuid,
    officer: Uuid,
    direction_notes: String,
    original_deadline: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    extended_at: Option<i64>,
    must_report: bool,
    classification: Classification,
    state: WorkflowState,
    assigned_at: i64,
    accepted_at: Option<i64>,
    completed_submitted_at: Option<i64>,
    completed_reviewed_at: Option<i64>,
    pending_submitted_at: Option<i64>,
    cancelled_at: Option<i64>,
    rejection_count: i64,
    last_progress_at: Option<i64>,
    version: i64,
    coordinators: Vec<Uuid>,
    events: Vec<EventOut<'a>>,
    fts: String,
}

struct EventOut<'a> {
    at: i64,
    actor_id: Uuid,
    actor_name: &'a str,
    unit_id: Option<Uuid>,
    kind: &'static str,
    late: Option<bool>,
    payload: String,
}

// ---- writing ---------------------------------------------------------------------------

fn write_all(
    tx: &Transaction,
    cal: &WorkCalendar,
    settings: &Settings,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<DemoSummary> {
    let units: i64 = tx.query_row("SELECT count(*) FROM units", [], |r| r.get(0))?;
    if units > 0 {
        return Err(not_empty());
    }
    let total = opts.tasks;
    if !progress(0, total) {
        return Err(CoreError::Cancelled);
    }
    let plan = plan_documents(opts.seed, total);
    let end = opts.end;
    let start = end
        .checked_sub_months(Months::new(12 * opts.years))
        .and_then(|d| d.succ_opt())
        .expect("start in range");
    let mut workdays: Vec<NaiveDate> = start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| cal.is_working_day(*d))
        .collect();
    if workdays.is_empty() {
        workdays.push(end);
    }
    let mut rng = Rng::stream(opts.seed, 2);
    let created = day_ms(start - chrono::Days::new(30)) + 7 * 60 * MINUTE;
    let province = names::province(&mut rng, created, id_at);
    let gov = GovernmentSigners::new(&mut rng);

    // Units, people and the province name.
    {
        let mut ins = tx.prepare("INSERT INTO units (id, parent_id, name, kind, sort_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for u in &province.units {
            let parent = u.parent.map(|p| province.units[p].id);
            ins.execute(params![
                u.id,
                parent,
                u.name,
                u.kind.as_str(),
                crate::text::sort_key(&u.name),
                u.id.get_timestamp().map(ms_of_ts)
            ])?;
        }
        let mut ins = tx.prepare(
            "INSERT INTO people (id, full_name, unit_id, role, title, sort_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for p in &province.people {
            ins.execute(params![
                p.id,
                p.full_name,
                province.units[p.unit].id,
                p.role.as_str(),
                p.title,
                crate::text::person_sort_key(&p.full_name),
                p.id.get_timestamp().map(ms_of_ts)
            ])?;
        }
        let json = serde_json::to_string(settings).expect("settings serialise");
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('settings', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [&json],
        )?;
        crate::store::profile::mark_demo(tx)?;
    }

    let summary = DemoSummary {
        units: province.units.len() as u64,
        people: province.people.len() as u64,
        documents: plan.len() as u64,
        tasks: total,
    };
    let mut max_ms = created;
    set_fts_hash(tx, BULK_FTS_HASH)?;
    let deferred = drop_bulk_indexes(tx)?;
    let result = std::thread::scope(|scope| -> Result<()> {
        let (send, recv) = mpsc::sync_channel::<Vec<DocOut>>(32);
        let province = &province;
        let gov = &gov;
        let plan = &plan;
        let workdays = &workdays;
        scope.spawn(move || {
            let mut g = Gen::new(province, gov, cal, rng, opts, plan.len());
            let mut batch = Vec::with_capacity(64);
            for (i, p) in plan.iter().enumerate() {
                let day =
                    workdays[(i as u128 * workdays.len() as u128 / plan.len() as u128) as usize];
                batch.push(g.document(*p, day, *workdays.last().expect("non-empty")));
                if batch.len() == 64
                    && send
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(64)))
                        .is_err()
                {
                    return;
                }
            }
            if !batch.is_empty() {
                let _ = send.send(batch);
            }
        });
        let mut w = Writer::new(tx)?;
        let mut done = 0u64;
        let mut next_report = PROGRESS_EVERY;
        for batch in recv {
            for doc in batch {
                max_ms = max_ms.max(w.document(&doc)?);
                done += doc.tasks.len() as u64;
                if done >= next_report && done < total {
                    if !progress(done, total) {
                        return Err(CoreError::Cancelled);
                    }
                    next_report = (done / PROGRESS_EVERY + 1) * PROGRESS_EVERY;
                }
            }
        }
        if done != total {
            return Err(CoreError::Io(std::io::Error::other(
                "demo generator stopped early",
            )));
        }
        Ok(())
    });
    result?;
    for sql in deferred {
        tx.execute_batch(&sql)?;
    }
    set_fts_hash(tx, DEFAULT_FTS_HASH)?;
    // Merge the search index into one segment: a bulk load leaves many, and every search
    // would otherwise merge their lists (a few seconds per million tasks; searches on big
    // match sets get about a fifth faster).
    for table in ["task_fts", "document_fts"] {
        tx.execute(
            &format!("INSERT INTO {table} ({table}) VALUES ('optimize')"),
            [],
        )?;
    }

    // One audit entry for the whole import, stamped just after the last generated fact.
    let after = serde_json::to_string(&summary).expect("summary serialises");
    tx.execute(
        "INSERT INTO audit (at, actor_id, actor_name, entity, entity_id, action, before, after)
         VALUES (?1, NULL, ?2, 'demo', NULL, 'generate', NULL, ?3)",
        params![
            max_ms + MINUTE,
            crate::lifecycle::Actor::system().name,
            after
        ],
    )?;
    if !progress(total, total) {
        return Err(CoreError::Cancelled);
    }
    Ok(summary)
}

fn ms_of_ts(ts: uuid::Timestamp) -> i64 {
    let (s, n) = ts.to_unix();
    s as i64 * 1000 + i64::from(n / 1_000_000)
}

struct Writer<'t> {
    doc: rusqlite::Statement<'t>,
    doc_fts: rusqlite::Statement<'t>,
    task: rusqlite::Statement<'t>,
    task_fts: rusqlite::Statement<'t>,
    coord: rusqlite::Statement<'t>,
    event: rusqlite::Statement<'t>,
    conn: &'t rusqlite::Connection,
}

impl<'t> Writer<'t> {
    fn new(tx: &'t rusqlite::Connection) -> Result<Self> {
        Ok(Writer {
            doc: tx.prepare(
                "INSERT INTO documents (id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer,
                    submitting_agency, director, drafter, urgency, origin, entered_at, entered_by, entered_unit_id, entered_late)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )?,
            doc_fts: tx.prepare("INSERT INTO document_fts (rowid, body) VALUES (?1, ?2)")?,
            task: tx.prepare(
                "INSERT INTO tasks (id, document_id, description, follow_up_content, lead_unit_id, follow_up_officer_id, director,
                    direction_notes, original_deadline, deadline, extended_at, must_report, origin, classification, state,
                    assigned_at, assigned_on, accepted_at, accepted_on, completed_submitted_at, completed_on, completed_reviewed_at,
                    pending_submitted_at, pending_on, cancelled_at, cancelled_on, rejection_count, last_progress_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,
                    ?24, ?25, ?26, ?27, ?28, ?29)",
            )?,
            task_fts: tx.prepare("INSERT INTO task_fts (rowid, body) VALUES (?1, ?2)")?,
            coord: tx.prepare("INSERT INTO task_coordinators (task_id, unit_id) VALUES (?1, ?2)")?,
            event: tx.prepare(
                "INSERT INTO task_events (task_id, at, actor_id, actor_name, unit_id, kind, late, payload)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            conn: tx,
        })
    }

    /// Insert a document with its tasks; returns the latest instant written.
    fn document(&mut self, d: &DocOut) -> Result<i64> {
        self.doc.execute(params![
            d.id,
            d.kind.as_str(),
            d.number,
            d.symbol,
            date_str(d.issued_on),
            d.summary,
            d.signer_name,
            d.signer_title,
            d.issuer.as_str(),
            d.submitting_agency,
            d.director,
            d.drafter,
            d.urgency.as_str(),
            d.origin.as_str(),
            d.entered_at,
            d.entered_by,
            d.entered_unit,
            d.entered_late,
        ])?;
        self.doc_fts
            .execute(params![self.conn.last_insert_rowid(), d.fts])?;
        let mut latest = d.entered_at;
        let on = |t: Option<i64>| t.map(|t| date_str(local_date(t)));
        for t in &d.tasks {
            self.task.execute(params![
                t.id,
                d.id,
                t.description,
                t.follow_up,
                t.lead,
                t.officer,
                d.director,
                t.direction_notes,
                t.original_deadline.map(date_str),
                t.deadline.map(date_str),
                t.extended_at,
                t.must_report,
                d.origin.as_str(),
                t.classification.as_str(),
                t.state.as_str(),
                t.assigned_at,
                date_str(local_date(t.assigned_at)),
                t.accepted_at,
                on(t.accepted_at),
                t.completed_submitted_at,
                on(t.completed_submitted_at),
                t.completed_reviewed_at,
                t.pending_submitted_at,
                on(t.pending_submitted_at),
                t.cancelled_at,
                on(t.cancelled_at),
                t.rejection_count,
                t.last_progress_at,
                t.version,
            ])?;
            self.task_fts
                .execute(params![self.conn.last_insert_rowid(), t.fts])?;
            for u in &t.coordinators {
                self.coord.execute(params![t.id, u])?;
            }
            for e in &t.events {
                self.event.execute(params![
                    t.id,
                    e.at,
                    e.actor_id,
                    e.actor_name,
                    e.unit_id,
                    e.kind,
                    e.late,
                    e.payload
                ])?;
                latest = latest.max(e.at);
            }
        }
        Ok(latest)
    }
}

// ---- composing the province's documents and tasks --------------------------------------

/// Signers of Government documents (fictional names).
struct GovernmentSigners {
    prime_minister: String,
    deputies: Vec<String>,
    office: Vec<String>,
}

impl GovernmentSigners {
    fn new(rng: &mut Rng) -> Self {
        let n = names::NameGen::new();
        GovernmentSigners {
            prime_minister: n.full_name(rng),
            deputies: (0..3).map(|_| n.full_name(rng)).collect(),
            office: (0..2).map(|_| n.full_name(rng)).collect(),
        }
    }
}

/// Yearly numbering of one series of documents ("…/UBND-KT", "…/QĐ-UBND" …).
#[derive(Clone, Copy)]
struct Series {
    year: i32,
    last: u32,
    /// Mean gap between the numbers we see (the office registers only the documents that
    /// assign tasks, out of all the province issues).
    gap: u32,
}

impl Series {
    fn next(&mut self, rng: &mut Rng, year: i32) -> u32 {
        if year != self.year {
            self.year = year;
            self.last = 0;
        }
        self.last += if self.gap <= 1 {
            1
        } else {
            1 + rng.below(u64::from(2 * self.gap - 1)) as u32
        };
        self.last
    }
}

/// Series keys.
const S_CV: usize = 0; // công văn UBND tỉnh
const S_QD: usize = 1;
const S_QPPL: usize = 2;
const S_TB: usize = 3;
const S_TB_VP: usize = 4;
const S_KH: usize = 5;
const S_PC: usize = 6;
/// Government series: + index in GOVERNMENT_KINDS.
const S_GOV: usize = 7;
/// Small provincial series: + index in MISC_KINDS.
const S_MISC: usize = S_GOV + 6;
const MISC_KINDS: [(DocumentKind, &str); 8] = [
    (DocumentKind::Directive, "CT-UBND"),
    (DocumentKind::Telegram, "CĐ-UBND"),
    (DocumentKind::Programme, "CTr-UBND"),
    (DocumentKind::Guidance, "HD-UBND"),
    (DocumentKind::Project, "ĐA-UBND"),
    (DocumentKind::Scheme, "PA-UBND"),
    (DocumentKind::Statute, "QC-UBND"),
    (DocumentKind::Regulation, "QyĐ-UBND"),
];
const SERIES: usize = S_MISC + MISC_KINDS.len();

/// Realistic yearly totals of each series, for the numbering gaps.
fn realistic_per_year(series: usize) -> u32 {
    match series {
        S_CV => 7_000,
        S_QD => 3_000,
        S_QPPL => 60,
        S_TB => 500,
        S_TB_VP => 600,
        S_KH => 350,
        S_PC => 800,
        s if (S_GOV..S_GOV + 6).contains(&s) => [1_500, 1_800, 40, 150, 600, 300][s - S_GOV],
        _ => 40,
    }
}

struct Gen<'a> {
    p: &'a Province,
    gov: &'a GovernmentSigners,
    cal: &'a WorkCalendar,
    rng: Rng,
    end_ms: i64,
    topics: Weighted,
    /// Per topic: units that usually lead it.
    topic_leads: Vec<Vec<usize>>,
    series: [Series; SERIES],
    deadline_days: Weighted,
}

const DEADLINE_DAYS: [(u32, u32); 9] = [
    (5, 6),
    (7, 12),
    (10, 16),
    (15, 18),
    (20, 10),
    (30, 20),
    (45, 8),
    (60, 6),
    (90, 4),
];

impl<'a> Gen<'a> {
    fn new(
        p: &'a Province,
        gov: &'a GovernmentSigners,
        cal: &'a WorkCalendar,
        rng: Rng,
        opts: &DemoOptions,
        documents: usize,
    ) -> Self {
        let topic_leads = TOPICS
            .iter()
            .map(|t| t.leads.iter().filter_map(|a| p.unit_by_abbr(a)).collect())
            .collect();
        // Expected documents of each series per year, to space the numbers realistically.
        let per_year = documents as f64 / f64::from(opts.years);
        let share = |s: usize| -> f64 {
            let prov_w: u32 = PROVINCIAL_KINDS.iter().map(|k| k.1).sum();
            let pw = |k: DocumentKind| {
                PROVINCIAL_KINDS
                    .iter()
                    .find(|x| x.0 == k)
                    .map(|x| f64::from(x.1) / f64::from(prov_w))
                    .unwrap_or(0.0)
            };
            let p = 1.0 - QC42_SHARE;
            match s {
                S_CV => p * pw(DocumentKind::OfficialLetter),
                S_QD => p * pw(DocumentKind::Decision) * 0.85,
                S_QPPL => p * pw(DocumentKind::Decision) * 0.15,
                S_TB => p * pw(DocumentKind::ConclusionNotice) * 0.6,
                S_TB_VP => p * pw(DocumentKind::ConclusionNotice) * 0.4,
                S_KH => p * pw(DocumentKind::Plan),
                S_PC => p * pw(DocumentKind::TransmittalSlip),
                s if (S_GOV..S_GOV + 6).contains(&s) => {
                    let gw: u32 = GOVERNMENT_KINDS.iter().map(|k| k.1).sum();
                    QC42_SHARE * f64::from(GOVERNMENT_KINDS[s - S_GOV].1) / f64::from(gw)
                }
                s => p * pw(MISC_KINDS[s - S_MISC].0),
            }
        };
        let mut series = [Series {
            year: 0,
            last: 0,
            gap: 1,
        }; SERIES];
        for (s, x) in series.iter_mut().enumerate() {
            let expected = (per_year * share(s)).max(1.0);
            x.gap = ((f64::from(realistic_per_year(s)) / expected).round() as u32).max(1);
        }
        Gen {
            p,
            gov,
            cal,
            rng,
            end_ms: day_ms(opts.end) + DAY - 1,
            topics: Weighted::new(TOPICS.iter().map(|t| t.weight)),
            topic_leads,
            series,
            deadline_days: Weighted::new(DEADLINE_DAYS.iter().map(|d| d.1)),
        }
    }

    fn person(&self, i: usize) -> (Uuid, &'a str) {
        (self.p.people[i].id, self.p.people[i].full_name.as_str())
    }

    /// A random instant during office hours (7:30–17:00) of a local date.
    fn work_time(&mut self, d: NaiveDate) -> i64 {
        day_ms(d) + (7 * 60 + 30 + self.rng.range(0, 570)) * MINUTE + self.rng.range(0, 59_999)
    }

    /// An instant on `d` after `prev` (a little after `prev` when `d` is its day or earlier).
    fn time_after(&mut self, prev: i64, d: NaiveDate) -> i64 {
        let t = self.work_time(d);
        if t > prev {
            t
        } else {
            prev + self.rng.range(1, 90) * MINUTE + self.rng.range(0, 59_999)
        }
    }

    fn wd_after(&self, d: NaiveDate, n: i64) -> NaiveDate {
        self.cal.add_working_days(d, n.max(0) as u32)
    }

    /// The working day `n` working days before `d` (d itself when n = 0).
    fn wd_before(&self, d: NaiveDate, n: i64) -> NaiveDate {
        let mut cur = d;
        let mut left = n;
        while left > 0 {
            cur = cur.pred_opt().expect("date in range");
            if self.cal.is_working_day(cur) {
                left -= 1;
            }
        }
        cur
    }

    fn commune(&mut self) -> usize {
        *self.rng.pick(&self.p.communes)
    }

    /// "xã Hải Lăng" (as written inside a sentence).
    fn place_name(&self, unit: usize) -> String {
        let n = &self.p.units[unit].name;
        if let Some(rest) = n.strip_prefix("Xã ") {
            format!("xã {rest}")
        } else if let Some(rest) = n.strip_prefix("Phường ") {
            format!("phường {rest}")
        } else {
            n.clone()
        }
    }

    fn fill(&mut self, template: &str, ctx: &Ctx) -> String {
        let mut out = String::with_capacity(template.len() + 48);
        let mut rest = template;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let Some(j) = rest[i..].find('}') else { break };
            let key = &rest[i + 1..i + j];
            match key {
                "place" => out.push_str(&ctx.place),
                "year" => out.push_str(&ctx.year.to_string()),
                "next" => out.push_str(&(ctx.year + 1).to_string()),
                "prev" => out.push_str(&(ctx.year - 1).to_string()),
                "month" => out.push_str(&ctx.month.to_string()),
                "project" => out.push_str(ctx.project),
                "unit" => out.push_str(&ctx.unit),
                "n" => out.push_str(&self.rng.range(2, 9).to_string()),
                _ => {}
            }
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        out
    }

    fn document(
        &mut self,
        plan: DocPlan,
        issued_on: NaiveDate,
        last_workday: NaiveDate,
    ) -> DocOut<'a> {
        let p = self.p;
        let topic_i = self.topics.draw(&mut self.rng);
        let topic: &'static Topic = &TOPICS[topic_i];
        let (kind, _, _) = if plan.qc42 {
            GOVERNMENT_KINDS[plan.kind as usize]
        } else {
            PROVINCIAL_KINDS[plan.kind as usize]
        };
        let year = issued_on.year();
        let vice = p.vice_chairmen[topic.domain % p.vice_chairmen.len()];
        let place_unit = self.commune();
        let some_unit = match self.topic_leads[topic_i].as_slice() {
            [] => p.departments[0],
            l => *self.rng.pick(l),
        };
        let project = *self.rng.pick(topics::PROJECTS);
        let ctx = Ctx {
            place: if plan.qc42 {
                "các tỉnh miền Trung".into()
            } else {
                self.place_name(place_unit)
            },
            year,
            month: issued_on.month(),
            project,
            unit: p.units[some_unit].name.clone(),
        };
        let tpl = *self.rng.pick(topic.phrases);
        let phrase = self.fill(tpl, &ctx);
        let div_code = names::OFFICE_DIVISIONS[topic.division].1;

        // Issuer, signer, ký hiệu and trích yếu.
        let urgency_w: [u32; 4] = if kind == DocumentKind::Telegram {
            [10, 35, 20, 35]
        } else {
            [86, 10, 2, 2]
        };
        let urgency = [
            Urgency::Normal,
            Urgency::Urgent,
            Urgency::VeryUrgent,
            Urgency::Flash,
        ][self.rng.weighted(&urgency_w)];
        let chairman = self.person(p.chairman).1;
        let vice_name = self.person(vice).1;
        let (issuer, series, symbol, signer_name, signer_title, summary): (
            Issuer,
            usize,
            String,
            &'a str,
            &'static str,
            String,
        );
        if plan.qc42 {
            let deputy = self.rng.chance(0.6);
            let gov: &'a GovernmentSigners = self.gov;
            let pm_name: &'a str = if deputy {
                self.rng.pick(&gov.deputies).as_str()
            } else {
                &gov.prime_minister
            };
            let pm_title = if deputy {
                "Phó Thủ tướng Chính phủ"
            } else {
                "Thủ tướng Chính phủ"
            };
            series = S_GOV + plan.kind as usize;
            match kind {
                DocumentKind::Other => {
                    issuer = Issuer::Government;
                    symbol = "NQ-CP".into();
                    signer_name = pm_name;
                    signer_title = pm_title;
                    summary = format!("Nghị quyết về {phrase}");
                }
                DocumentKind::ConclusionNotice => {
                    issuer = Issuer::PrimeMinister;
                    symbol = "TB-VPCP".into();
                    signer_name = self.rng.pick(&gov.office).as_str();
                    signer_title = "Phó Chủ nhiệm Văn phòng Chính phủ";
                    summary = format!("Kết luận của {pm_title} {pm_name} tại cuộc họp về {phrase}");
                }
                DocumentKind::OfficialLetter => {
                    issuer = Issuer::PrimeMinister;
                    let code =
                        ["KTTH", "NN", "CN", "KGVX", "QHĐP", "V.I"][self.rng.below(6) as usize];
                    symbol = if self.rng.chance(0.5) {
                        format!("TTg-{code}")
                    } else {
                        format!("VPCP-{code}")
                    };
                    signer_name = pm_name;
                    signer_title = pm_title;
                    summary = format!("V/v {phrase}");
                }
                _ => {
                    issuer = Issuer::PrimeMinister;
                    symbol = match kind {
                        DocumentKind::Decision => "QĐ-TTg",
                        DocumentKind::Directive => "CT-TTg",
                        _ => "CĐ-TTg",
                    }
                    .into();
                    signer_name = pm_name;
                    signer_title = pm_title;
                    summary = match kind {
                        DocumentKind::Decision => {
                            format!("Về việc phê duyệt Chương trình {phrase}")
                        }
                        DocumentKind::Directive => format!("Về {phrase}"),
                        _ => format!("Về việc {phrase}"),
                    };
                }
            }
        } else {
            let by_chairman = self.rng.chance(0.25);
            let (leader_name, leader_title) = if by_chairman {
                (chairman, "Chủ tịch UBND tỉnh")
            } else {
                (vice_name, "Phó Chủ tịch UBND tỉnh")
            };
            let misc = |k: DocumentKind| {
                MISC_KINDS
                    .iter()
                    .position(|m| m.0 == k)
                    .unwrap_or(MISC_KINDS.len() - 1)
            };
            let (i, s, sym, sum): (Issuer, usize, String, String) = match kind {
                DocumentKind::OfficialLetter => (
                    Issuer::ProvincialCommittee,
                    S_CV,
                    format!("UBND-{div_code}"),
                    format!("V/v {phrase}"),
                ),
                DocumentKind::ConclusionNotice => {
                    let meeting_t = *self.rng.pick(topics::MEETINGS);
                    let meeting = self.fill(meeting_t, &ctx);
                    let text = format!(
                        "Kết luận của {leader_title} {leader_name} tại {meeting} về {phrase}"
                    );
                    if self.rng.chance(0.6) {
                        (
                            if by_chairman {
                                Issuer::Chairman
                            } else {
                                Issuer::ViceChairman
                            },
                            S_TB,
                            "TB-UBND".into(),
                            text,
                        )
                    } else {
                        (Issuer::CommitteeOffice, S_TB_VP, "TB-VP".into(), text)
                    }
                }
                DocumentKind::Plan => (
                    Issuer::ProvincialCommittee,
                    S_KH,
                    "KH-UBND".into(),
                    format!("Thực hiện {phrase}"),
                ),
                DocumentKind::Decision => {
                    let text = format!("Về việc ban hành Kế hoạch {phrase}");
                    if self.rng.chance(0.15) {
                        (
                            Issuer::ProvincialCommittee,
                            S_QPPL,
                            format!("{year}/QĐ-UBND"),
                            text,
                        )
                    } else {
                        (Issuer::ProvincialCommittee, S_QD, "QĐ-UBND".into(), text)
                    }
                }
                DocumentKind::TransmittalSlip => (
                    Issuer::CommitteeOffice,
                    S_PC,
                    "PC-VP".into(),
                    format!("Về việc {phrase}"),
                ),
                k => {
                    let m = misc(k);
                    let text = match k {
                        DocumentKind::Directive => format!("Về {phrase}"),
                        DocumentKind::Programme => format!("Chương trình {phrase}"),
                        DocumentKind::Guidance => format!("Hướng dẫn {phrase}"),
                        DocumentKind::Project => format!("Đề án {phrase}"),
                        DocumentKind::Scheme => format!("Phương án {phrase}"),
                        DocumentKind::Statute => format!("Quy chế phối hợp {phrase}"),
                        DocumentKind::Regulation => format!("Quy định về {phrase}"),
                        _ => format!("Về việc {phrase}"),
                    };
                    let issuer = if k == DocumentKind::Telegram {
                        Issuer::Chairman
                    } else {
                        Issuer::ProvincialCommittee
                    };
                    (issuer, S_MISC + m, MISC_KINDS[m].1.into(), text)
                }
            };
            issuer = i;
            series = s;
            symbol = sym;
            summary = sum;
            match issuer {
                Issuer::CommitteeOffice => {
                    let chief = *self.rng.pick(&p.office_chiefs);
                    signer_name = self.person(chief).1;
                    signer_title = if chief == p.office_chiefs[0] {
                        "Chánh Văn phòng UBND tỉnh"
                    } else {
                        "Phó Chánh Văn phòng UBND tỉnh"
                    };
                }
                Issuer::Chairman => {
                    signer_name = chairman;
                    signer_title = "Chủ tịch UBND tỉnh";
                }
                _ => {
                    signer_name = leader_name;
                    signer_title = leader_title;
                }
            }
        }
        let number = self.series[series].next(&mut self.rng, year).to_string();
        let doc_number = full_number(&number, &symbol);

        // Entered by a follow-up officer of the topic's division, 0–3 working days after.
        let officers = &p.officers[topic.division.min(p.officers.len() - 1)];
        let entry_officer = *self.rng.pick(officers);
        let delay = if urgency == Urgency::Flash {
            if self.rng.chance(0.92) {
                0
            } else {
                1
            }
        } else {
            [0, 1, 2, 3, 4, 6][self.rng.weighted(&[40, 34, 17, 6, 2, 1])]
        };
        let entry_day = self
            .wd_after(issued_on, delay)
            .min(last_workday)
            .max(issued_on);
        let entered_at = self.work_time(entry_day).min(self.end_ms);
        let entered_late = timeliness::is_document_entry_late(
            self.cal,
            issued_on,
            urgency,
            crate::store::from_ms(entered_at),
        );
        let doc_id = id_at(&mut self.rng, entered_at);
        let director = self.rng.chance(0.85).then(|| self.person(vice).1);
        let drafter = self.rng.chance(0.7).then(|| self.person(entry_officer).1);
        let submitting_agency = (!plan.qc42
            && !matches!(
                kind,
                DocumentKind::OfficialLetter
                    | DocumentKind::ConclusionNotice
                    | DocumentKind::TransmittalSlip
            )
            && self.rng.chance(0.8))
        .then(|| p.units[some_unit].name.as_str());
        let origin = issuer.default_origin();
        let fts = document_search_text(&number, &symbol, &summary, signer_name, kind);

        let mut doc = DocOut {
            id: doc_id,
            kind,
            number,
            symbol,
            issued_on,
            summary,
            signer_name,
            signer_title,
            issuer,
            submitting_agency,
            director,
            drafter,
            urgency,
            origin,
            entered_at,
            entered_by: p.people[entry_officer].id,
            entered_unit: p.units[p.people[entry_officer].unit].id,
            entered_late,
            fts,
            tasks: Vec::with_capacity(plan.tasks as usize),
        };
        let urgent = matches!(urgency, Urgency::Flash | Urgency::VeryUrgent)
            || kind == DocumentKind::Telegram;
        for _ in 0..plan.tasks {
            let t = self.task(topic_i, &doc, &doc_number, urgent, &ctx, vice);
            doc.tasks.push(t);
        }
        doc
    }

    fn lead_unit(&mut self, topic_i: usize) -> usize {
        let topic = &TOPICS[topic_i];
        let r = self.rng.below(100) as u32;
        if r < topic.commune_share {
            return self.commune();
        }
        if self.rng.chance(0.75) && !self.topic_leads[topic_i].is_empty() {
            return *self.rng.pick(&self.topic_leads[topic_i]);
        }
        if self.rng.chance(0.7) {
            *self.rng.pick(&self.p.departments)
        } else {
            *self.rng.pick(&self.p.agencies)
        }
    }

    fn task(
        &mut self,
        topic_i: usize,
        doc: &DocOut<'a>,
        doc_number: &str,
        urgent: bool,
        ctx: &Ctx,
        vice: usize,
    ) -> TaskOut<'a> {
        let p = self.p;
        let topic = &TOPICS[topic_i];
        let lead = self.lead_unit(topic_i);
        let mut coords: Vec<usize> = Vec::new();
        let n_coords = self.rng.weighted(&[40, 30, 20, 10]);
        let mut guard = 0;
        while coords.len() < n_coords && guard < 20 {
            guard += 1;
            let u = match self.rng.below(4) {
                0 => self.commune(),
                1 if !self.topic_leads[topic_i].is_empty() => {
                    *self.rng.pick(&self.topic_leads[topic_i])
                }
                2 => p.departments[0],
                _ => *self.rng.pick(&p.departments),
            };
            if u != lead && !coords.contains(&u) {
                coords.push(u);
            }
        }
        let officers = &p.officers[topic.division.min(p.officers.len() - 1)];
        let officer = *self.rng.pick(officers);

        // Deadline and class.
        let has_deadline = self.rng.chance(0.8);
        let deadline = has_deadline.then(|| {
            let days = if urgent {
                [3, 5, 7, 10][self.rng.below(4) as usize].max(5)
            } else {
                DEADLINE_DAYS[self.deadline_days.draw(&mut self.rng)].0
            };
            self.cal.deadline_after_days(doc.issued_on, days)
        });
        let must_report = self.rng.chance(if has_deadline { 0.6 } else { 0.5 });
        let classification = Classification::of(has_deadline, must_report);

        // Mô tả: the topic's task with a place, and what to report by when.
        let place_unit = if p.units[lead].kind == UnitKind::Commune {
            lead
        } else {
            self.commune()
        };
        let tctx = Ctx {
            place: self.place_name(place_unit),
            ..ctx.clone()
        };
        let tpl = *self.rng.pick(topic.tasks);
        let mut description = self.fill(tpl, &tctx);
        match (deadline, must_report) {
            (Some(d), true) => {
                description.push_str("; báo cáo kết quả về UBND tỉnh trước ngày ");
                description.push_str(&dmy(d));
            }
            (Some(d), false) => {
                description.push_str(", hoàn thành trước ngày ");
                description.push_str(&dmy(d));
            }
            (None, true) => description.push_str("; định kỳ báo cáo UBND tỉnh kết quả thực hiện"),
            (None, false) => {}
        }
        description.push('.');
        let follow_up = *self.rng.pick(topics::FOLLOW_UPS);
        let direction_notes = if self.rng.chance(0.2) {
            format!(
                "Giao đồng chí {}, Phó Chủ tịch UBND tỉnh trực tiếp chỉ đạo.",
                self.person(vice).1
            )
        } else {
            String::new()
        };

        let assigned_at = doc.entered_at;
        let id = id_at(&mut self.rng, assigned_at);
        let (officer_id, officer_name) = self.person(officer);
        let mut sim = Sim::new(self.end_ms, (officer_id, officer_name), lead, deadline);
        sim.push(
            assigned_at,
            officer_id,
            officer_name,
            Some(p.units[lead].id),
            None,
            TaskEvent::Assigned {
                lead_unit_id: p.units[lead].id,
            },
        );
        self.lifecycle(
            &mut sim,
            topic,
            officer,
            &coords,
            doc.issued_on,
            must_report,
            doc_number,
        );

        let lead_final = sim.lead;
        let fts = task_search_text(
            &description,
            follow_up,
            doc_number,
            &p.units[lead_final].name,
        );
        TaskOut {
            id,
            description,
            follow_up,
            lead: p.units[lead_final].id,
            officer: officer_id,
            direction_notes,
            original_deadline: deadline,
            deadline: sim.deadline,
            extended_at: sim.extended_at,
            must_report,
            classification,
            state: sim.state,
            assigned_at,
            accepted_at: sim.accepted_at,
            completed_submitted_at: sim.completed_submitted_at,
            completed_reviewed_at: sim.completed_reviewed_at,
            pending_submitted_at: sim.pending,
            cancelled_at: sim.cancelled_at,
            rejection_count: sim.rejection_count,
            last_progress_at: sim.last_progress_at,
            version: sim.version,
            coordinators: coords.iter().map(|u| p.units[*u].id).collect(),
            events: sim.events,
            fts,
        }
    }

    fn staff(&mut self, unit: usize) -> (Uuid, &'a str) {
        let i = *self.rng.pick(&self.p.units[unit].staff);
        self.person(i)
    }

    /// Plan the task's life from assignment on and play it until the end date.
    #[allow(clippy::too_many_arguments)]
    fn lifecycle(
        &mut self,
        sim: &mut Sim<'a>,
        topic: &'static Topic,
        officer: usize,
        coords: &[usize],
        issued_on: NaiveDate,
        must_report: bool,
        doc_number: &str,
    ) {
        let p = self.p;
        let (officer_id, officer_name) = self.person(officer);
        let officer_unit = Some(p.units[p.people[officer].unit].id);
        let assign_day = local_date(sim.last_ms);
        let mut t = sim.last_ms;

        // Thu hồi / hủy, about 1 in 80 tasks (only those still open by then).
        let cancel_in = self.rng.range(2, 40);
        let cancel_day = self
            .rng
            .chance(0.0125)
            .then(|| self.wd_after(assign_day, cancel_in));
        let cancel_at = cancel_day.map(|d| self.work_time(d));

        // Trả lại, then giao lại to another unit.
        let mut day = assign_day;
        if self.rng.chance(0.03) {
            let k = self.rng.range(0, 2);
            day = self.wd_after(day, k);
            t = self.time_after(t, day);
            let reason = self.rng.pick(topics::RETURN_REASONS).to_string();
            let (a, n) = self.staff(sim.lead);
            if !self.step(
                sim,
                cancel_at,
                t,
                a,
                n,
                Some(p.units[sim.lead].id),
                None,
                TaskEvent::Returned { reason },
            ) {
                return;
            }
            let k = self.rng.range(0, 2);
            day = self.wd_after(day, k);
            t = self.time_after(t, day);
            let mut to = sim.lead;
            while to == sim.lead || coords.contains(&to) {
                to = if self.rng.chance(0.5) {
                    *self.rng.pick(&p.departments)
                } else {
                    self.commune()
                };
            }
            let note = self.rng.pick(topics::REASSIGN_NOTES).to_string();
            let ev = TaskEvent::Reassigned {
                from_unit_id: p.units[sim.lead].id,
                to_unit_id: p.units[to].id,
                note,
            };
            if !self.step(
                sim,
                cancel_at,
                t,
                officer_id,
                officer_name,
                Some(p.units[to].id),
                None,
                ev,
            ) {
                return;
            }
            sim.lead = to;
        }

        // Tiếp nhận.
        let k = [0, 1, 2, 3, 5][self.rng.weighted(&[40, 35, 15, 7, 3])];
        day = self.wd_after(day, k);
        t = self.time_after(t, day);
        let lead_id = p.units[sim.lead].id;
        let (a, n) = self.staff(sim.lead);
        if !self.step(
            sim,
            cancel_at,
            t,
            a,
            n,
            Some(lead_id),
            None,
            TaskEvent::Accepted,
        ) {
            return;
        }
        let accept_day = day;

        // Gia hạn: about 6 % of the tasks with a deadline, shortly before it.
        let mut milestones: Vec<(NaiveDate, u8, Milestone)> = Vec::new();
        let mut deadline = sim.deadline;
        let mut earliest = accept_day;
        if let Some(d) = deadline.filter(|d| *d > accept_day && self.rng.chance(0.06)) {
            let k = self.rng.range(0, 4);
            let ext_day = self.wd_before(d, k).max(accept_day);
            let new = self
                .cal
                .deadline_after_days(d, [15, 20, 30, 45, 60][self.rng.below(5) as usize]);
            milestones.push((ext_day, 0, Milestone::Extend(new)));
            deadline = Some(new);
            earliest = ext_day;
        }

        // When the result is submitted (None: not within the simulated years).
        let stalled;
        let submit_day: Option<NaiveDate> = match deadline {
            None => {
                stalled = false;
                let k = self.rng.range(5, 120);
                (!self.rng.chance(0.12)).then(|| self.wd_after(earliest, k))
            }
            Some(d) => {
                let r = self.rng.unit();
                if r < 0.845 && d >= earliest {
                    stalled = false;
                    let span = self.cal.working_days_between(earliest, d).max(0);
                    let k = (span as f64 * self.rng.unit().sqrt()).floor() as i64;
                    Some(self.wd_after(earliest, k.min(span)))
                } else if r < 0.95 {
                    stalled = false;
                    let k = 1 + self.rng.geometric(8.0, 150);
                    Some(self.wd_after(d.max(earliest), k))
                } else {
                    stalled = true;
                    let k = self.rng.range(40, 500);
                    (!self.rng.chance(0.5)).then(|| self.wd_after(d.max(earliest), k))
                }
            }
        };
        let late = match (deadline, submit_day) {
            (Some(d), Some(s)) => s > d,
            (Some(_), None) => true,
            _ => false,
        };
        let horizon = submit_day.unwrap_or_else(|| self.wd_after(earliest, 400));

        // Cập nhật tiến độ: a few notes while in time; when late, notes with difficulties,
        // proposals and reasons for the delay.
        let n_notes = self.rng.weighted(&[55, 35, 10]);
        let span = self.cal.working_days_between(accept_day, horizon).max(1);
        for _ in 0..n_notes {
            let k = self.rng.range(0, span - 1);
            let d = self.wd_after(accept_day, k);
            let d = match deadline {
                Some(dl) if late => d.min(dl),
                _ => d,
            };
            milestones.push((d, 1, Milestone::Progress { detailed: false }));
        }
        if let (true, Some(dl)) = (late || stalled, deadline) {
            let mut d = dl;
            for gap in [(1, 8), (10, 40), (40, 120)] {
                let k = self.rng.range(gap.0, gap.1);
                d = self.wd_after(d, k);
                if d >= horizon {
                    break;
                }
                milestones.push((d, 1, Milestone::Progress { detailed: true }));
                if self.rng.chance(0.3) {
                    break;
                }
            }
        }
        // An interim "chưa hoàn thành" report.
        if must_report && self.rng.chance(0.05) {
            let k = self.cal.working_days_between(accept_day, horizon).max(0) / 2;
            milestones.push((self.wd_after(accept_day, k), 2, Milestone::Interim));
        }
        // Báo cáo kết quả and đánh giá (sometimes không đạt once).
        if let Some(s) = submit_day {
            let review = |g: &mut Self, s: NaiveDate| {
                let k = [0, 1, 2, 3, 5][g.rng.weighted(&[55, 30, 8, 4, 3])];
                g.wd_after(s, k)
            };
            if self.rng.chance(0.05) {
                let r1 = review(self, s);
                let k = self.rng.range(2, 10);
                let s2 = self.wd_after(r1, k);
                let r2 = review(self, s2);
                milestones.push((s, 3, Milestone::Submit));
                milestones.push((r1, 4, Milestone::Review { passed: false }));
                milestones.push((s2, 5, Milestone::Submit));
                milestones.push((r2, 6, Milestone::Review { passed: true }));
            } else {
                let r = review(self, s);
                milestones.push((s, 3, Milestone::Submit));
                milestones.push((r, 4, Milestone::Review { passed: true }));
            }
        }
        milestones.sort_by_key(|m| (m.0, m.1));

        for (d, _, m) in milestones {
            t = self.time_after(t, d.max(local_date(t)));
            let lead = sim.lead;
            let lead_id = Some(p.units[lead].id);
            let ok = match m {
                Milestone::Extend(new) => {
                    let approving = format!(
                        "{}/UBND-TH ngày {}",
                        self.rng.range(100, 9000),
                        dmy(local_date(t))
                    );
                    let reason = self.rng.pick(topics::EXTENSION_REASONS).to_string();
                    let ev = TaskEvent::Extended {
                        from: sim.deadline,
                        extension: Extension {
                            new_deadline: new,
                            approving_document: approving,
                            reason,
                        },
                    };
                    self.step(
                        sim,
                        cancel_at,
                        t,
                        officer_id,
                        officer_name,
                        lead_id,
                        None,
                        ev,
                    )
                }
                Milestone::Progress { detailed } => {
                    let ctx = Ctx::small(local_date(t).year());
                    let tpl = *self.rng.pick(topic.progress);
                    let text = self.fill(tpl, &ctx);
                    let update = if detailed {
                        ProgressUpdate {
                            text,
                            difficulties: self.rng.pick(topic.difficulties).to_string(),
                            proposals: self.rng.pick(topic.proposals).to_string(),
                            delay_reasons: self.rng.pick(topics::DELAY_REASONS).to_string(),
                        }
                    } else {
                        let difficulties = if self.rng.chance(0.2) {
                            self.rng.pick(topic.difficulties).to_string()
                        } else {
                            String::new()
                        };
                        ProgressUpdate {
                            text,
                            difficulties,
                            ..Default::default()
                        }
                    };
                    let (a, n) = self.staff(lead);
                    self.step(
                        sim,
                        cancel_at,
                        t,
                        a,
                        n,
                        lead_id,
                        None,
                        TaskEvent::Progress(update),
                    )
                }
                Milestone::Interim | Milestone::Submit => {
                    let completed = matches!(m, Milestone::Submit);
                    let report =
                        self.result_report(lead, local_date(t), issued_on, completed, doc_number);
                    let late = timeliness::is_result_entry_late(
                        self.cal,
                        report.reply_issued_on,
                        crate::store::from_ms(t),
                    );
                    let (a, n) = self.staff(lead);
                    self.step(
                        sim,
                        cancel_at,
                        t,
                        a,
                        n,
                        lead_id,
                        Some(late),
                        TaskEvent::ResultSubmitted(report),
                    )
                }
                Milestone::Review { passed } => {
                    let submitted = sim.pending.unwrap_or(t);
                    let late = timeliness::is_review_late(
                        self.cal,
                        crate::store::from_ms(submitted),
                        crate::store::from_ms(t),
                    );
                    let comment = if passed {
                        self.rng.pick(topics::PASS_COMMENTS)
                    } else {
                        self.rng.pick(topics::REJECT_COMMENTS)
                    }
                    .to_string();
                    self.step(
                        sim,
                        cancel_at,
                        t,
                        officer_id,
                        officer_name,
                        officer_unit,
                        Some(late),
                        TaskEvent::Reviewed {
                            passed,
                            comment,
                            late,
                        },
                    )
                }
            };
            if !ok {
                return;
            }
        }
        // A cancellation planned after the last step still happens if the task is open.
        if let Some(c) = cancel_at {
            if sim.state != WorkflowState::Done {
                self.cancel(sim, c);
            }
        }
    }

    /// Take one step unless the end date is passed; a planned cancellation that comes first
    /// is taken instead (and ends the task's life).
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        sim: &mut Sim<'a>,
        cancel_at: Option<i64>,
        at: i64,
        actor: Uuid,
        name: &'a str,
        unit: Option<Uuid>,
        late: Option<bool>,
        ev: TaskEvent,
    ) -> bool {
        if let Some(c) = cancel_at.filter(|c| *c < at) {
            self.cancel(sim, c);
            return false;
        }
        sim.push(at, actor, name, unit, late, ev)
    }

    /// Thu hồi / hủy by the follow-up officer.
    fn cancel(&mut self, sim: &mut Sim<'a>, at: i64) {
        let at = at.max(sim.last_ms + MINUTE);
        let reason = self.rng.pick(topics::CANCEL_REASONS).to_string();
        let withdrawn = self.rng.chance(0.3);
        let lead = Some(self.p.units[sim.lead].id);
        sim.push(
            at,
            sim.officer.0,
            sim.officer.1,
            lead,
            None,
            TaskEvent::Cancelled { reason, withdrawn },
        );
    }

    fn result_report(
        &mut self,
        lead: usize,
        day: NaiveDate,
        issued_on: NaiveDate,
        completed: bool,
        doc_number: &str,
    ) -> ResultReport {
        let u = &self.p.units[lead];
        let back = [0, 1, 2, 3, 4][self.rng.weighted(&[55, 30, 8, 5, 2])];
        let reply_issued_on = self.wd_before(day, back).max(issued_on);
        let number = self.rng.range(1, 2500).to_string();
        let (reply_kind, reply_symbol) = match (u.kind, self.rng.chance(0.5)) {
            (UnitKind::Commune, true) => (DocumentKind::Other, "BC-UBND".to_string()),
            (UnitKind::Commune, false) => (DocumentKind::OfficialLetter, "UBND-VP".to_string()),
            (_, true) => (DocumentKind::Other, format!("BC-{}", u.abbr)),
            (_, false) => (DocumentKind::OfficialLetter, format!("{}-VP", u.abbr)),
        };
        let reply_summary = if completed {
            format!("Báo cáo kết quả thực hiện nhiệm vụ được giao tại văn bản số {doc_number}")
        } else {
            format!("Báo cáo tiến độ thực hiện nhiệm vụ được giao tại văn bản số {doc_number}")
        };
        ResultReport {
            reply_kind,
            reply_number: number,
            reply_symbol,
            reply_summary,
            reply_issued_on,
            reply_signer: u.head_name.clone(),
            outcome: if completed {
                ResultOutcome::Completed
            } else {
                ResultOutcome::NotCompleted
            },
            completed_on: completed.then_some(reply_issued_on),
            explanation: if completed {
                self.rng.pick(topics::EXPLANATIONS).to_string()
            } else {
                "Đang tiếp tục thực hiện".into()
            },
            attachment: None,
        }
    }
}

#[derive(Clone)]
struct Ctx {
    place: String,
    year: i32,
    month: u32,
    project: &'static str,
    unit: String,
}

impl Ctx {
    fn small(year: i32) -> Self {
        Ctx {
            place: String::new(),
            year,
            month: 1,
            project: "",
            unit: String::new(),
        }
    }
}

#[derive(Clone, Copy)]
enum Milestone {
    Extend(NaiveDate),
    Progress { detailed: bool },
    Interim,
    Submit,
    Review { passed: bool },
}

/// A task's state while its life is played, mirroring `store::tasks::apply_tx`.
struct Sim<'a> {
    end_ms: i64,
    /// The follow-up officer (who assigns, extends, reviews and cancels).
    officer: (Uuid, &'a str),
    last_ms: i64,
    stopped: bool,
    state: WorkflowState,
    lead: usize,
    deadline: Option<NaiveDate>,
    extended_at: Option<i64>,
    accepted_at: Option<i64>,
    completed_submitted_at: Option<i64>,
    completed_reviewed_at: Option<i64>,
    pending: Option<i64>,
    cancelled_at: Option<i64>,
    rejection_count: i64,
    last_progress_at: Option<i64>,
    version: i64,
    events: Vec<EventOut<'a>>,
}

impl<'a> Sim<'a> {
    fn new(
        end_ms: i64,
        officer: (Uuid, &'a str),
        lead: usize,
        deadline: Option<NaiveDate>,
    ) -> Self {
        Sim {
            end_ms,
            officer,
            last_ms: i64::MIN,
            stopped: false,
            state: WorkflowState::Assigned,
            lead,
            deadline,
            extended_at: None,
            accepted_at: None,
            completed_submitted_at: None,
            completed_reviewed_at: None,
            pending: None,
            cancelled_at: None,
            rejection_count: 0,
            last_progress_at: None,
            version: 0,
            events: Vec::with_capacity(6),
        }
    }

    /// Record the event and its effect; false (and nothing recorded) once past the end date.
    fn push(
        &mut self,
        at: i64,
        actor: Uuid,
        name: &'a str,
        unit: Option<Uuid>,
        late: Option<bool>,
        ev: TaskEvent,
    ) -> bool {
        if self.stopped || at > self.end_ms {
            self.stopped = true;
            return false;
        }
        debug_assert!(at > self.last_ms, "events in time order");
        self.last_ms = at;
        self.version += 1;
        match &ev {
            TaskEvent::Assigned { .. } => self.state = WorkflowState::Assigned,
            TaskEvent::Accepted => {
                self.state = WorkflowState::InProgress;
                self.accepted_at = Some(at);
            }
            TaskEvent::Returned { .. } => self.state = WorkflowState::Returned,
            TaskEvent::Reassigned { .. } => {
                self.state = WorkflowState::Assigned;
                self.accepted_at = None;
            }
            TaskEvent::Progress(_) => self.last_progress_at = Some(at),
            TaskEvent::ResultSubmitted(r) => {
                if r.outcome == ResultOutcome::Completed {
                    self.state = WorkflowState::Submitted;
                    self.pending = Some(at);
                }
            }
            TaskEvent::Reviewed { passed, .. } => {
                if *passed {
                    self.state = WorkflowState::Done;
                    self.completed_submitted_at = self.pending;
                    self.completed_reviewed_at = Some(at);
                } else {
                    self.state = WorkflowState::InProgress;
                    self.rejection_count += 1;
                }
                self.pending = None;
            }
            TaskEvent::Extended { extension, .. } => {
                self.deadline = Some(extension.new_deadline);
                self.extended_at = Some(at);
            }
            TaskEvent::Cancelled { .. } => {
                self.state = WorkflowState::Cancelled;
                self.cancelled_at = Some(at);
                self.stopped = true;
            }
            // The generator does not write extension requests.
            TaskEvent::ExtensionRequested { .. } | TaskEvent::ExtensionRefused { .. } => {}
        }
        let payload = serde_json::to_string(&ev).expect("event serialises");
        self.events.push(EventOut {
            at,
            actor_id: actor,
            actor_name: name,
            unit_id: unit,
            kind: ev.kind(),
            late,
            payload,
        });
        true
    }
}
