//! The task register (sổ theo dõi): filtered, sorted pages of tasks with their status
//! derived as of a date. Status filters are SQL renderings of `status::derive`.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::query::{RegisterPage, RegisterQuery, RegisterSort, TaskRow};
use super::{date_str, from_ms, opt_date, opt_from_ms, parse_date, Store};
use crate::error::Result;
use crate::model::{full_number, Classification, Id, Origin, WorkflowState};
use crate::status::{derive, StatusFacts, StatusFilter, TaskStatus};
use crate::text;
use crate::timeliness::{local_date, today_local};

/// SQL for the derived status as of `:d` (named parameters :d and :soon).
mod sql {
    pub const NOT_CANCELLED: &str = "(t.cancelled_on IS NULL OR t.cancelled_on > :d)";
    pub const DONE: &str = "(t.completed_on IS NOT NULL AND t.completed_on <= :d)";
    pub const PENDING_IN_TIME: &str =
        "COALESCE(t.pending_on <= :d AND t.pending_on <= t.deadline, 0)";
    pub const ACCEPTED: &str = "COALESCE(t.accepted_on <= :d, 0)";
}

fn status_sql(f: StatusFilter) -> String {
    use sql::*;
    let unfinished = format!("{NOT_CANCELLED} AND NOT {DONE}");
    let open_in_time = format!(
        "{unfinished} AND t.deadline IS NOT NULL AND (t.deadline >= :d OR {PENDING_IN_TIME})"
    );
    match f {
        StatusFilter::Cancelled => "t.cancelled_on <= :d".into(),
        StatusFilter::DoneOnTime => format!(
            "{NOT_CANCELLED} AND {DONE} AND (t.deadline IS NULL OR t.completed_on <= t.deadline)"
        ),
        StatusFilter::DoneLate => {
            format!("{NOT_CANCELLED} AND {DONE} AND t.completed_on > t.deadline")
        }
        StatusFilter::NoDeadline => format!("{unfinished} AND t.deadline IS NULL"),
        StatusFilter::Overdue => {
            format!("{unfinished} AND t.deadline < :d AND NOT {PENDING_IN_TIME}")
        }
        StatusFilter::NotStarted => format!("{open_in_time} AND NOT {ACCEPTED}"),
        StatusFilter::InProgressOnTime => format!("{open_in_time} AND {ACCEPTED}"),
        StatusFilter::DueSoon => format!(
            "{unfinished} AND t.deadline >= :d AND t.deadline <= :soon AND NOT {PENDING_IN_TIME}"
        ),
        StatusFilter::Unfinished => unfinished,
    }
}

impl Store {
    /// One page of the task register.
    pub fn register_page(&self, q: &RegisterQuery) -> Result<RegisterPage> {
        let as_of = q.as_of.unwrap_or_else(today_local);
        let limit = q.limit.clamp(1, 500);
        let soon = self
            .calendar
            .add_working_days(as_of, self.settings.due_soon_days);

        let mut conds: Vec<String> = vec!["t.assigned_on <= :d".into()];
        let mut params: Vec<(String, Value)> = vec![(":d".into(), Value::Text(date_str(as_of)))];
        if let Some(unit) = q.unit_id {
            let units = if q.include_sub_units {
                self.unit_and_descendants(unit)?
            } else {
                vec![unit]
            };
            let names: Vec<String> = (0..units.len()).map(|i| format!(":u{i}")).collect();
            let list = names.join(", ");
            conds.push(if q.include_coordinating {
                format!("(t.lead_unit_id IN ({list}) OR t.id IN (SELECT task_id FROM task_coordinators WHERE unit_id IN ({list})))")
            } else {
                format!("t.lead_unit_id IN ({list})")
            });
            for (n, u) in names.into_iter().zip(units) {
                params.push((n, Value::Blob(u.as_bytes().to_vec())));
            }
        }
        if let Some(s) = q.status {
            conds.push(status_sql(s));
            if s == StatusFilter::DueSoon {
                params.push((":soon".into(), Value::Text(date_str(soon))));
            }
        }
        if let Some(c) = q.classification {
            conds.push("t.classification = :class".into());
            params.push((":class".into(), Value::Text(c.as_str().into())));
        }
        if let Some(o) = q.origin {
            conds.push("t.origin = :origin".into());
            params.push((":origin".into(), Value::Text(o.as_str().into())));
        }
        if let Some(from) = q.deadline_from {
            conds.push("t.deadline >= :dfrom".into());
            params.push((":dfrom".into(), Value::Text(date_str(from))));
        }
        if let Some(to) = q.deadline_to {
            conds.push("t.deadline <= :dto".into());
            params.push((":dto".into(), Value::Text(date_str(to))));
        }
        if let Some(p) = q.follow_up_officer_id {
            conds.push("t.follow_up_officer_id = :officer".into());
            params.push((":officer".into(), Value::Blob(p.as_bytes().to_vec())));
        }
        if let Some(d) = q.document_id {
            conds.push("t.document_id = :doc".into());
            params.push((":doc".into(), Value::Blob(d.as_bytes().to_vec())));
        }
        if let Some(fts) = q.search.as_deref().and_then(text::fts_query) {
            conds.push(
                "t.rowid IN (SELECT rowid FROM task_fts WHERE task_fts MATCH :search)".into(),
            );
            params.push((":search".into(), Value::Text(fts)));
        }
        let filter = conds.join(" AND ");
        let count = |extra: &str| -> Result<u32> {
            let sql = format!("SELECT count(*) FROM tasks t WHERE {filter}{extra}");
            let p: Vec<(&str, &dyn rusqlite::ToSql)> = params
                .iter()
                .map(|(n, v)| (n.as_str(), v as &dyn rusqlite::ToSql))
                .collect();
            Ok(self
                .conn
                .prepare_cached(&sql)?
                .query_row(p.as_slice(), |r| r.get::<_, i64>(0))? as u32)
        };
        let total = count("")?;

        // Sorting by deadline puts tasks without one last. Each part is read in index order
        // (deadline, rowid) so a page never sorts the whole table.
        let offset = q.offset;
        let mut rows = Vec::new();
        match q.sort {
            RegisterSort::AssignedDesc => {
                rows = self.fetch(&filter, &params, "t.rowid DESC", offset, limit, as_of)?;
            }
            RegisterSort::Deadline => {
                let with_deadline = if q.deadline_from.is_some() || q.deadline_to.is_some() {
                    total
                } else {
                    count(" AND t.deadline IS NOT NULL")?
                };
                if offset < with_deadline {
                    let f = format!("{filter} AND t.deadline IS NOT NULL");
                    rows = self.fetch(&f, &params, "t.deadline, t.rowid", offset, limit, as_of)?;
                }
                let got = rows.len() as u32;
                if got < limit && offset + got >= with_deadline && total > with_deadline {
                    let null_offset = offset + got - with_deadline;
                    let f = format!("{filter} AND t.deadline IS NULL");
                    rows.extend(self.fetch(
                        &f,
                        &params,
                        "t.rowid",
                        null_offset,
                        limit - got,
                        as_of,
                    )?);
                }
            }
        }
        Ok(RegisterPage {
            rows,
            total,
            offset,
            as_of,
        })
    }

