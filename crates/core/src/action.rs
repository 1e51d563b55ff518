//! A lifecycle action planned on a task without touching any database: given the task's row
//! as it is now, who acts and what they do, the row as it must become and the timeline event
//! to record. The local store and the office sync both write what this decides, so a
//! mutation replayed on the server's copy of a task follows exactly the rules it followed
//! on the PC where the user acted.

use chrono::{DateTime, Utc};

use crate::calendar::WorkCalendar;
use crate::error::{CoreError, Result};
use crate::lifecycle::{self, Actor};
use crate::model::{Classification, Id, ResultOutcome, Task, TaskEvent};
use crate::store::TaskAction;
use crate::timeliness::{self, local_date};

/// A task row: the `Task` plus the bookkeeping columns the lifecycle reads and writes.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRecord {
    pub task: Task,
    /// When the result now waiting for review was submitted (báo cáo hoàn thành).
    pub pending_submitted_at: Option<DateTime<Utc>>,
    /// When the lead unit asked for an extension that the office has not decided yet.
    pub extension_requested_at: Option<DateTime<Utc>>,
    pub last_progress_at: Option<DateTime<Utc>>,
    pub extended_at: Option<DateTime<Utc>>,
}

/// What an action does to a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub after: TaskRecord,
    pub event: TaskEvent,
    /// The unit accountable for the event (the lead unit, or the reviewing office).
    pub event_unit: Option<Id>,
    /// Timeliness of a result entry or a review (DOMAIN.md §5).
    pub late: Option<bool>,
}

/// Decide what `action` (already validated) does to `before`, or refuse it. Existence of
/// units and files the action names is the caller's to check.
pub fn plan(
    cal: &WorkCalendar,
    before: &TaskRecord,
    actor: &Actor,
    expected_version: Option<i64>,
    action: TaskAction,
    now: DateTime<Utc>,
) -> Result<Planned> {
    let b = &before.task;
    if expected_version.is_some_and(|v| v != b.version) {
        return Err(CoreError::Stale);
    }
    let next_state = lifecycle::check(b.state, b.lead_unit_id, actor, action.kind())?;
    let mut after = before.clone();
    let t = &mut after.task;
    t.state = next_state;
    t.version += 1;
    let lead = b.lead_unit_id;
    let (mut event, event_unit) = match action {
        TaskAction::Accept => {
            t.accepted_at = Some(now);
            (TaskEvent::Accepted, Some(lead))
        }
        TaskAction::Return { reason } => (TaskEvent::Returned { reason }, Some(lead)),
        TaskAction::Reassign { to_unit_id, note } => {
            t.lead_unit_id = to_unit_id;
            t.accepted_at = None;
            after.extension_requested_at = None;
            t.coordinating_unit_ids.retain(|u| *u != to_unit_id);
            (
                TaskEvent::Reassigned {
                    from_unit_id: lead,
                    to_unit_id,
                    note,
                },
                Some(to_unit_id),
            )
        }
        TaskAction::Progress(p) => {
            after.last_progress_at = Some(now);
            (TaskEvent::Progress(p), Some(lead))
        }
        TaskAction::SubmitResult(r) => {
            if r.outcome == ResultOutcome::Completed {
                after.pending_submitted_at = Some(now);
            }
            (TaskEvent::ResultSubmitted(r), Some(lead))
        }
        TaskAction::Review { passed, comment } => {
            let submitted = before.pending_submitted_at.ok_or_else(|| {
                CoreError::IllegalTransition("Không có kết quả nào đang chờ đánh giá.".into())
            })?;
            if passed {
                t.completed_submitted_at = Some(submitted);
                t.completed_reviewed_at = Some(now);
                after.extension_requested_at = None;
            } else {
                t.rejection_count += 1;
            }
            after.pending_submitted_at = None;
            (
                TaskEvent::Reviewed {
                    passed,
                    comment,
                    // Set below with the other flags.
                    late: false,
                },
                actor.unit_id,
            )
        }
        TaskAction::Extend(e) => {
            if let Some(cur) = b.deadline {
                if e.new_deadline <= cur {
                    return Err(CoreError::invalid(
                        "new_deadline",
                        format!(
                            "Thời hạn mới phải sau thời hạn hiện tại ({}).",
                            cur.format("%d/%m/%Y")
                        ),
                    ));
                }
            } else if e.new_deadline < local_date(b.assigned_at) {
                return Err(CoreError::invalid(
                    "new_deadline",
                    "Thời hạn mới không được trước ngày giao nhiệm vụ.",
                ));
            }
            t.deadline = Some(e.new_deadline);
            after.extension_requested_at = None;
            after.extended_at = Some(now);
            if t.original_deadline.is_none() {
                t.original_deadline = Some(e.new_deadline);
            }
            t.classification = Classification::of(true, t.must_report);
            (
                TaskEvent::Extended {
                    from: b.deadline,
                    extension: e,
                },
                Some(lead),
            )
        }
        TaskAction::Cancel { reason, withdrawn } => {
            t.cancelled_at = Some(now);
            after.extension_requested_at = None;
            (TaskEvent::Cancelled { reason, withdrawn }, Some(lead))
        }
        TaskAction::RequestExtension {
            proposed_deadline,
            reason,
        } => {
            if before.extension_requested_at.is_some() {
                return Err(CoreError::IllegalTransition(
                    "Đã có một đề nghị gia hạn đang chờ Văn phòng xem xét.".into(),
                ));
            }
            let floor = b.deadline.unwrap_or(local_date(b.assigned_at));
            if proposed_deadline <= floor {
                return Err(CoreError::invalid(
                    "proposed_deadline",
                    format!(
                        "Thời hạn đề nghị phải sau {} ({}).",
                        if b.deadline.is_some() {
                            "thời hạn hiện tại"
                        } else {
                            "ngày giao nhiệm vụ"
                        },
                        floor.format("%d/%m/%Y")
                    ),
                ));
            }
            after.extension_requested_at = Some(now);
            (
                TaskEvent::ExtensionRequested {
                    proposed_deadline,
                    reason,
                },
                Some(lead),
            )
        }
        TaskAction::RefuseExtension { comment } => {
            if before.extension_requested_at.is_none() {
                return Err(CoreError::IllegalTransition(
                    "Nhiệm vụ không có đề nghị gia hạn nào đang chờ xem xét.".into(),
                ));
            }
            after.extension_requested_at = None;
            (TaskEvent::ExtensionRefused { comment }, actor.unit_id)
        }
    };
    // The same rule judges a downloaded timeline (`timeliness::timeline_lateness`): a
    // review against the result waiting for it.
    let late = timeliness::event_lateness(cal, &event, now, before.pending_submitted_at);
    timeliness::set_event_lateness(&mut event, late);
    Ok(Planned {
        after,
        event,
        event_unit,
        late,
    })
}
