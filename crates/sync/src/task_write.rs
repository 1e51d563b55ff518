//! Task actions written to the server a set at a time: the planned rows of a batch go in
//! one `UPDATE … FROM unnest(…)` with their timeline entries, instead of one statement
//! per action. The row-level security, column grants and the state-machine trigger still
//! judge every row; what is shared is the statement's planning, its round trip and the
//! first call of each policy helper (tens of µs each, paid once per statement).
//!
//! A set holds each task at most once (the trigger checks one move per row), and actions
//! changing different columns go in different statements (a grant covers the columns a
//! statement names, so an action names only what it changes).

use chrono::{DateTime, NaiveDate, Utc};
use postgres::types::ToSql;
use uuid::Uuid;

use nhiemvu_core::model::Id;

use crate::prepared::Tx;

/// A new value for one column of `nv.tasks`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Uuid(Uuid),
    Date(Option<NaiveDate>),
    Time(Option<DateTime<Utc>>),
    Text(String),
    Int(i64),
}

impl Value {
    fn sql_type(&self) -> &'static str {
        match self {
            Value::Uuid(_) => "uuid",
            Value::Date(_) => "date",
            Value::Time(_) => "timestamptz",
            Value::Text(_) => "text",
            Value::Int(_) => "bigint",
        }
    }
}

/// The timeline entry an action adds, written only if its task's row was.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub at: DateTime<Utc>,
    pub actor_id: Id,
    pub actor_name: String,
    pub unit_id: Option<Id>,
    pub kind: &'static str,
    pub late: Option<bool>,
    pub payload: serde_json::Value,
    pub attachment_sha256: Option<String>,
    pub mutation_id: Uuid,
}

/// One planned action: the task's changed columns (state and version always) and its
/// timeline entry.
#[derive(Debug, Clone)]
pub struct TaskWrite {
    pub task_id: Id,
    pub sets: Vec<(&'static str, Value)>,
    pub event: EventRow,
}

/// Planned writes not yet sent. Whoever adds a write for a task already here must
/// [`flush`](PendingWrites::flush) first, so a task's moves reach the trigger one by one.
#[derive(Default)]
pub struct PendingWrites {
    writes: Vec<TaskWrite>,
}

/// Some planned rows were not written: the login may not change them (the update
/// policy leaves them out rather than failing).
#[derive(Debug)]
pub enum WriteError {
    Server(postgres::Error),
    NotAllowed,
}

impl From<postgres::Error> for WriteError {
    fn from(e: postgres::Error) -> Self {
        WriteError::Server(e)
    }
}

impl PendingWrites {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn contains(&self, task_id: Id) -> bool {
        self.writes.iter().any(|w| w.task_id == task_id)
    }

    pub fn push(&mut self, write: TaskWrite) {
        debug_assert!(
            !self.contains(write.task_id),
            "flush before a task's second write"
        );
        self.writes.push(write);
    }

