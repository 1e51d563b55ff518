//! The local copy of the office database (bản sao): what the sync downloads is written over
//! the local rows here, one batch per transaction, together with the sync cursor, so a crash
//! mid-way leaves either the old copy and cursor or the new ones, never a mix. Lateness is
//! not taken from the server: every flag is derived here, as for the PC's own actions.

mod search;

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::damaged::{self, ReadFine};
use super::documents::document_search_text;
use super::outbox::{CALENDAR_ENTITY, SETTINGS_ENTITY};
use super::settings::Settings;
use super::tasks::{load_record, task_search_text};
use super::{date_str, ms, Store};
use crate::action::TaskRecord;
use crate::calendar::{CalendarOverride, WorkCalendar};
use crate::error::Result;
use crate::model::{Document, Id, Person, TaskEvent, Unit};
use crate::text;
use crate::timeliness::{self, local_date};
use search::{SearchNames, SearchRows};

/// One timeline entry as the server keeps it. Its lateness is not part of it: the server
/// does not vouch for that, each PC derives it (`timeliness::timeline_lateness`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaEvent {
    pub at: DateTime<Utc>,
    pub actor_id: Option<Id>,
    pub actor_name: Option<String>,
    pub unit_id: Option<Id>,
    pub event: TaskEvent,
}

/// A task with its whole timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaTask {
    pub record: TaskRecord,
    pub events: Vec<ReplicaEvent>,
}

/// A document as the server keeps it; its `entered_late` is derived again here.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaDocument {
    pub document: Document,
    pub entered_unit_id: Option<Id>,
}

/// What one pull brings. Documents are written before the tasks that belong to them.
#[derive(Debug, Clone, Default)]
pub struct ReplicaBatch {
    pub units: Vec<Unit>,
    pub people: Vec<Person>,
    pub documents: Vec<ReplicaDocument>,
    pub tasks: Vec<ReplicaTask>,
    /// Tasks the user can no longer see (reassigned away, or gone from the server).
    pub removed_tasks: Vec<Id>,
    /// Documents the server does not have (a registration it refused), with their tasks.
    pub removed_documents: Vec<Id>,
    /// Units and people the server does not have (an addition it refused). Each goes
    /// only when nothing on this PC still refers to it.
    pub removed_units: Vec<Id>,
    pub removed_people: Vec<Id>,
    /// The office's settings and calendar exceptions, when this pull brings them.
    pub settings: Option<Settings>,
    pub calendar: Option<Vec<CalendarOverride>>,
    /// This pull read the office's configuration, even if it brings neither (none on the
    /// server, or none readable): a damaged settings or calendar record it does not report
    /// again is over (one an admin repaired leaves no row behind).
    pub config_read: bool,
    /// Sync bookkeeping committed with the data (the cursor above all).
    pub state: Vec<(String, String)>,
    /// Rows of the server this batch could not bring (skipped, remembered).
    pub damaged: Vec<super::DamagedRecord>,
}

