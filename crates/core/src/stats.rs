//! Statistics for reports (DOMAIN.md §3 "Status for reports", §5, §6): for a period and an
//! as-of date, per unit and in total, the 2×2 with chưa thực hiện and không thời hạn, rates,
//! breakdowns by classification and origin, the overdue list, late entries and reviews.
//!
//! The tasks counted are those assigned within the period; each one's status is derived as
//! of `as_of` by `status::derive`, with the deadline that was in force on that date.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::model::{Classification, Id, Origin, ProgressUpdate, TaskEvent, WorkflowState};
use crate::status::{derive, StatusFacts, TaskStatus};
use crate::store::Store;

/// Counts of one group of tasks (a unit, a class, an origin, or the total).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Counts {
    /// Tasks assigned in the period (cancelled ones excluded).
    pub assigned: u32,
    pub done_on_time: u32,
    pub done_late: u32,
    pub in_progress_on_time: u32,
    pub overdue: u32,
    pub not_started: u32,
    pub no_deadline: u32,
    /// Of the unfinished ones, due within the configured working days.
    pub due_soon: u32,
    pub cancelled: u32,
}

impl Counts {
    /// Count one task of status `s`.
    pub fn add(&mut self, s: TaskStatus, due_soon: bool) {
        match s {
            TaskStatus::Cancelled => {
                self.cancelled += 1;
                return;
            }
            TaskStatus::DoneOnTime => self.done_on_time += 1,
            TaskStatus::DoneLate => self.done_late += 1,
            TaskStatus::InProgressOnTime => self.in_progress_on_time += 1,
            TaskStatus::Overdue => self.overdue += 1,
            TaskStatus::NotStarted => self.not_started += 1,
            TaskStatus::NoDeadline => self.no_deadline += 1,
        }
        self.assigned += 1;
        if due_soon {
            self.due_soon += 1;
        }
    }
    pub fn done(&self) -> u32 {
        self.done_on_time + self.done_late
    }
    pub fn unfinished(&self) -> u32 {
        self.assigned - self.done()
    }
    /// Tỷ lệ hoàn thành, % of assigned.
    pub fn done_rate(&self) -> f64 {
        pct(self.done(), self.assigned)
    }
    /// Tỷ lệ hoàn thành đúng hạn, % of assigned.
    pub fn on_time_rate(&self) -> f64 {
        pct(self.done_on_time, self.assigned)
    }
    /// Tỷ lệ quá hạn: unfinished overdue ÷ assigned in the period (DOMAIN.md §3).
    pub fn overdue_rate(&self) -> f64 {
        pct(self.overdue, self.assigned)
    }
}

fn pct(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        (a as f64) * 100.0 / (b as f64)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitCounts {
    pub unit_id: Id,
    pub unit_name: String,
    pub counts: Counts,
}

/// Counts of the tasks assigned in one month of the period (the dashboard's trend).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MonthCounts {
    /// "2026-03"
    pub month: String,
    pub counts: Counts,
}

/// One overdue task with what its unit last said about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OverdueTask {
    pub task_id: Id,
    pub document_number: String,
    pub description: String,
    pub lead_unit_id: Id,
    pub lead_unit_name: String,
    pub deadline: NaiveDate,
    /// Working days past the deadline on the as-of date.
    #[ts(type = "number")]
    pub days_overdue: i64,
    pub difficulties: String,
    pub proposals: String,
    pub delay_reasons: String,
}

/// Late entries and reviews (DOMAIN.md §5), counted per accountable unit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Lateness {
    pub unit_id: Id,
    pub unit_name: String,
    /// Directive documents entered after the limit (office).
    pub late_document_entries: u32,
    /// Result reports entered after the limit (units).
    pub late_result_entries: u32,
    /// Reviews done after the 15:00 / same-day limit (office).
    pub late_reviews: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Statistics {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
    pub total: Counts,
    /// Per lead unit, in the order of the unit tree; units without tasks are left out.
    pub by_unit: Vec<UnitCounts>,
    pub by_classification: Vec<(Classification, Counts)>,
    pub by_origin: Vec<(Origin, Counts)>,
    /// Per month of assignment, oldest first (months without tasks are included).
    pub by_month: Vec<MonthCounts>,
    /// Overdue tasks, most overdue first.
    pub overdue: Vec<OverdueTask>,
    pub lateness: Vec<Lateness>,
}

/// Which tasks the statistics count, besides the period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct StatsFilter {
    /// Only QC45 or only QC42 tasks (the office reports them separately where asked).
    pub origin: Option<Origin>,
    /// Only the tasks this unit leads (chủ trì): a unit's own report.
    pub lead_unit_id: Option<Id>,
}

