//! Everything the task detail screen shows, gathered in one read: the task, its document,
//! the names behind its ids, the status derived as of a date, the timeline, the audited
//! changes and the files (the document's and those sent with result reports).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{from_ms, AuditEntry, Store};
use crate::error::{CoreError, Result};
use crate::model::{Attachment, Document, Id, Task, TaskEvent, TimelineEntry};
use crate::status::{derive, StatusFacts, TaskStatus};
use crate::timeliness::today_local;

/// An extension request (đề nghị gia hạn) waiting for the office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PendingExtension {
    pub requested_at: DateTime<Utc>,
    pub proposed_deadline: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaskDetail {
    pub task: Task,
    pub document: Document,
    pub lead_unit_name: String,
    pub coordinating_unit_names: Vec<String>,
    pub follow_up_officer_name: Option<String>,
    pub as_of: NaiveDate,
    pub status: TaskStatus,
    pub status_label: String,
    pub due_soon: bool,
    pub pending_extension: Option<PendingExtension>,
    /// Oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Every audited change of the task, oldest first.
    pub audit: Vec<AuditEntry>,
    /// Files sent with result reports, oldest first.
    pub result_files: Vec<Attachment>,
}

impl Store {
    /// The task detail as of `as_of` (today when None).
    pub fn task_detail(&self, id: Id, as_of: Option<NaiveDate>) -> Result<TaskDetail> {
        let as_of = as_of.unwrap_or_else(today_local);
        let task = self.task(id)?;
        let document = self.document(task.document_id)?;
        let unit_name = |u: Id| -> Result<String> {
            Ok(self
                .conn
                .prepare_cached("SELECT name FROM units WHERE id = ?1")?
                .query_row([u], |r| r.get(0))
                .optional()?
                .unwrap_or_default())
        };
        let lead_unit_name = unit_name(task.lead_unit_id)?;
        let coordinating_unit_names = task
            .coordinating_unit_ids
            .iter()
            .map(|u| unit_name(*u))
            .collect::<Result<_>>()?;
        let follow_up_officer_name = match task.follow_up_officer_id {
            Some(p) => self
                .conn
                .prepare_cached("SELECT full_name FROM people WHERE id = ?1")?
                .query_row([p], |r| r.get(0))
                .optional()?,
            None => None,
        };
        let (pending_at, requested_at): (Option<i64>, Option<i64>) = self
            .conn
            .prepare_cached(
                "SELECT pending_submitted_at, extension_requested_at FROM tasks WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|_| CoreError::NotFound("Không tìm thấy nhiệm vụ.".into()))?;
        let timeline = self.timeline(id)?;
        let pending_extension = requested_at.and_then(|at| {
            timeline.iter().rev().find_map(|e| match &e.event {
                TaskEvent::ExtensionRequested {
                    proposed_deadline,
                    reason,
                } => Some(PendingExtension {
                    requested_at: from_ms(at),
                    proposed_deadline: *proposed_deadline,
                    reason: reason.clone(),
                }),
                _ => None,
            })
        });
        let result_files = timeline
            .iter()
            .filter_map(|e| match &e.event {
                TaskEvent::ResultSubmitted(r) => r.attachment.clone(),
                _ => None,
            })
            .collect();
        let deadline = match task.deadline {
            Some(_) => self.deadline_in_force(id, task.original_deadline, as_of)?,
            None => None,
        };
        let facts = StatusFacts {
            state: task.state,
            assigned_at: task.assigned_at,
            accepted_at: task.accepted_at,
            deadline,
            completed_submitted_at: task.completed_submitted_at,
            pending_submitted_at: pending_at.map(from_ms),
            cancelled_at: task.cancelled_at,
        };
        let derived = derive(&facts, as_of, &self.calendar, self.settings.due_soon_days);
        let (status, due_soon) = derived
            .map(|d| (d.status, d.due_soon))
            .unwrap_or((TaskStatus::NotStarted, false));
        Ok(TaskDetail {
            audit: self.audit_of(id)?,
            task,
            document,
            lead_unit_name,
            coordinating_unit_names,
            follow_up_officer_name,
            as_of,
            status,
            status_label: status.label().into(),
            due_soon,
            pending_extension,
            timeline,
            result_files,
        })
    }
}
