//! Tasks (nhiệm vụ): assignment and every lifecycle action, each in one transaction with
//! its timeline event and audit entry.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::outbox::{self, Mutation, SeenFields};
use super::units::{ensure_person, ensure_unit};
use super::{attachments, audit, date_str, from_ms, ms, opt_date, opt_from_ms, Store};
use crate::action::{self, TaskRecord};
use crate::error::{CoreError, Result};
use crate::lifecycle::{ActionKind, Actor};
use crate::model::{
    full_number, Classification, Document, Extension, Id, Origin, ProgressUpdate, ResultOutcome,
    ResultReport, Task, TaskEvent, TimelineEntry, WorkflowState,
};
use crate::text;
use crate::timeliness::local_date;

/// What the office enters for each task of a document (every field of DOMAIN.md §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(default)]
#[ts(export)]
pub struct NewTask {
    pub description: String,
    pub follow_up_content: String,
    pub lead_unit_id: Option<Id>,
    pub coordinating_unit_ids: Vec<Id>,
    pub follow_up_officer_id: Option<Id>,
    pub director: Option<String>,
    pub direction_notes: String,
    pub deadline: Option<NaiveDate>,
    pub must_report: bool,
}

/// A validated `NewTask` (the lead unit is known to be present).
pub struct ValidTask {
    pub t: NewTask,
    pub lead: Id,
}

impl NewTask {
    /// Normalise and check the fields (the units' existence is the caller's to check).
    pub fn validated(mut self, issued_on: NaiveDate) -> Result<ValidTask> {
        self.description = text::required(
            "description",
            "Nội dung nhiệm vụ",
            &self.description,
            4000,
            true,
        )?;
        self.follow_up_content = text::clean(
            "follow_up_content",
            "Nội dung theo dõi",
            &self.follow_up_content,
            4000,
            true,
        )?;
        self.direction_notes = text::clean(
            "direction_notes",
            "Ý kiến chỉ đạo",
            &self.direction_notes,
            4000,
            true,
        )?;
        self.director = text::optional("director", "Người chỉ đạo", self.director.as_deref(), 100)?;
        let lead = self.lead_unit_id.ok_or_else(|| {
            CoreError::invalid("lead_unit_id", "Vui lòng chọn một đơn vị chủ trì.")
        })?;
        if let Some(d) = self.deadline {
            if d < issued_on {
                return Err(CoreError::invalid(
                    "deadline",
                    format!(
                        "Thời hạn {} không được trước ngày ban hành văn bản {}.",
                        d.format("%d/%m/%Y"),
                        issued_on.format("%d/%m/%Y")
                    ),
                ));
            }
        }
        self.coordinating_unit_ids.sort();
        self.coordinating_unit_ids.dedup();
        if self.coordinating_unit_ids.contains(&lead) {
            return Err(CoreError::invalid(
                "coordinating_unit_ids",
                "Đơn vị chủ trì không đồng thời là đơn vị phối hợp.",
            ));
        }
        Ok(ValidTask { t: self, lead })
    }
}

/// A lifecycle action with its data: the named mutations of the app (and later of sync).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum TaskAction {
    Accept,
    Return {
        reason: String,
    },
    Reassign {
        to_unit_id: Id,
        note: String,
    },
    Progress(ProgressUpdate),
    SubmitResult(ResultReport),
    Review {
        passed: bool,
        comment: String,
    },
    Extend(Extension),
    Cancel {
        reason: String,
        withdrawn: bool,
    },
    /// Đề nghị gia hạn (lead unit): asks for `proposed_deadline`, giving the reason.
    RequestExtension {
        proposed_deadline: NaiveDate,
        reason: String,
    },
    /// The office does not agree to the pending extension request.
    RefuseExtension {
        comment: String,
    },
}

