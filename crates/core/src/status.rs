//! The reporting status of a task, derived as of a date from the lifecycle facts and the
//! working-day calendar. Never stored as truth (DOMAIN.md §3, "Status for reports").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::WorkCalendar;
use crate::model::WorkflowState;
use crate::timeliness::local_date;

/// The status used in registers and reports: the 2×2 of the Government Office (hoàn thành /
/// chưa hoàn thành × đúng hạn / quá hạn) plus the states outside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TaskStatus {
    /// Hoàn thành đúng hạn (including trước hạn, and tasks without deadline that are done).
    DoneOnTime,
    /// Hoàn thành quá hạn: the accepted result was submitted after the deadline.
    DoneLate,
    /// Đang thực hiện trong hạn (sắp đến hạn is a flag on top of this, see `due_soon`).
    InProgressOnTime,
    /// Chưa hoàn thành quá hạn.
    Overdue,
    /// Chưa thực hiện: assigned but not yet accepted by the unit (and not overdue).
    NotStarted,
    /// Không thời hạn: unfinished, without a deadline.
    NoDeadline,
    /// Đã hủy / thu hồi.
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 7] = [
        TaskStatus::DoneOnTime,
        TaskStatus::DoneLate,
        TaskStatus::InProgressOnTime,
        TaskStatus::Overdue,
        TaskStatus::NotStarted,
        TaskStatus::NoDeadline,
        TaskStatus::Cancelled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::DoneOnTime => "Hoàn thành đúng hạn",
            TaskStatus::DoneLate => "Hoàn thành quá hạn",
            TaskStatus::InProgressOnTime => "Đang thực hiện trong hạn",
            TaskStatus::Overdue => "Chưa hoàn thành quá hạn",
            TaskStatus::NotStarted => "Chưa thực hiện",
            TaskStatus::NoDeadline => "Không thời hạn",
            TaskStatus::Cancelled => "Đã hủy",
        }
    }
    pub fn is_done(self) -> bool {
        matches!(self, TaskStatus::DoneOnTime | TaskStatus::DoneLate)
    }
}

/// Status filter of the register: one status, or "sắp đến hạn" (due soon).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatusFilter {
    DoneOnTime,
    DoneLate,
    InProgressOnTime,
    Overdue,
    NotStarted,
    NoDeadline,
    Cancelled,
    /// Sắp đến hạn: unfinished, deadline within the configured working days.
    DueSoon,
    /// Every unfinished task that is not cancelled.
    Unfinished,
}

/// What status derivation needs to know about a task.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatusFacts {
    pub state: WorkflowState,
    pub assigned_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// The deadline in force on the as-of date (extensions approved later do not count).
    pub deadline: Option<NaiveDate>,
    /// Submission time of the result report that the office accepted (đạt).
    pub completed_submitted_at: Option<DateTime<Utc>>,
    /// Submission time of a completed-result report still waiting for review.
    pub pending_submitted_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// The derived status and whether the task is due soon (orange in the register).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derived {
    pub status: TaskStatus,
    pub due_soon: bool,
}

/// Derive the status as of the end of `as_of` (local date, Asia/Ho_Chi_Minh).
///
/// Returns None when the task was not yet assigned on that date. Completion counts from
/// the submission of the accepted result report, not from the review (Đồng Tháp Đ7.6);
/// a completed-result report waiting for review that was submitted in time keeps the task
/// out of "quá hạn".
pub fn derive(f: &StatusFacts, as_of: NaiveDate, cal: &WorkCalendar, due_soon_days: u32) -> Option<Derived> {
    if local_date(f.assigned_at) > as_of {
        return None;
    }
    let on_or_before = |t: Option<DateTime<Utc>>| t.map(|t| local_date(t) <= as_of).unwrap_or(false);
    let not_soon = |status| Some(Derived { status, due_soon: false });

    if f.state == WorkflowState::Cancelled && on_or_before(f.cancelled_at) {
        return not_soon(TaskStatus::Cancelled);
    }
    if let Some(sub) = f.completed_submitted_at.filter(|t| local_date(*t) <= as_of) {
        let late = f.deadline.is_some_and(|d| local_date(sub) > d);
        return not_soon(if late { TaskStatus::DoneLate } else { TaskStatus::DoneOnTime });
    }
    let Some(deadline) = f.deadline else {
        return not_soon(TaskStatus::NoDeadline);
    };
    let pending_in_time = f
        .pending_submitted_at
        .is_some_and(|t| local_date(t) <= as_of && local_date(t) <= deadline);
    if as_of > deadline && !pending_in_time {
        return not_soon(TaskStatus::Overdue);
    }
    let due_soon = !pending_in_time && deadline <= cal.add_working_days(as_of, due_soon_days);
    let started = on_or_before(f.accepted_at);
    let status = if started { TaskStatus::InProgressOnTime } else { TaskStatus::NotStarted };
    Some(Derived { status, due_soon })
}
