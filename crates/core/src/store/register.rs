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

/// Whether `sql` refers to the named parameter `name` (":d" but not ":dfrom").
fn uses_param(sql: &str, name: &str) -> bool {
    sql.match_indices(name)
        .any(|(i, _)| !sql[i + name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// A set of table rowids, one bit each (a million tasks take 125 KB).
struct RowidSet {
    bits: Vec<u64>,
    len: u32,
}

impl RowidSet {
    fn read(mut rows: rusqlite::Rows<'_>) -> Result<Self> {
        let mut set = RowidSet {
            bits: Vec::new(),
            len: 0,
        };
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            let Ok(i) = usize::try_from(rowid) else {
                continue;
            };
            if set.bits.len() <= i / 64 {
                set.bits.resize(i / 64 + 1, 0);
            }
            if set.bits[i / 64] & (1 << (i % 64)) == 0 {
                set.bits[i / 64] |= 1 << (i % 64);
                set.len += 1;
            }
        }
        Ok(set)
    }

    fn len(&self) -> u32 {
        self.len
    }

    fn contains(&self, rowid: i64) -> bool {
        usize::try_from(rowid).is_ok_and(|i| {
            self.bits
                .get(i / 64)
                .is_some_and(|w| w & (1 << (i % 64)) != 0)
        })
    }

    /// Members from the largest down.
    fn iter_desc(&self) -> impl Iterator<Item = i64> + '_ {
        self.bits.iter().enumerate().rev().flat_map(|(w, bits)| {
            (0..64)
                .rev()
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| (w * 64 + b) as i64)
        })
    }
}

impl Store {
    /// One page of the task register.
    pub fn register_page(&self, q: &RegisterQuery) -> Result<RegisterPage> {
        self.register_page_with(q, true)
    }