impl TaskAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            TaskAction::Accept => ActionKind::Accept,
            TaskAction::Return { .. } => ActionKind::Return,
            TaskAction::Reassign { .. } => ActionKind::Reassign,
            TaskAction::Progress(_) => ActionKind::PostProgress,
            TaskAction::SubmitResult(r) => ActionKind::SubmitResult {
                completed: r.outcome == ResultOutcome::Completed,
            },
            TaskAction::Review { passed, .. } => ActionKind::Review { passed: *passed },
            TaskAction::Extend(_) => ActionKind::Extend,
            TaskAction::Cancel { .. } => ActionKind::Cancel,
            TaskAction::RequestExtension { .. } => ActionKind::RequestExtension,
            TaskAction::RefuseExtension { .. } => ActionKind::RefuseExtension,
        }
    }

    /// Normalise and validate the action's own fields (independent of the task's state).
    pub fn validated(self, today: NaiveDate) -> Result<Self> {
        Ok(match self {
            TaskAction::Return { reason } => TaskAction::Return {
                reason: text::required("reason", "Lý do trả lại", &reason, 2000, true)?,
            },
            TaskAction::Reassign { to_unit_id, note } => TaskAction::Reassign {
                to_unit_id,
                note: text::clean("note", "Ghi chú", &note, 2000, true)?,
            },
            TaskAction::Progress(p) => {
                let p = ProgressUpdate {
                    text: text::clean("text", "Nội dung tiến độ", &p.text, 4000, true)?,
                    difficulties: text::clean(
                        "difficulties",
                        "Khó khăn, vướng mắc",
                        &p.difficulties,
                        4000,
                        true,
                    )?,
                    proposals: text::clean(
                        "proposals",
                        "Kiến nghị, đề xuất",
                        &p.proposals,
                        4000,
                        true,
                    )?,
                    delay_reasons: text::clean(
                        "delay_reasons",
                        "Nguyên nhân chậm",
                        &p.delay_reasons,
                        4000,
                        true,
                    )?,
                };
                if p.text.is_empty()
                    && p.difficulties.is_empty()
                    && p.proposals.is_empty()
                    && p.delay_reasons.is_empty()
                {
                    return Err(CoreError::invalid(
                        "text",
                        "Vui lòng nhập nội dung cập nhật tiến độ.",
                    ));
                }
                TaskAction::Progress(p)
            }
            TaskAction::SubmitResult(r) => {
                let r = ResultReport {
                    reply_number: text::clean(
                        "reply_number",
                        "Số văn bản trả lời",
                        &r.reply_number,
                        20,
                        false,
                    )?,
                    reply_symbol: text::clean(
                        "reply_symbol",
                        "Ký hiệu văn bản trả lời",
                        &r.reply_symbol,
                        60,
                        false,
                    )?,
                    reply_summary: text::required(
                        "reply_summary",
                        "Trích yếu văn bản trả lời",
                        &r.reply_summary,
                        2000,
                        true,
                    )?,
                    reply_signer: text::required(
                        "reply_signer",
                        "Người ký văn bản trả lời",
                        &r.reply_signer,
                        100,
                        false,
                    )?,
                    explanation: text::clean(
                        "explanation",
                        "Diễn giải",
                        &r.explanation,
                        4000,
                        true,
                    )?,
                    ..r
                };
                if r.reply_number.is_empty() && r.reply_symbol.is_empty() {
                    return Err(CoreError::invalid(
                        "reply_number",
                        "Vui lòng nhập số và ký hiệu văn bản trả lời.",
                    ));
                }
                if r.reply_issued_on > today {
                    return Err(CoreError::invalid(
                        "reply_issued_on",
                        "Ngày ban hành văn bản trả lời không được sau ngày hôm nay.",
                    ));
                }
                if r.completed_on.is_some_and(|d| d > today) {
                    return Err(CoreError::invalid(
                        "completed_on",
                        "Ngày hoàn thành không được sau ngày hôm nay.",
                    ));
                }
                if r.outcome == ResultOutcome::Completed && r.completed_on.is_none() {
                    return Err(CoreError::invalid(
                        "completed_on",
                        "Vui lòng nhập ngày hoàn thành.",
                    ));
                }
                TaskAction::SubmitResult(r)
            }
            TaskAction::Review { passed, comment } => {
                let comment = text::clean("comment", "Nhận xét", &comment, 4000, true)?;
                if !passed && comment.is_empty() {
                    return Err(CoreError::invalid(
                        "comment",
                        "Vui lòng ghi rõ lý do đánh giá không đạt.",
                    ));
                }
                TaskAction::Review { passed, comment }
            }
            TaskAction::Extend(e) => TaskAction::Extend(Extension {
                approving_document: text::required(
                    "approving_document",
                    "Văn bản cho phép gia hạn",
                    &e.approving_document,
                    200,
                    false,
                )?,
                reason: text::clean("reason", "Lý do gia hạn", &e.reason, 2000, true)?,
                ..e
            }),
            TaskAction::Cancel { reason, withdrawn } => TaskAction::Cancel {
                reason: text::required("reason", "Lý do thu hồi/hủy", &reason, 2000, true)?,
                withdrawn,
            },
            TaskAction::RequestExtension {
                proposed_deadline,
                reason,
            } => TaskAction::RequestExtension {
                proposed_deadline,
                reason: text::required("reason", "Lý do đề nghị gia hạn", &reason, 2000, true)?,
            },
            TaskAction::RefuseExtension { comment } => TaskAction::RefuseExtension {
                comment: text::required("comment", "Lý do không đồng ý", &comment, 2000, true)?,
            },
            a @ TaskAction::Accept => a,
        })
    }
}