impl Store {
    /// Write a downloaded batch over the local copy in one transaction. During a full
    /// download (`replica_begin_full`) every written row is remembered, so that
    /// `replica_finish_full` can drop what the server no longer has. The lateness of
    /// documents and timeline entries is derived with the working calendar the copy has
    /// once the batch is written (the batch's own, when it brings one).
    pub fn replica_apply(&mut self, batch: &ReplicaBatch) -> Result<()> {
        let current = self.calendar.clone();
        self.write(|tx| {
            let (full, fresh) = full_download_running(tx)?;
            // Remembered for the end of a full download, unless nothing can be left over.
            let remember = full && !fresh;
            // Entities with a change not sent yet (read once: a batch holds thousands).
            let pending: HashSet<Id> = {
                let mut st = tx.prepare_cached(
                    "SELECT entity_id FROM outbox WHERE state = 'pending' AND entity_id IS NOT NULL",
                )?;
                let ids = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
                ids
            };
            let has_pending = |id: Id| pending.contains(&id);
            let new_calendar = batch
                .calendar
                .as_ref()
                .filter(|_| !has_pending(CALENDAR_ENTITY));
            let cal = working_calendar(tx, new_calendar, current)?;
            let mut names = SearchNames::default();
            let mut search = SearchRows::default();
            for u in &batch.units {
                tx.prepare_cached(
                    "INSERT INTO units (id, parent_id, name, kind, sort_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
                        kind = excluded.kind, sort_key = excluded.sort_key",
                )?
                .execute((u.id, u.parent_id, &u.name, u.kind.as_str(), text::sort_key(&u.name), ms(Utc::now())))?;
                if remember {
                    mark_seen(tx, u.id)?;
                }
            }
            for p in &batch.people {
                tx.prepare_cached(
                    "INSERT INTO people (id, full_name, unit_id, role, title, sort_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT(id) DO UPDATE SET full_name = excluded.full_name, unit_id = excluded.unit_id,
                        role = excluded.role, title = excluded.title, sort_key = excluded.sort_key",
                )?
                .execute((p.id, &p.full_name, p.unit_id, p.role.as_str(), &p.title, text::person_sort_key(&p.full_name), ms(Utc::now())))?;
                if remember {
                    mark_seen(tx, p.id)?;
                }
            }
            for d in &batch.documents {
                if has_pending(d.document.id) {
                    continue;
                }
                upsert_document(tx, d, &cal, &mut search)?;
                if remember {
                    mark_seen(tx, d.document.id)?;
                }
            }
            for t in &batch.tasks {
                // A change the user made that is not sent yet stays as the user sees it;
                // once sent, the server's copy comes back through the change log.
                if has_pending(t.record.task.id) || has_pending(t.record.task.document_id) {
                    continue;
                }
                upsert_task(tx, t, &cal, fresh, &mut names, &mut search)?;
                if remember {
                    mark_seen(tx, t.record.task.id)?;
                }
            }
            search.write(tx)?;
            for id in &batch.removed_tasks {
                if has_pending(*id) {
                    continue;
                }
                remove_task(tx, *id)?;
            }
            // The server's rows the batch read fine (written here or not), whose earlier
            // damage is over.
            let mut read_fine = ReadFine {
                tasks: batch
                    .tasks
                    .iter()
                    .map(|t| t.record.task.id)
                    .chain(batch.removed_tasks.iter().copied())
                    .collect(),
                documents: batch
                    .documents
                    .iter()
                    .map(|d| d.document.id)
                    .chain(batch.removed_documents.iter().copied())
                    .collect(),
                directory: !batch.units.is_empty() || !batch.people.is_empty(),
                settings: batch.config_read || batch.settings.is_some(),
                calendar: batch.config_read || batch.calendar.is_some(),
                damaged: &batch.damaged,
            };
            for id in &batch.removed_documents {
                if has_pending(*id) {
                    continue;
                }
                let mut st = tx.prepare_cached("SELECT id FROM tasks WHERE document_id = ?1")?;
                let tasks: Vec<Id> = st.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
                drop(st);
                for t in tasks {
                    remove_task(tx, t)?;
                    read_fine.tasks.push(t);
                }
                remove_document(tx, *id)?;
            }
            let people: Vec<Id> = batch.removed_people.iter().copied().filter(|id| !has_pending(*id)).collect();
            let units: Vec<Id> = batch.removed_units.iter().copied().filter(|id| !has_pending(*id)).collect();
            let me = profile_person(tx)?;
            remove_directory_entries(tx, &people, &units, me)?;
            let mut config_changed = false;
            if let Some(settings) = batch.settings.as_ref().filter(|_| !has_pending(SETTINGS_ENTITY)) {
                tx.prepare_cached(
                    "INSERT INTO settings (key, value) VALUES ('settings', ?1)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute([serde_json::to_string(settings).expect("settings serialise")])?;
                config_changed = true;
            }
            if let Some(calendar) = new_calendar {
                super::replace_overrides(tx, calendar)?;
                config_changed = true;
            }
            damaged::apply(tx, &read_fine, Utc::now())?;
            for (k, v) in &batch.state {
                tx.prepare_cached(
                    "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                )?
                .execute((k, v))?;
            }
            Ok(config_changed)
        })
        .and_then(|config_changed| {
            if config_changed {
                self.reload_config()?;
            }
            Ok(())
        })
    }

    /// Start a full download of the user's scope (first sync, server restored, long absence).
    /// The damaged records are forgotten: the download reports every one again.
    pub fn replica_begin_full(&mut self) -> Result<()> {
        damaged::clear_all(&self.conn)?;
        // Into an empty copy (a first sync) nothing can be left over at the end, so the
        // rows need not be remembered nor looked up before they are written.
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS replica_seen (id BLOB PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.replica_seen;
             CREATE TEMP TABLE IF NOT EXISTS replica_full (fresh INTEGER NOT NULL);
             DELETE FROM temp.replica_full;
             INSERT INTO temp.replica_full (fresh)
                 SELECT NOT EXISTS (SELECT 1 FROM tasks) AND NOT EXISTS (SELECT 1 FROM documents);",
        )?;
        Ok(())
    }

    /// End a full download: tasks and documents the server did not send are removed,
    /// except those with changes still waiting to be sent. With `prune_directory` (a PC
    /// that showed the sample province joins an office) the units and people the server
    /// did not send go too, where nothing left refers to them. Returns how many rows went.
    pub fn replica_finish_full(
        &mut self,
        state: &[(String, String)],
        prune_directory: bool,
    ) -> Result<u64> {
        let removed = self.write(|tx| {
            let (_, fresh) = full_download_running(tx)?;
            let gone = if fresh { Vec::new() } else { left_over_tasks(tx)? };
            for id in &gone {
                remove_task(tx, *id)?;
            }
            // After the tasks: a document is left over when none of its tasks is.
            let docs = if fresh { Vec::new() } else { left_over_documents(tx)? };
            for id in &docs {
                remove_document(tx, *id)?;
            }
            let mut directory = 0;
            if prune_directory && !fresh {
                let people = left_over(tx, "people")?;
                let units = left_over(tx, "units")?;
                // The sample person using this PC goes too: the profile becomes the
                // office's person (`join_office`) right after.
                directory = remove_directory_entries(tx, &people, &units, None)?;
            }
            for (k, v) in state {
                tx.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (k, v),
                )?;
            }
            tx.execute("DELETE FROM temp.replica_seen", [])?;
            tx.execute("DELETE FROM temp.replica_full", [])?;
            Ok((gone.len() + docs.len()) as u64 + directory)
        })?;
        Ok(removed)
    }
    /// The ids of every task in the local copy (for comparisons in tests and checks).
    pub fn task_ids(&self) -> Result<Vec<Id>> {
        let mut st = self.conn.prepare("SELECT id FROM tasks ORDER BY id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The full stored row of a task.
    pub fn task_record(&self, id: Id) -> Result<Option<TaskRecord>> {
        Ok(load_record(&self.conn, id)?.map(|(_, r)| r))
    }

    /// A task's timeline as rows (who, unit), oldest first.
    pub fn task_events(&self, task_id: Id) -> Result<Vec<ReplicaEvent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT at, actor_id, actor_name, unit_id, payload FROM task_events WHERE task_id = ?1 ORDER BY at, id",
        )?;
        let rows = st.query_map([task_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, actor_id, actor_name, unit_id, payload) = row?;
            out.push(ReplicaEvent {
                at: super::from_ms(at),
                actor_id,
                actor_name,
                unit_id,
                event: serde_json::from_str(&payload).map_err(|e| {
                    crate::CoreError::BadDatabase(format!("Sự kiện nhiệm vụ không đọc được: {e}"))
                })?,
            });
        }
        Ok(out)
    }
}

/// The working calendar to judge lateness with: the batch's new one, else the one the copy
/// holds. Read from the file, since another connection (the window's) may have changed it
/// since this one loaded its own.
fn working_calendar(
    tx: &Transaction,
    new: Option<&Vec<CalendarOverride>>,
    current: WorkCalendar,
) -> Result<WorkCalendar> {
    let overrides = match new {
        Some(o) => o.clone(),
        None => super::load_overrides(tx)?,
    };
    // Building one costs a millisecond; most batches change nothing.
    Ok(if current.overrides() == overrides.as_slice() {
        current
    } else {
        WorkCalendar::new(&overrides)
    })
}

/// Whether a full download is running, and whether it started on an empty copy.
fn full_download_running(tx: &Transaction) -> Result<(bool, bool)> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM temp.sqlite_schema WHERE name = 'replica_full')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok((false, false));
    }
    let fresh: Option<bool> = tx
        .query_row("SELECT fresh FROM temp.replica_full", [], |r| r.get(0))
        .optional()?;
    Ok((fresh.is_some(), fresh.unwrap_or(false)))
}

