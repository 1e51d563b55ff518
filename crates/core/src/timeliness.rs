//! Local time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving) and the time limits of
//! DOMAIN.md §5 that the app records: entry of documents, entry of result reports, review.
//! Every PC derives these flags itself, for its own actions and for what it downloads
//! (`timeline_lateness`): the office database is never trusted with them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc};

use crate::calendar::WorkCalendar;
use crate::model::{ResultOutcome, TaskEvent, Urgency};

/// Vietnam is UTC+7 all year.
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

/// The local calendar date of an instant.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&vn_offset()).date_naive()
}

/// Today in Vietnam.
pub fn today_local() -> NaiveDate {
    local_date(Utc::now())
}

/// An instant at a local date and time.
pub fn local_instant(d: NaiveDate, t: NaiveTime) -> DateTime<Utc> {
    d.and_time(t)
        .and_local_timezone(vn_offset())
        .single()
        .expect("fixed offset")
        .with_timezone(&Utc)
}

/// The 15:00 rule (Đồng Tháp Đ6.3b, Đ6.4, Đ7.5): something that arrives after 15:00, or on a
/// day off, may be handled on the next working day without being late. Returns the last
/// day on which handling something that arrived at `t` is still in time.
pub fn same_day_limit(cal: &WorkCalendar, t: DateTime<Utc>) -> NaiveDate {
    let local = t.with_timezone(&vn_offset());
    let d = local.date_naive();
    if !cal.is_working_day(d) {
        cal.next_working_day_from(d)
    } else if local.hour() >= 15 {
        cal.add_working_days(d, 1)
    } else {
        d
    }
}

/// Last day on which the office may enter a directive document and its tasks: 2 working days
/// after issuance (Quảng Trị Đ8); hỏa tốc the same day (the next working day if it was
/// issued on a day off).
pub fn document_entry_limit(
    cal: &WorkCalendar,
    issued_on: NaiveDate,
    urgency: Urgency,
) -> NaiveDate {
    match urgency {
        Urgency::Flash => cal.next_working_day_from(issued_on),
        _ => cal.add_working_days(issued_on, 2),
    }
}

pub fn is_document_entry_late(
    cal: &WorkCalendar,
    issued_on: NaiveDate,
    urgency: Urgency,
    entered_at: DateTime<Utc>,
) -> bool {
    local_date(entered_at) > document_entry_limit(cal, issued_on, urgency)
}

/// A unit enters its result report the same day as its reply document (Đồng Tháp Đ7.5).
/// The reply's time of day is not recorded, so the 15:00 rule is granted: the limit is the
/// next working day after the reply document's date.
pub fn is_result_entry_late(
    cal: &WorkCalendar,
    reply_issued_on: NaiveDate,
    submitted_at: DateTime<Utc>,
) -> bool {
    local_date(submitted_at) > cal.add_working_days(reply_issued_on, 1)
}

/// The office reviews a result the same working day it is submitted, 15:00 rule (Đ6.4).
pub fn is_review_late(
    cal: &WorkCalendar,
    submitted_at: DateTime<Utc>,
    reviewed_at: DateTime<Utc>,
) -> bool {
    local_date(reviewed_at) > same_day_limit(cal, submitted_at)
}

/// The lateness a timeline entry records (`task_events.late`): a result entry against its
/// reply document's date, a review against the submission of the result it decides
/// (`submitted_at`; with none known it is not late); other entries record none. The one
/// rule behind `action::plan` and `timeline_lateness`.
pub fn event_lateness(
    cal: &WorkCalendar,
    event: &TaskEvent,
    at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
) -> Option<bool> {
    match event {
        TaskEvent::ResultSubmitted(r) => Some(is_result_entry_late(cal, r.reply_issued_on, at)),
        TaskEvent::Reviewed { .. } => {
            Some(submitted_at.is_some_and(|s| is_review_late(cal, s, at)))
        }
        _ => None,
    }
}

/// The lateness of every entry of a task's timeline, given oldest first (as the store
/// reads it: by time, then as written). A review is judged against the latest earlier
/// submission of a completed result, the one `action::plan` keeps waiting for review, so a
/// timeline downloaded from the office database gets the flags its actions got where
/// they were taken.
pub fn timeline_lateness<'a>(
    cal: &WorkCalendar,
    timeline: impl IntoIterator<Item = (DateTime<Utc>, &'a TaskEvent)>,
) -> Vec<Option<bool>> {
    let mut submitted: Option<DateTime<Utc>> = None;
    timeline
        .into_iter()
        .map(|(at, event)| {
            let late = event_lateness(cal, event, at, submitted);
            if let TaskEvent::ResultSubmitted(r) = event {
                if r.outcome == ResultOutcome::Completed {
                    submitted = Some(at);
                }
            }
            late
        })
        .collect()
}