    /// `search_fast_path` off gives the plain SQL reading of the same query (for tests).
    fn register_page_with(
        &self,
        q: &RegisterQuery,
        search_fast_path: bool,
    ) -> Result<RegisterPage> {
        let as_of = q.as_of.unwrap_or_else(today_local);
        let limit = q.limit.clamp(1, 500);
        let soon = self
            .calendar
            .add_working_days(as_of, self.settings.due_soon_days);

        // Tasks assigned after the as-of date did not exist then. Usually the as-of date is
        // today and the condition holds for every row, so it is left out of the query.
        let mut conds: Vec<String> = Vec::new();
        if self.latest_assignment()?.is_some_and(|last| last > as_of) {
            conds.push("t.assigned_on <= :d".into());
        }
        let mut params: Vec<(String, Value)> = Vec::new();
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
        if !q.states.is_empty() {
            let names: Vec<String> = (0..q.states.len()).map(|i| format!(":st{i}")).collect();
            conds.push(format!("t.state IN ({})", names.join(", ")));
            for (n, st) in names.into_iter().zip(&q.states) {
                params.push((n, Value::Text(st.as_str().into())));
            }
        }
        if q.extension_requested {
            conds.push("t.extension_requested_at IS NOT NULL".into());
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
        if let Some(from) = q.assigned_from {
            conds.push("t.assigned_on >= :afrom".into());
            params.push((":afrom".into(), Value::Text(date_str(from))));
        }
        if let Some(to) = q.assigned_to {
            conds.push("t.assigned_on <= :ato".into());
            params.push((":ato".into(), Value::Text(date_str(to))));
        }
        if let Some(p) = q.follow_up_officer_id {
            conds.push("t.follow_up_officer_id = :officer".into());
            params.push((":officer".into(), Value::Blob(p.as_bytes().to_vec())));
        }
        if let Some(d) = q.document_id {
            conds.push("t.document_id = :doc".into());
            params.push((":doc".into(), Value::Blob(d.as_bytes().to_vec())));
        }
        if conds.iter().any(|c| uses_param(c, ":d")) {
            params.push((":d".into(), Value::Text(date_str(as_of))));
        }
        // A search drives the query from the full-text index (rowid = tasks.rowid), newest
        // match first; without other conditions `search_page` serves it. Sorted by
        // deadline, many matches are better read along the deadline index instead, each
        // row checked against the set of matches (`in_filter`).
        let search = q.search.as_deref().and_then(text::fts_query);
        let only_search = conds.is_empty();
        let mut in_filter = conds.clone();
        let (tables, newest_first) = match &search {
            Some(fts) => {
                params.push((":search".into(), Value::Text(fts.clone())));
                conds.push("task_fts MATCH :search".into());
                in_filter.push(
                    "t.rowid IN (SELECT rowid FROM task_fts WHERE task_fts MATCH :search)".into(),
                );
                (
                    "task_fts f JOIN tasks t ON t.rowid = f.rowid",
                    "f.rowid DESC",
                )
            }
            None => ("tasks t", "t.rowid DESC"),
        };
        let and = |c: &[String]| {
            if c.is_empty() {
                "1".to_string()
            } else {
                c.join(" AND ")
            }
        };
        let (filter, in_filter) = (and(&conds), and(&in_filter));
        let count = |extra: &str| -> Result<u32> {
            let sql = format!("SELECT count(*) FROM {tables} WHERE {filter}{extra}");
            let p: Vec<(&str, &dyn rusqlite::ToSql)> = params
                .iter()
                .map(|(n, v)| (n.as_str(), v as &dyn rusqlite::ToSql))
                .collect();
            Ok(self
                .conn
                .prepare_cached(&sql)?
                .query_row(p.as_slice(), |r| r.get::<_, i64>(0))? as u32)
        };
        if let (Some(fts), true) = (&search, only_search && search_fast_path) {
            return self.search_page(fts, q.sort, q.offset, limit, as_of);
        }
        let total = count("")?;
        let offset = q.offset;
        let page = |tables: &str, filter: &str, order: &str, offset: u32, limit: u32| {
            self.fetch(tables, filter, &params, order, offset, limit, as_of)
        };
        let mut rows = Vec::new();
        match q.sort {
            _ if total == 0 || offset >= total => {}
            RegisterSort::AssignedDesc => {
                rows = page(tables, &filter, newest_first, offset, limit)?;
            }
            // Tasks with a deadline in (deadline, rowid) index order, then those without
            // one, so a page never sorts the whole table.
            RegisterSort::Deadline => {
                let walk_index = search.is_some()
                    && q.unit_id.is_none()
                    && self.deadline_walk_is_cheaper(total, offset + limit)?;
                rows = if walk_index {
                    let f = format!("{in_filter} AND t.deadline IS NOT NULL");
                    let t = "tasks t INDEXED BY tasks_deadline";
                    page(t, &f, "t.deadline, t.rowid", offset, limit)?
                } else {
                    let f = format!("{filter} AND t.deadline IS NOT NULL");
                    page(tables, &f, "t.deadline, t.rowid", offset, limit)?
                };
                let got = rows.len() as u32;
                if got < limit {
                    // Past the tasks with a deadline: how many there are is known from this
                    // page unless it started beyond them.
                    let with_deadline = if got > 0 || offset == 0 {
                        offset + got
                    } else {
                        count(" AND t.deadline IS NOT NULL")?
                    };
                    if total > with_deadline {
                        let null_offset = (offset + got).saturating_sub(with_deadline);
                        let f = format!("{filter} AND t.deadline IS NULL");
                        let order = if search.is_some() {
                            "f.rowid"
                        } else {
                            "t.rowid"
                        };
                        rows.extend(page(tables, &f, order, null_offset, limit - got)?);
                    }
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

    /// A page of a search with no other condition. The full-text index is read once into a
    /// set of rowids, which gives the count and serves the page: newest first straight from
    /// the set, by deadline along the deadline index (or, for few matches, sorted in SQL).
    fn search_page(
        &self,
        fts: &str,
        sort: RegisterSort,
        offset: u32,
        limit: u32,
        as_of: NaiveDate,
    ) -> Result<RegisterPage> {
        let matches = RowidSet::read(
            self.conn
                .prepare_cached("SELECT rowid FROM task_fts WHERE task_fts MATCH ?1")?
                .query([fts])?,
        )?;
        let total = matches.len();
        let (skip, take) = (offset as usize, limit as usize);
        let rowids: Vec<i64> = match sort {
            _ if offset >= total => Vec::new(),
            RegisterSort::AssignedDesc => matches.iter_desc().skip(skip).take(take).collect(),
            RegisterSort::Deadline if self.deadline_walk_is_cheaper(total, offset + limit)? => {
                let mut hits = Vec::with_capacity(take);
                for part in [
                    "SELECT rowid FROM tasks INDEXED BY tasks_deadline WHERE deadline IS NOT NULL ORDER BY deadline, rowid",
                    "SELECT rowid FROM tasks INDEXED BY tasks_deadline WHERE deadline IS NULL ORDER BY rowid",
                ] {
                    let mut st = self.conn.prepare_cached(part)?;
                    let mut walk = st.query([])?;
                    while hits.len() < skip + take {
                        let Some(r) = walk.next()? else { break };
                        let rowid: i64 = r.get(0)?;
                        if matches.contains(rowid) {
                            hits.push(rowid);
                        }
                    }
                }
                hits.split_off(skip.min(hits.len()))
            }
            RegisterSort::Deadline => {
                let mut st = self.conn.prepare_cached(
                    "SELECT t.rowid FROM task_fts f JOIN tasks t ON t.rowid = f.rowid WHERE task_fts MATCH ?1
                     ORDER BY t.deadline IS NULL, t.deadline, t.rowid LIMIT ?2 OFFSET ?3",
                )?;
                let ids = st.query_map((fts, limit, offset), |r| r.get(0))?;
                ids.collect::<rusqlite::Result<_>>()?
            }
        };
        let mut rows = Vec::with_capacity(rowids.len());
        for rowid in rowids {
            let p = [(":rowid".to_string(), Value::Integer(rowid))];
            rows.extend(self.fetch("tasks t", "t.rowid = :rowid", &p, "t.rowid", 0, 1, as_of)?);
        }
        Ok(RegisterPage {
            rows,
            total,
            offset,
            as_of,
        })
    }

    /// Whether a deadline-sorted page of a search with `matches` results is cheaper to read
    /// by walking the deadline index (about `wanted × tasks ÷ matches` index entries, each a
    /// membership test) than by sorting every match (`matches` row lookups, each several
    /// times dearer than an index step).
    fn deadline_walk_is_cheaper(&self, matches: u32, wanted: u32) -> Result<bool> {
        let tasks: i64 = self
            .conn
            .prepare_cached("SELECT coalesce(max(rowid), 0) FROM tasks")?
            .query_row([], |r| r.get(0))?;
        let walked = u64::from(wanted) * tasks as u64 / u64::from(matches.max(1));
        Ok(walked < 4 * u64::from(matches))
    }

    /// The assignment date of the most recent task (an index lookup).
    fn latest_assignment(&self) -> Result<Option<NaiveDate>> {
        let last: Option<String> = self
            .conn
            .prepare_cached("SELECT max(assigned_on) FROM tasks")?
            .query_row([], |r| r.get(0))?;
        last.as_deref().map(parse_date).transpose()
    }

    #[allow(clippy::too_many_arguments)]
    fn fetch(
        &self,
        tables: &str,
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
                    t.completed_submitted_at, t.pending_submitted_at, t.cancelled_at, t.extended_at, p.full_name,
                    t.extension_requested_at IS NOT NULL, t.rejection_count, t.version
             FROM {tables}
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
                extension_requested: r.get(20)?,
                rejection_count: r.get::<_, i64>(21)? as u32,
                version: r.get(22)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoOptions};

    /// The search fast path (a set of matches, walked along the deadline index or sorted in
    /// SQL) gives exactly the pages of the plain SQL query, at every offset and in both
    /// orders, for common and rare words.
    #[test]
    fn search_fast_path_equals_the_plain_query() {
        let mut store = Store::open_in_memory().unwrap();
        let opts = DemoOptions {
            seed: 7,
            ..DemoOptions::new(3_000)
        };
        generate(&mut store, &opts, &mut |_, _| true).unwrap();
        let mut walked_some = false;
        for words in [
            "giai ngan",
            "so",
            "tinh",
            "quang tri",
            "thi",
            "khong co tu nay",
        ] {
            let all = store
                .register_page(&RegisterQuery {
                    search: Some(words.into()),
                    as_of: Some(opts.end),
                    ..Default::default()
                })
                .unwrap()
                .total;
            walked_some |= store.deadline_walk_is_cheaper(all.max(1), 100).unwrap();
            for sort in [RegisterSort::Deadline, RegisterSort::AssignedDesc] {
                for offset in [0, 1, 97, all / 2, all.saturating_sub(3), all, all + 5] {
                    let q = RegisterQuery {
                        search: Some(words.into()),
                        as_of: Some(opts.end),
                        sort,
                        offset,
                        limit: 100,
                        ..Default::default()
                    };
                    let fast = store.register_page_with(&q, true).unwrap();
                    let plain = store.register_page_with(&q, false).unwrap();
                    let ids = |p: &RegisterPage| p.rows.iter().map(|r| r.id).collect::<Vec<_>>();
                    assert_eq!(fast.total, plain.total, "{words} {sort:?} {offset}");
                    assert_eq!(ids(&fast), ids(&plain), "{words} {sort:?} {offset}");
                    assert_eq!(fast.rows, plain.rows);
                }
            }
        }
        assert!(walked_some, "no query took the deadline-index walk");
    }
}