    /// Send every pending write: one statement per set of changed columns.
    pub fn flush(&mut self, tx: &mut Tx) -> Result<(), WriteError> {
        let writes = std::mem::take(&mut self.writes);
        let mut shapes: Vec<(Vec<&'static str>, Vec<&TaskWrite>)> = Vec::new();
        for w in &writes {
            let shape: Vec<&'static str> = w.sets.iter().map(|(c, _)| *c).collect();
            match shapes.iter_mut().find(|(s, _)| *s == shape) {
                Some((_, group)) => group.push(w),
                None => shapes.push((shape, vec![w])),
            }
        }
        for (shape, group) in shapes {
            let written = write_group(tx, &shape, &group)?;
            if written != group.len() as u64 {
                return Err(WriteError::NotAllowed);
            }
        }
        Ok(())
    }
}

/// A column's values for every row of a group, as one typed array parameter.
fn column(group: &[&TaskWrite], k: usize) -> Box<dyn ToSql + Sync> {
    macro_rules! collect {
        ($variant:ident) => {
            Box::new(
                group
                    .iter()
                    .map(|w| match &w.sets[k].1 {
                        Value::$variant(v) => v.clone(),
                        other => unreachable!("a group shares its column types, got {other:?}"),
                    })
                    .collect::<Vec<_>>(),
            )
        };
    }
    match &group[0].sets[k].1 {
        Value::Uuid(_) => collect!(Uuid),
        Value::Date(_) => collect!(Date),
        Value::Time(_) => collect!(Time),
        Value::Text(_) => collect!(Text),
        Value::Int(_) => collect!(Int),
    }
}

/// Update the group's tasks and add their timeline entries in one statement; returns how
/// many entries were written (one per task the policies let through).
fn write_group(
    tx: &mut Tx,
    shape: &[&'static str],
    group: &[&TaskWrite],
) -> Result<u64, postgres::Error> {
    let mut params: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(shape.len() + 11);
    params.push(Box::new(
        group.iter().map(|w| w.task_id).collect::<Vec<Id>>(),
    ));
    let mut arrays = vec!["$1::uuid[]".to_string()];
    let mut names = vec!["id".to_string()];
    let mut sets = Vec::with_capacity(shape.len());
    for (k, col) in shape.iter().enumerate() {
        params.push(column(group, k));
        arrays.push(format!(
            "${}::{}[]",
            params.len(),
            group[0].sets[k].1.sql_type()
        ));
        names.push(format!("c{k}"));
        sets.push(format!("{col} = v.c{k}"));
    }
    let events = params.len();
    params.push(Box::new(
        group.iter().map(|w| w.task_id).collect::<Vec<Id>>(),
    ));
    params.push(Box::new(
        group.iter().map(|w| w.event.at).collect::<Vec<_>>(),
    ));
    params.push(Box::new(
        group.iter().map(|w| w.event.actor_id).collect::<Vec<_>>(),
    ));
    params.push(Box::new(
        group
            .iter()
            .map(|w| w.event.actor_name.clone())
            .collect::<Vec<_>>(),
    ));
    params.push(Box::new(
        group.iter().map(|w| w.event.unit_id).collect::<Vec<_>>(),
    ));
    params.push(Box::new(
        group.iter().map(|w| w.event.kind).collect::<Vec<_>>(),
    ));
    params.push(Box::new(
        group.iter().map(|w| w.event.late).collect::<Vec<_>>(),
    ));
    params.push(Box::new(
        group
            .iter()
            .map(|w| w.event.payload.clone())
            .collect::<Vec<_>>(),
    ));
    params.push(Box::new(
        group
            .iter()
            .map(|w| w.event.attachment_sha256.clone())
            .collect::<Vec<_>>(),
    ));
    params.push(Box::new(
        group
            .iter()
            .map(|w| w.event.mutation_id)
            .collect::<Vec<_>>(),
    ));
    let e = |k: usize| events + 1 + k;
    let sql = format!(
        "WITH v AS (SELECT * FROM unnest({}) AS v({})),
         changed AS (UPDATE nv.tasks t SET {} FROM v WHERE t.id = v.id RETURNING t.id)
         INSERT INTO nv.task_events (task_id, at, actor_id, actor_name, unit_id, kind, late, payload, attachment_sha256, mutation_id)
         SELECT e.task_id, e.at, e.actor_id, e.actor_name, e.unit_id, e.kind, e.late, e.payload, e.attachment_sha256, e.mutation_id
         FROM unnest(${}::uuid[], ${}::timestamptz[], ${}::uuid[], ${}::text[], ${}::uuid[], ${}::text[], ${}::boolean[],
                     ${}::jsonb[], ${}::text[], ${}::uuid[])
              WITH ORDINALITY AS e(task_id, at, actor_id, actor_name, unit_id, kind, late, payload, attachment_sha256, mutation_id, n)
         WHERE e.task_id IN (SELECT id FROM changed)
         ORDER BY e.n",
        arrays.join(", "),
        names.join(", "),
        sets.join(", "),
        e(0),
        e(1),
        e(2),
        e(3),
        e(4),
        e(5),
        e(6),
        e(7),
        e(8),
        e(9),
    );
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
    tx.execute(&sql, &refs)
}
