//! Tasks from secret directives, kept only in this store, with the main app's lifecycle
//! (`nhiemvu_core::action::plan`) and statuses (`nhiemvu_core::status::derive`). Units
//! report on secret tasks on paper; the văn thư mật records what they report and what the
//! office decides, so every action here is the clerk's, on the units' and the office's
//! behalf. Quarterly, 6-month and yearly statistics feed the paper report.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use nhiemvu_core::action::{self, TaskRecord};
use nhiemvu_core::calendar::WorkCalendar;
use nhiemvu_core::lifecycle::Actor;
use nhiemvu_core::model::{Classification, Id, Origin, Role, Task, TaskEvent, Unit, WorkflowState};
use nhiemvu_core::stats::{Counts, UnitCounts};
use nhiemvu_core::status::{derive, StatusFacts, TaskStatus};
use nhiemvu_core::store::{NewTask, TaskAction};
use nhiemvu_core::timeliness::{local_date, local_instant};

use crate::audit;
use crate::error::{Result, SecretError};
use crate::model::{Clerk, EntryStatus};
use crate::registers::{instant_str, opt_instant, parse_instant, uid};
use crate::store::SecretStore;

/// A new task of a secret directive (an entry of either register).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewSecretTask {
    pub entry_id: Id,
    pub task: NewTask,
    /// QC45 (UBND tỉnh giao) unless the directive conveys the Government's.
    pub origin: Option<Origin>,
}

/// A task as the window lists it, with its status as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretTaskRow {
    pub task: Task,
    pub entry_id: Id,
    pub lead_unit_name: String,
    /// None when it was not yet assigned on the as-of date.
    pub status: Option<TaskStatus>,
    pub due_soon: bool,
    /// The deadline in force on the as-of date.
    pub deadline_in_force: Option<NaiveDate>,
    pub extension_requested: bool,
    pub waiting_for_review: bool,
}

/// One event of a task's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretTaskEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub late: Option<bool>,
    pub event: TaskEvent,
}

/// Statistics of the secret tasks assigned in a period, as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretStatistics {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
    pub by_unit: Vec<UnitCounts>,
    pub total: Counts,
}

/// The clerk records both sides of the lifecycle, so acts with the rights of both.
fn actor_of(clerk: &Clerk) -> Actor {
    Actor {
        person_id: clerk.person_id,
        unit_id: clerk.unit_id,
        role: Role::Admin,
        name: clerk.name.clone(),
    }
}

const TASK_COLS: &str =
    "id, entry_id, task, lead_unit_name, pending_submitted_at, extension_requested_at, last_progress_at, extended_at";

struct Stored {
    record: TaskRecord,
    entry_id: Id,
    lead_unit_name: String,
}

fn stored_row(r: &Row) -> rusqlite::Result<Stored> {
    let json: String = r.get(2)?;
    let task: Task = serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Stored {
        record: TaskRecord {
            task,
            pending_submitted_at: opt_instant(r.get(4)?)?,
            extension_requested_at: opt_instant(r.get(5)?)?,
            last_progress_at: opt_instant(r.get(6)?)?,
            extended_at: opt_instant(r.get(7)?)?,
        },
        entry_id: uid(r, 1)?,
        lead_unit_name: r.get(3)?,
    })
}

fn unit_name(units: &[Unit], id: Id, field: &'static str) -> Result<String> {
    units
        .iter()
        .find(|u| u.id == id)
        .map(|u| u.name.clone())
        .ok_or_else(|| SecretError::invalid(field, "Không tìm thấy đơn vị đã chọn."))
}

fn write_task(tx: &Transaction, rec: &TaskRecord, lead_unit_name: &str) -> Result<()> {
    tx.execute(
        "UPDATE tasks SET task = ?2, lead_unit_name = ?3, pending_submitted_at = ?4, extension_requested_at = ?5,
            last_progress_at = ?6, extended_at = ?7 WHERE id = ?1",
        rusqlite::params![
            rec.task.id.to_string(),
            serde_json::to_string(&rec.task).expect("task serialises"),
            lead_unit_name,
            rec.pending_submitted_at.map(instant_str),
            rec.extension_requested_at.map(instant_str),
            rec.last_progress_at.map(instant_str),
            rec.extended_at.map(instant_str),
        ],
    )?;
    Ok(())
}

fn insert_event(
    tx: &Transaction,
    task_id: Id,
    at: DateTime<Utc>,
    actor: &str,
    late: Option<bool>,
    event: &TaskEvent,
) -> Result<()> {
    tx.execute(
        "INSERT INTO task_events (task_id, at, actor, kind, late, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![
            task_id.to_string(),
            instant_str(at),
            actor,
            event.kind(),
            late,
            serde_json::to_string(event).expect("event serialises"),
        ],
    )?;
    Ok(())
}