    fn fetch(
        &self,
        filter: &str,
        params: &[(String, Value)],
        order: &str,
        offset: u32,
        limit: u32,
        as_of: NaiveDate,
    ) -> Result<Vec<TaskRow>> {
        let sql = format!(
            "SELECT t.id, t.document_id, d.number, d.symbol, d.issued_on, t.description, t.lead_unit_id, u.name,
                    t.deadline, t.original_deadline, t.classification, t.origin, t.state, t.assigned_at, t.accepted_at,
                    t.completed_submitted_at, t.pending_submitted_at, t.cancelled_at, t.extended_at, p.full_name
             FROM tasks t
             JOIN documents d ON d.id = t.document_id
             JOIN units u ON u.id = t.lead_unit_id
             LEFT JOIN people p ON p.id = t.follow_up_officer_id
             WHERE {filter} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        );
        let p: Vec<(&str, &dyn rusqlite::ToSql)> = params
            .iter()
            .map(|(n, v)| (n.as_str(), v as &dyn rusqlite::ToSql))
            .collect();
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(p.as_slice())?;
        let mut out = Vec::with_capacity(limit as usize);
        while let Some(r) = rows.next()? {
            let id: Id = r.get(0)?;
            let deadline = opt_date(r.get(8)?)?;
            let original_deadline = opt_date(r.get(9)?)?;
            let state =
                WorkflowState::parse(&r.get::<_, String>(12)?).unwrap_or(WorkflowState::Assigned);
            let extended_at = opt_from_ms(r.get(18)?);
            let in_force = match extended_at {
                Some(e) if local_date(e) > as_of => {
                    self.deadline_in_force(id, original_deadline, as_of)?
                }
                _ => deadline,
            };
            let facts = StatusFacts {
                state,
                assigned_at: from_ms(r.get(13)?),
                accepted_at: opt_from_ms(r.get(14)?),
                deadline: in_force,
                completed_submitted_at: opt_from_ms(r.get(15)?),
                pending_submitted_at: opt_from_ms(r.get(16)?),
                cancelled_at: opt_from_ms(r.get(17)?),
            };
            let derived = derive(&facts, as_of, &self.calendar, self.settings.due_soon_days);
            let (status, due_soon) = derived
                .map(|d| (d.status, d.due_soon))
                .unwrap_or((TaskStatus::NotStarted, false));
            let classification =
                Classification::parse(&r.get::<_, String>(10)?).unwrap_or(Classification::D);
            let origin = Origin::parse(&r.get::<_, String>(11)?).unwrap_or(Origin::Qc45);
            out.push(TaskRow {
                id,
                document_id: r.get(1)?,
                document_number: full_number(&r.get::<_, String>(2)?, &r.get::<_, String>(3)?),
                document_issued_on: parse_date(&r.get::<_, String>(4)?)?,
                description: r.get(5)?,
                lead_unit_id: r.get(6)?,
                lead_unit_name: r.get(7)?,
                deadline,
                original_deadline,
                classification_code: classification.code(origin),
                state,
                status,
                status_label: status.label().into(),
                due_soon,
                follow_up_officer_name: r.get(19)?,
            });
        }
        Ok(out)
    }

    /// The deadline that was in force on `as_of`: the latest extension approved by then, or
    /// the original deadline.
    pub fn deadline_in_force(
        &self,
        task_id: Id,
        original: Option<NaiveDate>,
        as_of: NaiveDate,
    ) -> Result<Option<NaiveDate>> {
        let end_of_day = crate::timeliness::local_instant(
            as_of.succ_opt().unwrap_or(as_of),
            chrono::NaiveTime::MIN,
        );
        let payload: Option<String> = rusqlite::OptionalExtension::optional(self.conn.prepare_cached(
            "SELECT payload FROM task_events WHERE task_id = ?1 AND kind = 'extended' AND at < ?2 ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row((task_id, super::ms(end_of_day)), |r| r.get(0)))?;
        Ok(
            match payload.and_then(|p| serde_json::from_str::<crate::model::TaskEvent>(&p).ok()) {
                Some(crate::model::TaskEvent::Extended { extension, .. }) => {
                    Some(extension.new_deadline)
                }
                _ => original,
            },
        )
    }
}
