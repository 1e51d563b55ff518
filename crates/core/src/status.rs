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
pub fn derive(
    f: &StatusFacts,
    as_of: NaiveDate,
    cal: &WorkCalendar,
    due_soon_days: u32,
) -> Option<Derived> {
    if local_date(f.assigned_at) > as_of {
        return None;
    }
    let on_or_before =
        |t: Option<DateTime<Utc>>| t.map(|t| local_date(t) <= as_of).unwrap_or(false);
    let not_soon = |status| {
        Some(Derived {
            status,
            due_soon: false,
        })
    };

    if f.state == WorkflowState::Cancelled && on_or_before(f.cancelled_at) {
        return not_soon(TaskStatus::Cancelled);
    }
    if let Some(sub) = f.completed_submitted_at.filter(|t| local_date(*t) <= as_of) {
        let late = f.deadline.is_some_and(|d| local_date(sub) > d);
        return not_soon(if late {
            TaskStatus::DoneLate
        } else {
            TaskStatus::DoneOnTime
        });
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
    let status = if started {
        TaskStatus::InProgressOnTime
    } else {
        TaskStatus::NotStarted
    };
    Some(Derived { status, due_soon })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeliness::local_instant;
    use chrono::NaiveTime;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn at(date: NaiveDate, h: u32, min: u32) -> DateTime<Utc> {
        local_instant(date, NaiveTime::from_hms_opt(h, min, 0).unwrap())
    }
    fn facts(deadline: Option<NaiveDate>) -> StatusFacts {
        StatusFacts {
            state: WorkflowState::InProgress,
            assigned_at: at(d(2026, 1, 5), 9, 0),
            accepted_at: Some(at(d(2026, 1, 6), 9, 0)),
            deadline,
            completed_submitted_at: None,
            pending_submitted_at: None,
            cancelled_at: None,
        }
    }

    #[test]
    fn deadline_day_is_in_time_and_the_day_after_is_overdue() {
        let cal = WorkCalendar::with_seed();
        let f = facts(Some(d(2026, 3, 4)));
        assert_eq!(
            derive(&f, d(2026, 3, 4), &cal, 3).unwrap().status,
            TaskStatus::InProgressOnTime
        );
        assert_eq!(
            derive(&f, d(2026, 3, 5), &cal, 3).unwrap().status,
            TaskStatus::Overdue
        );
        // Not assigned yet on that date: not counted.
        assert!(derive(&f, d(2026, 1, 4), &cal, 3).is_none());
    }

    #[test]
    fn completion_is_judged_by_submission_local_time() {
        let cal = WorkCalendar::with_seed();
        let deadline = d(2026, 3, 4);
        let mut f = facts(Some(deadline));
        f.state = WorkflowState::Done;
        // 23:30 on the deadline day, Vietnam time (16:30 UTC): on time.
        f.completed_submitted_at = Some(at(deadline, 23, 30));
        assert_eq!(
            derive(&f, d(2026, 3, 10), &cal, 3).unwrap().status,
            TaskStatus::DoneOnTime
        );
        // 00:30 the next day (still 4 March in UTC): late.
        f.completed_submitted_at = Some(at(d(2026, 3, 5), 0, 30));
        assert_eq!(
            derive(&f, d(2026, 3, 10), &cal, 3).unwrap().status,
            TaskStatus::DoneLate
        );
        // Before the submission date the task was still open (and overdue on 5/3 morning? no:
        // as of 4/3 it was in time).
        assert_eq!(
            derive(&f, d(2026, 3, 4), &cal, 3).unwrap().status,
            TaskStatus::InProgressOnTime
        );
    }

    #[test]
    fn pending_report_submitted_in_time_is_not_overdue() {
        let cal = WorkCalendar::with_seed();
        let mut f = facts(Some(d(2026, 3, 4)));
        f.state = WorkflowState::Submitted;
        f.pending_submitted_at = Some(at(d(2026, 3, 4), 16, 0));
        assert_eq!(
            derive(&f, d(2026, 3, 9), &cal, 3).unwrap().status,
            TaskStatus::InProgressOnTime
        );
        f.pending_submitted_at = Some(at(d(2026, 3, 5), 8, 0));
        assert_eq!(
            derive(&f, d(2026, 3, 9), &cal, 3).unwrap().status,
            TaskStatus::Overdue
        );
    }

    #[test]
    fn due_soon_counts_working_days_across_tet() {
        let cal = WorkCalendar::with_seed();
        // Deadline Wed 25/02/2026. As of Fri 13/02 the next working days are 23, 24, 25/02
        // (Tết 16–20/02): due within 3 working days.
        let f = facts(Some(d(2026, 2, 25)));
        assert!(derive(&f, d(2026, 2, 13), &cal, 3).unwrap().due_soon);
        // As of Thu 12/02 it is 4 working days away.
        assert!(!derive(&f, d(2026, 2, 12), &cal, 3).unwrap().due_soon);
        // Configurable threshold.
        assert!(derive(&f, d(2026, 2, 12), &cal, 4).unwrap().due_soon);
    }

    #[test]
    fn other_states() {
        let cal = WorkCalendar::with_seed();
        let mut f = facts(None);
        assert_eq!(
            derive(&f, d(2026, 3, 4), &cal, 3).unwrap().status,
            TaskStatus::NoDeadline
        );
        f.deadline = Some(d(2026, 6, 1));
        f.accepted_at = None;
        f.state = WorkflowState::Assigned;
        assert_eq!(
            derive(&f, d(2026, 3, 4), &cal, 3).unwrap().status,
            TaskStatus::NotStarted
        );
        // Not accepted and past the deadline: overdue wins.
        assert_eq!(
            derive(&f, d(2026, 6, 2), &cal, 3).unwrap().status,
            TaskStatus::Overdue
        );
        f.state = WorkflowState::Cancelled;
        f.cancelled_at = Some(at(d(2026, 4, 1), 10, 0));
        assert_eq!(
            derive(&f, d(2026, 4, 1), &cal, 3).unwrap().status,
            TaskStatus::Cancelled
        );
        assert_eq!(
            derive(&f, d(2026, 3, 31), &cal, 3).unwrap().status,
            TaskStatus::NotStarted
        );
        // Done without a deadline counts as done on time.
        let mut g = facts(None);
        g.state = WorkflowState::Done;
        g.completed_submitted_at = Some(at(d(2026, 2, 2), 9, 0));
        assert_eq!(
            derive(&g, d(2026, 3, 4), &cal, 3).unwrap().status,
            TaskStatus::DoneOnTime
        );
    }
}