impl SecretStore {
    fn stored(&self, id: Id) -> Result<Stored> {
        self.conn
            .query_row(
                &format!("SELECT {TASK_COLS} FROM tasks WHERE id = ?1"),
                [id.to_string()],
                stored_row,
            )
            .optional()?
            .ok_or(SecretError::NotFound("nhiệm vụ mật này"))
    }

    /// Giao a task from a secret directive. `units` is the directory the lead unit is
    /// chosen from (the names of units are not secret).
    pub fn add_task(&mut self, t: NewSecretTask, units: &[Unit]) -> Result<SecretTaskRow> {
        let entry = self.entry(t.entry_id)?;
        if entry.status != EntryStatus::Active {
            return Err(SecretError::Refused(format!(
                "Văn bản số {}/{} đang ở trạng thái «{}»; không giao thêm nhiệm vụ.",
                entry.number,
                entry.year,
                entry.status.label()
            )));
        }
        let issued_on = entry.doc_date.unwrap_or(entry.registered_on);
        let v = t.task.validated(issued_on)?;
        let lead_name = unit_name(units, v.lead, "lead_unit_id")?;
        for u in &v.t.coordinating_unit_ids {
            unit_name(units, *u, "coordinating_unit_ids")?;
        }
        let now = Utc::now();
        let task = Task {
            id: Uuid::now_v7(),
            document_id: entry.id,
            description: v.t.description,
            follow_up_content: v.t.follow_up_content,
            lead_unit_id: v.lead,
            coordinating_unit_ids: v.t.coordinating_unit_ids,
            follow_up_officer_id: None,
            director: v.t.director,
            direction_notes: v.t.direction_notes,
            original_deadline: v.t.deadline,
            deadline: v.t.deadline,
            must_report: v.t.must_report,
            origin: t.origin.unwrap_or(Origin::Qc45),
            classification: Classification::of(v.t.deadline.is_some(), v.t.must_report),
            state: WorkflowState::Assigned,
            assigned_at: now,
            accepted_at: None,
            completed_submitted_at: None,
            completed_reviewed_at: None,
            cancelled_at: None,
            rejection_count: 0,
            version: 1,
        };
        let id = task.id;
        self.write(|tx, clerk| {
            tx.execute(
                "INSERT INTO tasks (id, entry_id, task, lead_unit_name) VALUES (?1, ?2, ?3, ?4)",
                (
                    id.to_string(),
                    entry.id.to_string(),
                    serde_json::to_string(&task).expect("task serialises"),
                    &lead_name,
                ),
            )?;
            insert_event(
                tx,
                id,
                now,
                &clerk.name,
                None,
                &TaskEvent::Assigned {
                    lead_unit_id: task.lead_unit_id,
                },
            )?;
            audit::record(tx, clerk, "add_task", "task", Some(&id.to_string()))
        })?;
        self.task_row(id, None, &WorkCalendar::with_seed(), 0)
    }

    /// Take a lifecycle action, recorded by the clerk, with the same rules as the main app.
    pub fn apply_task_action(
        &mut self,
        cal: &WorkCalendar,
        task_id: Id,
        expected_version: Option<i64>,
        action: TaskAction,
        units: &[Unit],
    ) -> Result<SecretTaskRow> {
        let now = Utc::now();
        let action = action.validated(local_date(now))?;
        if let TaskAction::SubmitResult(r) = &action {
            if r.attachment.is_some() {
                return Err(SecretError::invalid(
                    "attachment",
                    "Sổ mật không lưu tệp đính kèm: ghi số, ký hiệu của văn bản trả lời.",
                ));
            }
        }
        let before = self.stored(task_id)?;
        let lead_name = match &action {
            TaskAction::Reassign { to_unit_id, .. } => unit_name(units, *to_unit_id, "to_unit_id")?,
            _ => before.lead_unit_name.clone(),
        };
        let actor = actor_of(&self.clerk);
        let planned = action::plan(cal, &before.record, &actor, expected_version, action, now)?;
        self.write(|tx, clerk| {
            write_task(tx, &planned.after, &lead_name)?;
            insert_event(tx, task_id, now, &clerk.name, planned.late, &planned.event)?;
            audit::record(
                tx,
                clerk,
                planned.event.kind(),
                "task",
                Some(&task_id.to_string()),
            )
        })?;
        self.task_row(task_id, None, cal, 0)
    }