/// Tasks the server did not send in a full download, except those with changes still
/// waiting to be sent.
fn left_over_tasks(tx: &Transaction) -> Result<Vec<Id>> {
    let mut st = tx.prepare(
        "SELECT id FROM tasks WHERE id NOT IN (SELECT id FROM temp.replica_seen)
           AND id NOT IN (SELECT entity_id FROM outbox WHERE state = 'pending' AND entity_id IS NOT NULL)
           AND document_id NOT IN (SELECT entity_id FROM outbox WHERE state = 'pending' AND entity_id IS NOT NULL)",
    )?;
    let gone: Vec<Id> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(gone)
}

/// Documents the server did not send that are left without tasks, except those with
/// changes still waiting to be sent.
fn left_over_documents(tx: &Transaction) -> Result<Vec<Id>> {
    let mut st = tx.prepare(
        "SELECT d.id FROM documents d WHERE d.id NOT IN (SELECT id FROM temp.replica_seen)
           AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.document_id = d.id)
           AND d.id NOT IN (SELECT entity_id FROM outbox WHERE state = 'pending' AND entity_id IS NOT NULL)",
    )?;
    let docs: Vec<Id> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(docs)
}

/// Units or people (`table`) the server did not send in a full download, except those
/// with changes still waiting to be sent.
fn left_over(tx: &Transaction, table: &str) -> Result<Vec<Id>> {
    let mut st = tx.prepare(&format!(
        "SELECT id FROM {table} WHERE id NOT IN (SELECT id FROM temp.replica_seen)
           AND id NOT IN (SELECT entity_id FROM outbox WHERE state = 'pending' AND entity_id IS NOT NULL)"
    ))?;
    let ids: Vec<Id> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

/// The person chosen as this PC's user, if any.
fn profile_person(tx: &Transaction) -> Result<Option<Id>> {
    Ok(tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'profile'",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|v| v.parse().ok()))
}

/// Remove these people, then these units (children before parents), each only when
/// nothing on this PC refers to it any more: `keep` (the person using this PC), a
/// document, a task or another unit keeps its row. Returns how many rows went.
fn remove_directory_entries(
    tx: &Transaction,
    people: &[Id],
    units: &[Id],
    keep: Option<Id>,
) -> Result<u64> {
    // A row still referred to makes its DELETE fail on the foreign key; SQLite undoes
    // just that statement, and the row stays.
    let try_delete = |sql: &str, id: Id| -> Result<bool> {
        match tx.prepare_cached(sql)?.execute([id]) {
            Ok(n) => Ok(n > 0),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    };
    let mut removed = 0;
    for id in people.iter().filter(|id| Some(**id) != keep) {
        removed += u64::from(try_delete("DELETE FROM people WHERE id = ?1", *id)?);
    }
    let mut left: Vec<Id> = units.to_vec();
    loop {
        let before = left.len();
        let mut still = Vec::new();
        for id in left {
            if try_delete("DELETE FROM units WHERE id = ?1", id)? {
                removed += 1;
            } else {
                still.push(id);
            }
        }
        left = still;
        // A pass that freed nothing leaves the rest referred to.
        if left.len() == before {
            break;
        }
    }
    Ok(removed)
}

fn mark_seen(tx: &Transaction, id: Id) -> Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO temp.replica_seen (id) VALUES (?1)")?
        .execute([id])?;
    Ok(())
}

fn upsert_document(
    tx: &Transaction,
    r: &ReplicaDocument,
    cal: &WorkCalendar,
    search: &mut SearchRows,
) -> Result<()> {
    let d = &r.document;
    let entered_late =
        timeliness::is_document_entry_late(cal, d.issued_on, d.urgency, d.entered_at);
    tx.prepare_cached(
        "INSERT INTO documents (id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer,
            submitting_agency, director, drafter, urgency, origin, entered_at, entered_by, entered_unit_id, entered_late, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, number = excluded.number, symbol = excluded.symbol,
            issued_on = excluded.issued_on, summary = excluded.summary, signer_name = excluded.signer_name,
            signer_title = excluded.signer_title, issuer = excluded.issuer, submitting_agency = excluded.submitting_agency,
            director = excluded.director, drafter = excluded.drafter, urgency = excluded.urgency, origin = excluded.origin,
            entered_at = excluded.entered_at, entered_by = excluded.entered_by, entered_unit_id = excluded.entered_unit_id,
            entered_late = excluded.entered_late, version = excluded.version",
    )?
    .execute(rusqlite::params![
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
        ms(d.entered_at),
        d.entered_by,
        r.entered_unit_id,
        entered_late,
        d.version,
    ])?;
    let rowid: i64 = tx
        .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
        .query_row([d.id], |r| r.get(0))?;
    tx.prepare_cached("DELETE FROM document_attachments WHERE document_id = ?1")?
        .execute([d.id])?;
    for a in &d.attachments {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?1, ?2, ?3)",
        )?
        .execute((&a.sha256, a.size as i64, ms(Utc::now())))?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO document_attachments (document_id, sha256, file_name) VALUES (?1, ?2, ?3)",
        )?
        .execute((d.id, &a.sha256, &a.file_name))?;
    }
    tx.prepare_cached("DELETE FROM document_fts WHERE rowid = ?1")?
        .execute([rowid])?;
    search.documents.push((
        rowid,
        document_search_text(&d.number, &d.symbol, &d.summary, &d.signer_name, d.kind),
    ));
    Ok(())
}