impl Store {
    /// Assign more tasks from an already registered document.
    pub fn add_tasks(
        &mut self,
        actor: &Actor,
        document_id: Id,
        tasks: Vec<NewTask>,
    ) -> Result<Vec<Task>> {
        if !matches!(
            actor.role,
            crate::model::Role::Office | crate::model::Role::Admin
        ) {
            return Err(CoreError::Forbidden(
                "Chỉ Văn phòng mới được giao nhiệm vụ.".into(),
            ));
        }
        let doc = self.document(document_id)?;
        let tasks = tasks
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                t.validated(doc.issued_on)
                    .map_err(|e| super::documents::prefix_task(i, e))
            })
            .collect::<Result<Vec<_>>>()?;
        let now = Utc::now();
        self.write(|tx| {
            let tasks = tasks
                .into_iter()
                .enumerate()
                .map(|(i, t)| {
                    insert_task_tx(tx, actor, &doc, t, now)
                        .map_err(|e| super::documents::prefix_task(i, e))
                })
                .collect::<Result<Vec<_>>>()?;
            let m = Mutation::AddTasks {
                document_id: doc.id,
                tasks: tasks.clone(),
            };
            outbox::append(tx, actor, now, &m)?;
            Ok(tasks)
        })
    }

    /// Take a lifecycle action on a task. `expected_version`, when given, must match the
    /// task's version (else `Stale`): a decision based on an outdated view is refused.
    pub fn apply(
        &mut self,
        actor: &Actor,
        task_id: Id,
        expected_version: Option<i64>,
        action: TaskAction,
    ) -> Result<Task> {
        self.apply_at(actor, task_id, expected_version, action, Utc::now())
    }

    /// As `apply`, at an explicit time (imports, tests of deadlines).
    pub fn apply_at(
        &mut self,
        actor: &Actor,
        task_id: Id,
        expected_version: Option<i64>,
        action: TaskAction,
        now: DateTime<Utc>,
    ) -> Result<Task> {
        let action = action.validated(local_date(now))?;
        let cal = self.calendar.clone();
        self.write(|tx| apply_tx(tx, &cal, actor, task_id, expected_version, action, now))
    }

    pub fn task(&self, id: Id) -> Result<Task> {
        load_task(&self.conn, id)?
            .ok_or_else(|| CoreError::NotFound("Không tìm thấy nhiệm vụ.".into()))
    }

    /// The timeline of a task, oldest first.
    pub fn timeline(&self, task_id: Id) -> Result<Vec<TimelineEntry>> {
        let mut st = self.conn.prepare_cached("SELECT at, actor_id, actor_name, payload FROM task_events WHERE task_id = ?1 ORDER BY at, id")?;
        let rows = st.query_map([task_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<Id>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, actor_id, actor_name, payload) = row?;
            let event: TaskEvent = serde_json::from_str(&payload).map_err(|e| {
                CoreError::BadDatabase(format!("Sự kiện nhiệm vụ không đọc được: {e}"))
            })?;
            out.push(TimelineEntry {
                at: from_ms(at),
                actor_id,
                actor_name,
                event,
            });
        }
        Ok(out)
    }
}