    /// The deadline in force at the end of `as_of`: the last extension made by then, or
    /// the original deadline.
    fn deadline_in_force(&self, s: &Stored, as_of: NaiveDate) -> Result<Option<NaiveDate>> {
        if s.record.extended_at.is_none_or(|t| local_date(t) <= as_of) {
            return Ok(s.record.task.deadline);
        }
        let end = local_instant(as_of.succ_opt().unwrap_or(as_of), NaiveTime::MIN);
        let payload: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT payload FROM task_events WHERE task_id = ?1 AND kind = 'extended' AND at < ?2 ORDER BY at DESC, id DESC LIMIT 1",
            )?
            .query_row((s.record.task.id.to_string(), instant_str(end)), |r| r.get(0))
            .optional()?;
        Ok(
            match payload.and_then(|p| serde_json::from_str::<TaskEvent>(&p).ok()) {
                Some(TaskEvent::Extended { extension, .. }) => Some(extension.new_deadline),
                _ => s.record.task.original_deadline,
            },
        )
    }

    fn row_of(
        &self,
        s: Stored,
        as_of: NaiveDate,
        cal: &WorkCalendar,
        due_soon_days: u32,
    ) -> Result<SecretTaskRow> {
        let deadline = self.deadline_in_force(&s, as_of)?;
        let t = &s.record.task;
        let facts = StatusFacts {
            state: t.state,
            assigned_at: t.assigned_at,
            accepted_at: t.accepted_at,
            deadline,
            completed_submitted_at: t.completed_submitted_at,
            pending_submitted_at: s.record.pending_submitted_at,
            cancelled_at: t.cancelled_at,
        };
        let d = derive(&facts, as_of, cal, due_soon_days);
        Ok(SecretTaskRow {
            entry_id: s.entry_id,
            lead_unit_name: s.lead_unit_name,
            status: d.map(|d| d.status),
            due_soon: d.is_some_and(|d| d.due_soon),
            deadline_in_force: deadline,
            extension_requested: s.record.extension_requested_at.is_some(),
            waiting_for_review: s.record.pending_submitted_at.is_some(),
            task: s.record.task,
        })
    }

    /// One task with its status as of `as_of` (today when None).
    pub fn task_row(
        &self,
        id: Id,
        as_of: Option<NaiveDate>,
        cal: &WorkCalendar,
        due_soon_days: u32,
    ) -> Result<SecretTaskRow> {
        let s = self.stored(id)?;
        let as_of = as_of.unwrap_or_else(nhiemvu_core::timeliness::today_local);
        self.row_of(s, as_of, cal, due_soon_days)
    }

    /// Every secret task (of one directive when `entry_id` is given), newest first.
    pub fn task_rows(
        &self,
        entry_id: Option<Id>,
        as_of: NaiveDate,
        cal: &WorkCalendar,
        due_soon_days: u32,
    ) -> Result<Vec<SecretTaskRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {TASK_COLS} FROM tasks WHERE ?1 IS NULL OR entry_id = ?1 ORDER BY id DESC"
        ))?;
        let stored: Vec<Stored> = st
            .query_map([entry_id.map(|e| e.to_string())], stored_row)?
            .collect::<rusqlite::Result<_>>()?;
        stored
            .into_iter()
            .map(|s| self.row_of(s, as_of, cal, due_soon_days))
            .collect()
    }

    /// A task's timeline, oldest first.
    pub fn task_events(&self, id: Id) -> Result<Vec<SecretTaskEvent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT at, actor, late, payload FROM task_events WHERE task_id = ?1 ORDER BY at, id",
        )?;
        let rows = st.query_map([id.to_string()], |r| {
            let payload: String = r.get(3)?;
            Ok(SecretTaskEvent {
                at: parse_instant(&r.get::<_, String>(0)?)?,
                actor: r.get(1)?,
                late: r.get(2)?,
                event: serde_json::from_str(&payload).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        3,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The statistics of the paper report: tasks assigned from `from` to `to`, their status
    /// as of `as_of`, per lead unit and in total, as the main app counts them.
    pub fn task_statistics(
        &self,
        cal: &WorkCalendar,
        from: NaiveDate,
        to: NaiveDate,
        as_of: NaiveDate,
        due_soon_days: u32,
    ) -> Result<SecretStatistics> {
        let mut by_unit: Vec<UnitCounts> = Vec::new();
        let mut total = Counts::default();
        for row in self.task_rows(None, as_of, cal, due_soon_days)? {
            let assigned_on = local_date(row.task.assigned_at);
            if assigned_on < from || assigned_on > to {
                continue;
            }
            let Some(status) = row.status else { continue };
            total.add(status, row.due_soon);
            match by_unit
                .iter_mut()
                .find(|u| u.unit_id == row.task.lead_unit_id)
            {
                Some(u) => u.counts.add(status, row.due_soon),
                None => {
                    let mut counts = Counts::default();
                    counts.add(status, row.due_soon);
                    by_unit.push(UnitCounts {
                        unit_id: row.task.lead_unit_id,
                        unit_name: row.lead_unit_name.clone(),
                        counts,
                    });
                }
            }
        }
        by_unit.sort_by(|a, b| {
            nhiemvu_core::text::sort_key(&a.unit_name)
                .cmp(&nhiemvu_core::text::sort_key(&b.unit_name))
        });
        Ok(SecretStatistics {
            from,
            to,
            as_of,
            by_unit,
            total,
        })
    }
}