fn upsert_task(
    tx: &Transaction,
    r: &ReplicaTask,
    cal: &WorkCalendar,
    fresh: bool,
    names: &mut SearchNames,
    search: &mut SearchRows,
) -> Result<()> {
    let rec = &r.record;
    let t = &rec.task;
    let local = |a: DateTime<Utc>| date_str(local_date(a));
    // A task new to this PC (every one, on a first download) has nothing to replace.
    let existing: Option<i64> = if fresh {
        None
    } else {
        tx.prepare_cached("SELECT rowid FROM tasks WHERE id = ?1")?
            .query_row([t.id], |r| r.get(0))
            .optional()?
    };
    tx.prepare_cached(
        "INSERT INTO tasks (id, document_id, description, follow_up_content, lead_unit_id, follow_up_officer_id, director,
            direction_notes, original_deadline, deadline, extended_at, must_report, origin, classification, state,
            assigned_at, assigned_on, accepted_at, accepted_on, completed_submitted_at, completed_on, completed_reviewed_at,
            pending_submitted_at, pending_on, cancelled_at, cancelled_on, rejection_count, last_progress_at, version,
            extension_requested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
            ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)
         ON CONFLICT(id) DO UPDATE SET document_id = excluded.document_id, description = excluded.description,
            follow_up_content = excluded.follow_up_content, lead_unit_id = excluded.lead_unit_id,
            follow_up_officer_id = excluded.follow_up_officer_id, director = excluded.director,
            direction_notes = excluded.direction_notes, original_deadline = excluded.original_deadline,
            deadline = excluded.deadline, extended_at = excluded.extended_at, must_report = excluded.must_report,
            origin = excluded.origin, classification = excluded.classification, state = excluded.state,
            assigned_at = excluded.assigned_at, assigned_on = excluded.assigned_on, accepted_at = excluded.accepted_at,
            accepted_on = excluded.accepted_on, completed_submitted_at = excluded.completed_submitted_at,
            completed_on = excluded.completed_on, completed_reviewed_at = excluded.completed_reviewed_at,
            pending_submitted_at = excluded.pending_submitted_at, pending_on = excluded.pending_on,
            cancelled_at = excluded.cancelled_at, cancelled_on = excluded.cancelled_on,
            rejection_count = excluded.rejection_count, last_progress_at = excluded.last_progress_at,
            version = excluded.version, extension_requested_at = excluded.extension_requested_at",
    )?
    .execute(rusqlite::params![
        t.id,
        t.document_id,
        t.description,
        t.follow_up_content,
        t.lead_unit_id,
        t.follow_up_officer_id,
        t.director,
        t.direction_notes,
        t.original_deadline.map(date_str),
        t.deadline.map(date_str),
        rec.extended_at.map(ms),
        t.must_report,
        t.origin.as_str(),
        t.classification.as_str(),
        t.state.as_str(),
        ms(t.assigned_at),
        local(t.assigned_at),
        t.accepted_at.map(ms),
        t.accepted_at.map(local),
        t.completed_submitted_at.map(ms),
        t.completed_submitted_at.map(local),
        t.completed_reviewed_at.map(ms),
        rec.pending_submitted_at.map(ms),
        rec.pending_submitted_at.map(local),
        t.cancelled_at.map(ms),
        t.cancelled_at.map(local),
        t.rejection_count,
        rec.last_progress_at.map(ms),
        t.version,
        rec.extension_requested_at.map(ms),
    ])?;
    let rowid = match existing {
        Some(rowid) => {
            tx.prepare_cached("DELETE FROM task_coordinators WHERE task_id = ?1")?
                .execute([t.id])?;
            tx.prepare_cached("DELETE FROM task_events WHERE task_id = ?1")?
                .execute([t.id])?;
            tx.prepare_cached("DELETE FROM task_fts WHERE rowid = ?1")?
                .execute([rowid])?;
            rowid
        }
        None => tx.last_insert_rowid(),
    };
    for u in &t.coordinating_unit_ids {
        tx.prepare_cached("INSERT INTO task_coordinators (task_id, unit_id) VALUES (?1, ?2)")?
            .execute((t.id, u))?;
    }
    // Judged in the order the store reads the timeline back: by time, then as written.
    let mut order: Vec<usize> = (0..r.events.len()).collect();
    order.sort_by_key(|&i| r.events[i].at);
    let judged = timeliness::timeline_lateness(
        cal,
        order.iter().map(|&i| (r.events[i].at, &r.events[i].event)),
    );
    let mut lateness = vec![None; r.events.len()];
    for (&i, late) in order.iter().zip(judged) {
        lateness[i] = late;
    }
    for (e, late) in r.events.iter().zip(lateness) {
        if let TaskEvent::ResultSubmitted(rep) = &e.event {
            if let Some(a) = &rep.attachment {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?1, ?2, ?3)",
                )?
                .execute((&a.sha256, a.size as i64, ms(Utc::now())))?;
            }
        }
        tx.prepare_cached(
            "INSERT INTO task_events (task_id, at, actor_id, actor_name, unit_id, kind, late, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute((
            t.id,
            ms(e.at),
            e.actor_id,
            &e.actor_name,
            e.unit_id,
            e.event.kind(),
            late,
            payload(&e.event, late),
        ))?;
    }
    let document = names.document(tx, t.document_id)?;
    let unit = names.unit(tx, t.lead_unit_id)?;
    search.tasks.push((
        rowid,
        task_search_text(&t.description, &t.follow_up_content, &document, &unit),
    ));
    Ok(())
}