impl Store {
    /// Statistics of the tasks assigned from `from` to `to` (inclusive), as of `as_of`.
    pub fn statistics(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        as_of: NaiveDate,
    ) -> Result<Statistics> {
        self.statistics_where(from, to, as_of, &StatsFilter::default())
    }

    /// [`statistics`](Store::statistics) of the tasks `filter` lets through.
    pub fn statistics_where(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        as_of: NaiveDate,
        filter: &StatsFilter,
    ) -> Result<Statistics> {
        if to < from {
            return Err(CoreError::invalid(
                "to",
                "Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu.",
            ));
        }
        // One read transaction: every figure comes from the same snapshot.
        let snapshot = self.connection().unchecked_transaction()?;
        let conn: &rusqlite::Connection = &snapshot;
        let cal = self.calendar();
        let due_soon_days = self.settings().due_soon_days;
        let tracked = &self.settings().tracked_classes;
        let mut st = conn.prepare_cached(
            "SELECT t.id, t.lead_unit_id, t.deadline, t.original_deadline, t.extended_at, t.classification, t.origin, t.state,
                    t.assigned_at, t.accepted_at, t.completed_submitted_at, t.pending_submitted_at, t.cancelled_at
             FROM tasks t WHERE t.assigned_on BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR t.origin = ?3) AND (?4 IS NULL OR t.lead_unit_id = ?4)",
        )?;
        let mut rows = st.query((
            from.to_string(),
            to.to_string(),
            filter.origin.map(|o| o.as_str()),
            filter.lead_unit_id,
        ))?;
        let mut total = Counts::default();
        let mut by_unit: HashMap<Id, Counts> = HashMap::new();
        let mut by_class: HashMap<Classification, Counts> = HashMap::new();
        let mut by_origin: HashMap<Origin, Counts> = HashMap::new();
        let month_index =
            |d: NaiveDate| (d.year() - from.year()) * 12 + d.month0() as i32 - from.month0() as i32;
        let mut by_month: Vec<Counts> =
            vec![Counts::default(); (month_index(to) + 1).max(1) as usize];
        let mut overdue_ids: Vec<(Id, Id, NaiveDate)> = Vec::new();
        let date = |v: rusqlite::types::ValueRef<'_>| -> Result<Option<NaiveDate>> {
            match v {
                rusqlite::types::ValueRef::Null => Ok(None),
                v => crate::store::parse_date(v.as_str()?).map(Some),
            }
        };
        let inst = |v: Option<i64>| v.and_then(chrono::DateTime::from_timestamp_millis);
        while let Some(r) = rows.next()? {
            let class = Classification::parse(r.get_ref(5)?.as_str()?).unwrap_or(Classification::D);
            if !tracked.contains(&class) {
                continue;
            }
            let id: Id = r.get(0)?;
            let unit: Id = r.get(1)?;
            let current = date(r.get_ref(2)?)?;
            let deadline = match inst(r.get(4)?) {
                Some(e) if crate::timeliness::local_date(e) > as_of => {
                    self.deadline_in_force(id, date(r.get_ref(3)?)?, as_of)?
                }
                _ => current,
            };
            let facts = StatusFacts {
                state: WorkflowState::parse(r.get_ref(7)?.as_str()?)
                    .unwrap_or(WorkflowState::Assigned),
                assigned_at: inst(r.get(8)?).unwrap_or_default(),
                accepted_at: inst(r.get(9)?),
                deadline,
                completed_submitted_at: inst(r.get(10)?),
                pending_submitted_at: inst(r.get(11)?),
                cancelled_at: inst(r.get(12)?),
            };
            let Some(d) = derive(&facts, as_of, cal, due_soon_days) else {
                continue;
            };
            let origin = Origin::parse(r.get_ref(6)?.as_str()?).unwrap_or(Origin::Qc45);
            total.add(d.status, d.due_soon);
            let assigned_on = crate::timeliness::local_date(facts.assigned_at);
            if let Some(m) = usize::try_from(month_index(assigned_on))
                .ok()
                .and_then(|i| by_month.get_mut(i))
            {
                m.add(d.status, d.due_soon);
            }
            by_unit.entry(unit).or_default().add(d.status, d.due_soon);
            by_class.entry(class).or_default().add(d.status, d.due_soon);
            by_origin
                .entry(origin)
                .or_default()
                .add(d.status, d.due_soon);
            if d.status == TaskStatus::Overdue {
                overdue_ids.push((id, unit, deadline.expect("overdue tasks have a deadline")));
            }
        }
        drop(rows);

        let units = self.units()?;
        let names: HashMap<Id, String> = units.iter().map(|u| (u.id, u.name.clone())).collect();
        let by_unit_list = units
            .iter()
            .filter_map(|u| {
                by_unit.get(&u.id).map(|c| UnitCounts {
                    unit_id: u.id,
                    unit_name: u.name.clone(),
                    counts: *c,
                })
            })
            .collect();

        overdue_ids.sort_by_key(|(_, _, d)| *d);
        let mut overdue = Vec::with_capacity(overdue_ids.len());
        for (task_id, unit, deadline) in overdue_ids {
            let (number, symbol, description): (String, String, String) = conn.prepare_cached(
                "SELECT d.number, d.symbol, t.description FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.id = ?1",
            )?
            .query_row([task_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let last = last_progress(conn, task_id)?;
            overdue.push(OverdueTask {
                task_id,
                document_number: crate::model::full_number(&number, &symbol),
                description,
                lead_unit_id: unit,
                lead_unit_name: names.get(&unit).cloned().unwrap_or_default(),
                deadline,
                days_overdue: cal.working_days_between(deadline, as_of),
                difficulties: last.difficulties,
                proposals: last.proposals,
                delay_reasons: last.delay_reasons,
            });
        }

        let lateness = self.lateness(from, to, &units)?;
        let mut by_classification: Vec<_> = by_class.into_iter().collect();
        by_classification.sort_by_key(|(c, _)| c.as_str());
        let mut by_origin: Vec<_> = by_origin.into_iter().collect();
        by_origin.sort_by_key(|(o, _)| o.as_str());
        Ok(Statistics {
            from,
            to,
            as_of,
            total,
            by_unit: by_unit_list,
            by_classification,
            by_origin,
            by_month: by_month
                .into_iter()
                .enumerate()
                .map(|(i, counts)| {
                    let first = NaiveDate::from_ymd_opt(from.year(), from.month(), 1)
                        .and_then(|d| d.checked_add_months(chrono::Months::new(i as u32)))
                        .unwrap_or(from);
                    MonthCounts {
                        month: first.format("%Y-%m").to_string(),
                        counts,
                    }
                })
                .collect(),
            overdue,
            lateness,
        })
    }

    fn lateness(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        units: &[crate::model::Unit],
    ) -> Result<Vec<Lateness>> {
        let conn = self.connection();
        let start = crate::store::ms_of(crate::timeliness::local_instant(
            from,
            chrono::NaiveTime::MIN,
        ));
        let end = crate::store::ms_of(crate::timeliness::local_instant(
            to.succ_opt().unwrap_or(to),
            chrono::NaiveTime::MIN,
        ));
        let mut map: HashMap<Id, Lateness> = HashMap::new();
        let mut st = conn.prepare_cached(
            "SELECT entered_unit_id, count(*) FROM documents WHERE entered_late = 1 AND entered_at >= ?1 AND entered_at < ?2
             AND entered_unit_id IS NOT NULL GROUP BY entered_unit_id",
        )?;
        for r in st.query_map((start, end), |r| {
            Ok((r.get::<_, Id>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (u, n) = r?;
            map.entry(u).or_default().late_document_entries = n as u32;
        }
        let mut st = conn.prepare_cached(
            "SELECT unit_id, kind, count(*) FROM task_events WHERE late = 1 AND at >= ?1 AND at < ?2 AND unit_id IS NOT NULL
             GROUP BY unit_id, kind",
        )?;
        for r in st.query_map((start, end), |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (u, kind, n) = r?;
            let e = map.entry(u).or_default();
            match kind.as_str() {
                "result_submitted" => e.late_result_entries += n as u32,
                "reviewed" => e.late_reviews += n as u32,
                _ => {}
            }
        }
        Ok(units
            .iter()
            .filter_map(|u| {
                map.get(&u.id).map(|l| Lateness {
                    unit_id: u.id,
                    unit_name: u.name.clone(),
                    ..l.clone()
                })
            })
            .collect())
    }
}

/// The latest progress update that said something about difficulties, proposals or delay.
fn last_progress(conn: &rusqlite::Connection, task_id: Id) -> Result<ProgressUpdate> {
    let mut st = conn.prepare_cached("SELECT payload FROM task_events WHERE task_id = ?1 AND kind = 'progress' ORDER BY at DESC, id DESC")?;
    let mut rows = st.query([task_id])?;
    while let Some(r) = rows.next()? {
        if let Ok(TaskEvent::Progress(p)) =
            serde_json::from_str::<TaskEvent>(&r.get::<_, String>(0)?)
        {
            if !(p.difficulties.is_empty() && p.proposals.is_empty() && p.delay_reasons.is_empty())
            {
                return Ok(p);
            }
        }
    }
    Ok(ProgressUpdate::default())
}