/// Write `late` into the event's own copy of it (a review's payload carries the flag too).
pub fn set_event_lateness(event: &mut TaskEvent, late: Option<bool>) {
    if let TaskEvent::Reviewed { late: flag, .. } = event {
        *flag = late.unwrap_or(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn at(date: NaiveDate, h: u32, min: u32) -> DateTime<Utc> {
        local_instant(date, NaiveTime::from_hms_opt(h, min, 0).unwrap())
    }

    #[test]
    fn local_date_is_utc_plus_7() {
        // 17:30 UTC is 00:30 the next day in Vietnam.
        let t = DateTime::parse_from_rfc3339("2026-03-02T17:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(local_date(t), d(2026, 3, 3));
    }

    #[test]
    fn fifteen_hundred_rule_for_review() {
        let cal = WorkCalendar::with_seed();
        let wed = d(2026, 3, 4);
        // Submitted 14:59 Wednesday: review due Wednesday.
        assert!(!is_review_late(&cal, at(wed, 14, 59), at(wed, 17, 0)));
        assert!(is_review_late(
            &cal,
            at(wed, 14, 59),
            at(d(2026, 3, 5), 8, 0)
        ));
        // Submitted 15:00 Wednesday: Thursday is still in time, Friday is late.
        assert!(!is_review_late(
            &cal,
            at(wed, 15, 0),
            at(d(2026, 3, 5), 16, 0)
        ));
        assert!(is_review_late(
            &cal,
            at(wed, 15, 0),
            at(d(2026, 3, 6), 8, 0)
        ));
        // Submitted 16:00 Friday 13/02/2026, before Tết: in time until Monday 23/02.
        assert!(!is_review_late(
            &cal,
            at(d(2026, 2, 13), 16, 0),
            at(d(2026, 2, 23), 9, 0)
        ));
        assert!(is_review_late(
            &cal,
            at(d(2026, 2, 13), 16, 0),
            at(d(2026, 2, 24), 9, 0)
        ));
        // Submitted on a Saturday morning: Monday is in time.
        assert!(!is_review_late(
            &cal,
            at(d(2026, 3, 7), 9, 0),
            at(d(2026, 3, 9), 16, 0)
        ));
    }

    #[test]
    fn document_entry_limits() {
        let cal = WorkCalendar::with_seed();
        // Issued Thursday 12/02/2026: two working days cross Tết → Tuesday 24/02? No: Fri 13/02
        // is the first, Mon 23/02 the second (16–20/02 are Tết days off).
        assert_eq!(
            document_entry_limit(&cal, d(2026, 2, 12), Urgency::Normal),
            d(2026, 2, 23)
        );
        // Hỏa tốc: the same day.
        assert_eq!(
            document_entry_limit(&cal, d(2026, 3, 4), Urgency::Flash),
            d(2026, 3, 4)
        );
        assert!(is_document_entry_late(
            &cal,
            d(2026, 3, 4),
            Urgency::Flash,
            at(d(2026, 3, 5), 8, 0)
        ));
        assert!(!is_document_entry_late(
            &cal,
            d(2026, 3, 4),
            Urgency::Normal,
            at(d(2026, 3, 6), 16, 0)
        ));
        assert!(is_document_entry_late(
            &cal,
            d(2026, 3, 4),
            Urgency::Normal,
            at(d(2026, 3, 9), 8, 0)
        ));
    }

    #[test]
    fn a_review_is_judged_against_the_latest_earlier_completed_result() {
        use crate::model::{DocumentKind, ResultReport};
        let cal = WorkCalendar::with_seed();
        let result = |reply_issued_on: NaiveDate, outcome: ResultOutcome| {
            TaskEvent::ResultSubmitted(ResultReport {
                reply_kind: DocumentKind::OfficialLetter,
                reply_number: "1".into(),
                reply_symbol: "STC".into(),
                reply_summary: String::new(),
                reply_issued_on,
                reply_signer: String::new(),
                outcome,
                completed_on: None,
                explanation: String::new(),
                attachment: None,
            })
        };
        let reviewed = TaskEvent::Reviewed {
            passed: false,
            comment: String::new(),
            late: false,
        };
        let timeline = [
            // A review with no result before it (a damaged timeline): not late.
            (at(d(2026, 3, 2), 9, 0), reviewed.clone()),
            (at(d(2026, 3, 2), 10, 0), TaskEvent::Accepted),
            (
                at(d(2026, 3, 3), 9, 0),
                result(d(2026, 3, 3), ResultOutcome::Completed),
            ),
            // Not completed: not the result a review decides, and entered late.
            (
                at(d(2026, 3, 9), 9, 0),
                result(d(2026, 3, 4), ResultOutcome::NotCompleted),
            ),
            // The result of 03/03 was due for review that day.
            (at(d(2026, 3, 9), 10, 0), reviewed.clone()),
            (
                at(d(2026, 3, 10), 14, 0),
                result(d(2026, 3, 10), ResultOutcome::Completed),
            ),
            (at(d(2026, 3, 10), 16, 0), reviewed.clone()),
        ];
        assert_eq!(
            timeline_lateness(&cal, timeline.iter().map(|(t, e)| (*t, e))),
            [
                Some(false),
                None,
                Some(false),
                Some(true),
                Some(true),
                Some(false),
                Some(false)
            ]
        );
        let mut e = reviewed;
        set_event_lateness(&mut e, Some(true));
        assert!(matches!(e, TaskEvent::Reviewed { late: true, .. }));
    }

    #[test]
    fn result_entry() {
        let cal = WorkCalendar::with_seed();
        assert!(!is_result_entry_late(
            &cal,
            d(2026, 3, 4),
            at(d(2026, 3, 5), 10, 0)
        ));
        assert!(is_result_entry_late(
            &cal,
            d(2026, 3, 4),
            at(d(2026, 3, 6), 10, 0)
        ));
    }
}