/// The stored form of an event, with the lateness derived here in a review's payload.
fn payload(event: &TaskEvent, late: Option<bool>) -> String {
    let json = |e: &TaskEvent| serde_json::to_string(e).expect("event serialises");
    match event {
        TaskEvent::Reviewed { .. } => {
            let mut own = event.clone();
            timeliness::set_event_lateness(&mut own, late);
            json(&own)
        }
        _ => json(event),
    }
}

fn remove_task(tx: &Transaction, id: Id) -> Result<()> {
    let rowid: Option<i64> = tx
        .prepare_cached("SELECT rowid FROM tasks WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(rowid) = rowid else { return Ok(()) };
    tx.prepare_cached("DELETE FROM task_events WHERE task_id = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM task_coordinators WHERE task_id = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM task_fts WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("DELETE FROM tasks WHERE rowid = ?1")?
        .execute([rowid])?;
    Ok(())
}

fn remove_document(tx: &Transaction, id: Id) -> Result<()> {
    let rowid: Option<i64> = tx
        .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(rowid) = rowid else { return Ok(()) };
    tx.execute(
        "DELETE FROM document_attachments WHERE document_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM document_fts WHERE rowid = ?1", [rowid])?;
    tx.execute("DELETE FROM documents WHERE rowid = ?1", [rowid])?;
    Ok(())
}