pub(crate) fn insert_task_tx(
    tx: &Transaction,
    actor: &Actor,
    doc: &Document,
    t: ValidTask,
    now: DateTime<Utc>,
) -> Result<Task> {
    let ValidTask { t, lead } = t;
    let lead_name = ensure_unit(tx, lead, "lead_unit_id")?;
    for u in &t.coordinating_unit_ids {
        ensure_unit(tx, *u, "coordinating_unit_ids")?;
    }
    if let Some(p) = t.follow_up_officer_id {
        ensure_person(tx, p, "follow_up_officer_id")?;
    }
    let task = Task {
        id: Uuid::now_v7(),
        document_id: doc.id,
        description: t.description,
        follow_up_content: t.follow_up_content,
        lead_unit_id: lead,
        coordinating_unit_ids: t.coordinating_unit_ids,
        follow_up_officer_id: t.follow_up_officer_id,
        director: t.director,
        direction_notes: t.direction_notes,
        original_deadline: t.deadline,
        deadline: t.deadline,
        must_report: t.must_report,
        origin: doc.origin,
        classification: Classification::of(t.deadline.is_some(), t.must_report),
        state: WorkflowState::Assigned,
        assigned_at: now,
        accepted_at: None,
        completed_submitted_at: None,
        completed_reviewed_at: None,
        cancelled_at: None,
        rejection_count: 0,
        version: 1,
    };
    tx.prepare_cached(
        "INSERT INTO tasks (id, document_id, description, follow_up_content, lead_unit_id, follow_up_officer_id, director,
            direction_notes, original_deadline, deadline, must_report, origin, classification, state, assigned_at, assigned_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(rusqlite::params![
        task.id,
        task.document_id,
        task.description,
        task.follow_up_content,
        task.lead_unit_id,
        task.follow_up_officer_id,
        task.director,
        task.direction_notes,
        task.original_deadline.map(date_str),
        task.deadline.map(date_str),
        task.must_report,
        task.origin.as_str(),
        task.classification.as_str(),
        task.state.as_str(),
        ms(now),
        date_str(local_date(now)),
    ])?;
    let rowid = tx.last_insert_rowid();
    for u in &task.coordinating_unit_ids {
        tx.prepare_cached("INSERT INTO task_coordinators (task_id, unit_id) VALUES (?1, ?2)")?
            .execute((task.id, u))?;
    }
    insert_event(
        tx,
        task.id,
        now,
        actor,
        Some(lead),
        None,
        &TaskEvent::Assigned { lead_unit_id: lead },
    )?;
    tx.prepare_cached("INSERT INTO task_fts (rowid, body) VALUES (?1, ?2)")?
        .execute((
            rowid,
            task_search_text(
                &task.description,
                &task.follow_up_content,
                &doc.full_number(),
                &lead_name,
            ),
        ))?;
    audit::record_at(
        tx,
        now,
        actor,
        "task",
        Some(task.id),
        "assign",
        None::<&()>,
        Some(&task),
    )?;
    Ok(task)
}

/// The folded text the search index holds for a task.
pub(crate) fn task_search_text(
    description: &str,
    follow_up: &str,
    document_number: &str,
    lead_unit: &str,
) -> String {
    text::fold(&format!(
        "{description} {follow_up} {document_number} {lead_unit}"
    ))
}

pub(crate) fn insert_event(
    tx: &Transaction,
    task_id: Id,
    at: DateTime<Utc>,
    actor: &Actor,
    unit_id: Option<Id>,
    late: Option<bool>,
    event: &TaskEvent,
) -> Result<()> {
    let payload = serde_json::to_string(event).expect("event serialises");
    tx.prepare_cached(
        "INSERT INTO task_events (task_id, at, actor_id, actor_name, unit_id, kind, late, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((task_id, ms(at), actor.person_id, &actor.name, unit_id, event.kind(), late, payload))?;
    Ok(())
}

fn apply_tx(
    tx: &Transaction,
    cal: &crate::calendar::WorkCalendar,
    actor: &Actor,
    task_id: Id,
    expected_version: Option<i64>,
    action: TaskAction,
    now: DateTime<Utc>,
) -> Result<Task> {
    let (rowid, before) = load_record(tx, task_id)?
        .ok_or_else(|| CoreError::NotFound("Không tìm thấy nhiệm vụ.".into()))?;
    match &action {
        TaskAction::Reassign { to_unit_id, .. } => {
            ensure_unit(tx, *to_unit_id, "to_unit_id")?;
        }
        TaskAction::SubmitResult(r) => {
            if let Some(a) = &r.attachment {
                attachments::ensure_blob(tx, a)?;
            }
        }
        _ => {}
    }
    let outbox_action = action.clone();
    let planned = action::plan(cal, &before, actor, expected_version, action, now)?;
    write_record(tx, rowid, &before, &planned.after)?;
    insert_event(
        tx,
        task_id,
        now,
        actor,
        planned.event_unit,
        planned.late,
        &planned.event,
    )?;
    audit::record_at(
        tx,
        now,
        actor,
        "task",
        Some(task_id),
        planned.event.kind(),
        Some(&before.task),
        Some(&planned.after.task),
    )?;
    outbox::append(
        tx,
        actor,
        now,
        &Mutation::TaskAction {
            task_id,
            base_version: before.task.version,
            action: outbox_action,
            at: now,
            seen: Some(SeenFields {
                deadline: before.task.deadline,
                lead_unit_id: before.task.lead_unit_id,
            }),
        },
    )?;
    Ok(planned.after.task)
}

/// Write a planned row over the stored one (`rowid`), keeping the coordinators and the
/// search index in step.
pub(crate) fn write_record(
    tx: &Transaction,
    rowid: i64,
    before: &TaskRecord,
    after: &TaskRecord,
) -> Result<()> {
    let t = &after.task;
    let local = |a: DateTime<Utc>| date_str(local_date(a));
    tx.prepare_cached(
        "UPDATE tasks SET state = ?2, lead_unit_id = ?3, deadline = ?4, original_deadline = ?5, classification = ?6,
            accepted_at = ?7, accepted_on = ?8, completed_submitted_at = ?9, completed_on = ?10, completed_reviewed_at = ?11,
            pending_submitted_at = ?12, pending_on = ?13, cancelled_at = ?14, cancelled_on = ?15, rejection_count = ?16,
            last_progress_at = ?17, extended_at = ?18, version = ?19, extension_requested_at = ?20
         WHERE rowid = ?1",
    )?
    .execute(rusqlite::params![
        rowid,
        t.state.as_str(),
        t.lead_unit_id,
        t.deadline.map(date_str),
        t.original_deadline.map(date_str),
        t.classification.as_str(),
        t.accepted_at.map(ms),
        t.accepted_at.map(local),
        t.completed_submitted_at.map(ms),
        t.completed_submitted_at.map(local),
        t.completed_reviewed_at.map(ms),
        after.pending_submitted_at.map(ms),
        after.pending_submitted_at.map(local),
        t.cancelled_at.map(ms),
        t.cancelled_at.map(local),
        t.rejection_count,
        after.last_progress_at.map(ms),
        after.extended_at.map(ms),
        t.version,
        after.extension_requested_at.map(ms),
    ])?;
    if t.coordinating_unit_ids != before.task.coordinating_unit_ids {
        tx.execute("DELETE FROM task_coordinators WHERE task_id = ?1", [t.id])?;
        for u in &t.coordinating_unit_ids {
            tx.prepare_cached("INSERT INTO task_coordinators (task_id, unit_id) VALUES (?1, ?2)")?
                .execute((t.id, u))?;
        }
    }
    if t.lead_unit_id != before.task.lead_unit_id {
        reindex_task(tx, rowid)?;
    }
    Ok(())
}

fn reindex_task(tx: &Transaction, rowid: i64) -> Result<()> {
    let (desc, fu, num, sym, unit): (String, String, String, String, String) = tx.query_row(
        "SELECT t.description, t.follow_up_content, d.number, d.symbol, u.name
         FROM tasks t JOIN documents d ON d.id = t.document_id JOIN units u ON u.id = t.lead_unit_id WHERE t.rowid = ?1",
        [rowid],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    tx.execute("DELETE FROM task_fts WHERE rowid = ?1", [rowid])?;
    tx.execute(
        "INSERT INTO task_fts (rowid, body) VALUES (?1, ?2)",
        (
            rowid,
            task_search_text(&desc, &fu, &full_number(&num, &sym), &unit),
        ),
    )?;
    Ok(())
}

pub(crate) fn reindex_all(tx: &Transaction) -> Result<()> {
    let mut st = tx.prepare(
        "SELECT t.rowid, t.description, t.follow_up_content, d.number, d.symbol, u.name
         FROM tasks t JOIN documents d ON d.id = t.document_id JOIN units u ON u.id = t.lead_unit_id",
    )?;
    let mut ins = tx.prepare("INSERT INTO task_fts (rowid, body) VALUES (?1, ?2)")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let body = task_search_text(
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
            &full_number(&r.get::<_, String>(3)?, &r.get::<_, String>(4)?),
            &r.get::<_, String>(5)?,
        );
        ins.execute((r.get::<_, i64>(0)?, body))?;
    }
    Ok(())
}

const TASK_COLUMNS: &str = "rowid, id, document_id, description, follow_up_content, lead_unit_id, follow_up_officer_id, director,
    direction_notes, original_deadline, deadline, must_report, origin, classification, state, assigned_at, accepted_at,
    completed_submitted_at, completed_reviewed_at, cancelled_at, rejection_count, version, pending_submitted_at,
    extension_requested_at, last_progress_at, extended_at";

/// The stored row of a task and its rowid.
pub(crate) fn load_record(conn: &Connection, id: Id) -> Result<Option<(i64, TaskRecord)>> {
    let raw = conn
        .prepare_cached(&format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1"))?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Task {
                    id: r.get(1)?,
                    document_id: r.get(2)?,
                    description: r.get(3)?,
                    follow_up_content: r.get(4)?,
                    lead_unit_id: r.get(5)?,
                    coordinating_unit_ids: Vec::new(),
                    follow_up_officer_id: r.get(6)?,
                    director: r.get(7)?,
                    direction_notes: r.get(8)?,
                    original_deadline: None,
                    deadline: None,
                    must_report: r.get(11)?,
                    origin: Origin::parse(&r.get::<_, String>(12)?).unwrap_or(Origin::Qc45),
                    classification: Classification::parse(&r.get::<_, String>(13)?)
                        .unwrap_or(Classification::D),
                    state: WorkflowState::parse(&r.get::<_, String>(14)?)
                        .unwrap_or(WorkflowState::Assigned),
                    assigned_at: from_ms(r.get(15)?),
                    accepted_at: opt_from_ms(r.get(16)?),
                    completed_submitted_at: opt_from_ms(r.get(17)?),
                    completed_reviewed_at: opt_from_ms(r.get(18)?),
                    cancelled_at: opt_from_ms(r.get(19)?),
                    rejection_count: r.get(20)?,
                    version: r.get(21)?,
                },
                (
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ),
                [
                    r.get::<_, Option<i64>>(22)?,
                    r.get::<_, Option<i64>>(23)?,
                    r.get::<_, Option<i64>>(24)?,
                    r.get::<_, Option<i64>>(25)?,
                ],
            ))
        })
        .optional()?;
    let Some((rowid, mut task, (original, deadline), [pending, ext, progress, extended])) = raw
    else {
        return Ok(None);
    };
    task.original_deadline = opt_date(original)?;
    task.deadline = opt_date(deadline)?;
    let mut st = conn.prepare_cached(
        "SELECT unit_id FROM task_coordinators WHERE task_id = ?1 ORDER BY unit_id",
    )?;
    task.coordinating_unit_ids = st
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some((
        rowid,
        TaskRecord {
            task,
            pending_submitted_at: opt_from_ms(pending),
            extension_requested_at: opt_from_ms(ext),
            last_progress_at: opt_from_ms(progress),
            extended_at: opt_from_ms(extended),
        },
    )))
}

pub(crate) fn load_task(conn: &Connection, id: Id) -> Result<Option<Task>> {
    Ok(load_record(conn, id)?.map(|(_, r)| r.task))
}
