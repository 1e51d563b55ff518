//! The outbox: every user action as a named mutation, written in the same transaction as
//! the change, waiting for the office sync to send it (DESIGN.md, Sync). The server replays
//! each mutation on its own copy with the same rules (`action::plan`) and applies it once.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::settings::Settings;
use super::{from_ms, ms, opt_from_ms, Store};
use crate::calendar::CalendarOverride;
use crate::error::{CoreError, Result};
use crate::lifecycle::Actor;
use crate::model::{Document, Id, Task};
use crate::store::TaskAction;

/// A named mutation: what the user did, with everything the server needs to do it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Mutation {
    /// Vào sổ a directive document and assign its tasks (ids chosen on the PC).
    RegisterDocument {
        document: Document,
        tasks: Vec<Task>,
    },
    /// Assign more tasks from a registered document.
    AddTasks { document_id: Id, tasks: Vec<Task> },
    /// Thêm đơn vị (admin): a unit of the directory.
    CreateUnit { unit: crate::model::Unit },
    /// Thêm cán bộ (admin): a person of the directory (their login is made on the server).
    CreatePerson { person: crate::model::Person },
    /// A lifecycle action. `base_version` is the version the user saw: a review decision
    /// on a task that changed since is refused as stale; other actions are replayed on the
    /// server's current copy.
    TaskAction {
        task_id: Id,
        base_version: i64,
        action: TaskAction,
        at: DateTime<Utc>,
        /// The fields other people may change concurrently, as this user saw them: when
        /// the server's copy differs, the edit is applied in server order and the two
        /// values are kept as a conflict.
        #[serde(default)]
        seen: Option<SeenFields>,
    },
    /// Cấu hình của tỉnh (the office's settings, shared by every PC): replaces them whole.
    SaveSettings { settings: Settings },
    /// Bảng ngày nghỉ bù, làm bù (the extra days off and make-up working days of every
    /// year): replaces the table whole, so every PC counts deadlines on the same days.
    SetCalendar { overrides: Vec<CalendarOverride> },
}

/// The sync state key of the office database this PC syncs with (its identity).
pub const SERVER_IDENTITY_KEY: &str = "server_identity";

/// The outbox's entity id of the settings (there is one set per office).
pub const SETTINGS_ENTITY: Id = Uuid::from_u128(0x4e56_0000_0000_0000_0000_0000_0000_0001);
/// The outbox's entity id of the calendar's table of exceptions.
pub const CALENDAR_ENTITY: Id = Uuid::from_u128(0x4e56_0000_0000_0000_0000_0000_0000_0002);

/// The values of the concurrently editable fields of a task when the user acted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeenFields {
    pub deadline: Option<chrono::NaiveDate>,
    pub lead_unit_id: Id,
}

impl Mutation {
    /// The mutation's name as the server records it (assign_task, accept_task, …).
    pub fn name(&self) -> &'static str {
        match self {
            Mutation::RegisterDocument { .. } => "register_document",
            Mutation::AddTasks { .. } => "add_tasks",
            Mutation::CreateUnit { .. } => "create_unit",
            Mutation::CreatePerson { .. } => "create_person",
            Mutation::SaveSettings { .. } => "save_settings",
            Mutation::SetCalendar { .. } => "set_calendar",
            Mutation::TaskAction { action, .. } => match action {
                TaskAction::Accept => "accept_task",
                TaskAction::Return { .. } => "return_task",
                TaskAction::Reassign { .. } => "reassign_task",
                TaskAction::Progress(_) => "post_progress",
                TaskAction::SubmitResult(_) => "submit_result",
                TaskAction::Review { .. } => "review_result",
                TaskAction::Extend(_) => "extend_deadline",
                TaskAction::Cancel { .. } => "cancel_task",
                TaskAction::RequestExtension { .. } => "request_extension",
                TaskAction::RefuseExtension { .. } => "refuse_extension",
            },
        }
    }

    /// The document or task it changes.
    pub fn entity_id(&self) -> Id {
        match self {
            Mutation::RegisterDocument { document, .. } => document.id,
            Mutation::AddTasks { document_id, .. } => *document_id,
            Mutation::CreateUnit { unit } => unit.id,
            Mutation::CreatePerson { person } => person.id,
            Mutation::TaskAction { task_id, .. } => *task_id,
            Mutation::SaveSettings { .. } => SETTINGS_ENTITY,
            Mutation::SetCalendar { .. } => CALENDAR_ENTITY,
        }
    }
}

/// Where an outbox entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxState {
    Pending,
    Applied,
    Rejected,
}

impl OutboxState {
    fn parse(s: &str) -> OutboxState {
        match s {
            "applied" => OutboxState::Applied,
            "rejected" => OutboxState::Rejected,
            _ => OutboxState::Pending,
        }
    }
}

/// One outbox entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub id: Uuid,
    pub mutation: Mutation,
    pub actor_id: Option<Id>,
    pub created_at: DateTime<Utc>,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Why the server refused it (Vietnamese, for its author).
    pub reason: Option<String>,
    /// The author has read the refusal.
    pub acknowledged: bool,
}

/// Counts for the sync status line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OutboxCounts {
    #[ts(type = "number")]
    pub pending: u64,
    /// Rejected and not yet read by their author.
    #[ts(type = "number")]
    pub rejected: u64,
}

/// Append `m` to the outbox inside the caller's transaction. Actions of the program itself
/// (no person) are not user actions and are not sent.
pub(crate) fn append(
    tx: &Transaction,
    actor: &Actor,
    now: DateTime<Utc>,
    m: &Mutation,
) -> Result<Option<Uuid>> {
    if actor.person_id.is_none() {
        return Ok(None);
    }
    let id = Uuid::now_v7();
    let payload = serde_json::to_string(m).expect("mutation serialises");
    tx.prepare_cached(
        "INSERT INTO outbox (id, name, entity_id, payload, actor_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((id, m.name(), m.entity_id(), payload, actor.person_id, ms(now)))?;
    Ok(Some(id))
}

const COLUMNS: &str =
    "seq, id, payload, actor_id, created_at, state, attempts, next_attempt_at, last_error, reason, acknowledged_at IS NOT NULL";

fn entry(r: &rusqlite::Row) -> rusqlite::Result<(OutboxEntry, String)> {
    let payload: String = r.get(2)?;
    Ok((
        OutboxEntry {
            seq: r.get(0)?,
            id: r.get(1)?,
            mutation: Mutation::AddTasks {
                document_id: Uuid::nil(),
                tasks: Vec::new(),
            },
            actor_id: r.get(3)?,
            created_at: from_ms(r.get(4)?),
            state: OutboxState::parse(&r.get::<_, String>(5)?),
            attempts: r.get(6)?,
            next_attempt_at: opt_from_ms(r.get(7)?),
            last_error: r.get(8)?,
            reason: r.get(9)?,
            acknowledged: r.get(10)?,
        },
        payload,
    ))
}

fn decode((mut e, payload): (OutboxEntry, String)) -> Result<OutboxEntry> {
    e.mutation = serde_json::from_str(&payload).map_err(|err| {
        CoreError::BadDatabase(format!(
            "Thao tác chờ đồng bộ số {} không đọc được: {err}",
            e.seq
        ))
    })?;
    Ok(e)
}

impl Store {
    /// Queue a mutation without changing the local copy: for tools and tests that send
    /// the server what the window never would (the server must refuse it on its own).
    pub fn enqueue_mutation(&mut self, actor: &Actor, m: &Mutation) -> Result<Option<Uuid>> {
        self.write(|tx| append(tx, actor, Utc::now(), m))
    }

    /// Pending entries in the order they were made, oldest first.
    pub fn outbox_pending(&self, limit: u32) -> Result<Vec<OutboxEntry>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?1"
        ))?;
        let rows = st.query_map([limit], entry)?;
        rows.map(|r| decode(r?)).collect()
    }

    /// Every entry, newest first (the sync screen's history).
    pub fn outbox_entries(
        &self,
        state: Option<OutboxState>,
        limit: u32,
    ) -> Result<Vec<OutboxEntry>> {
        let state = state.map(|s| match s {
            OutboxState::Pending => "pending",
            OutboxState::Applied => "applied",
            OutboxState::Rejected => "rejected",
        });
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE ?1 IS NULL OR state = ?1 ORDER BY seq DESC LIMIT ?2"
        ))?;
        let rows = st.query_map((state, limit), entry)?;
        rows.map(|r| decode(r?)).collect()
    }

    pub fn outbox_entry(&self, id: Uuid) -> Result<Option<OutboxEntry>> {
        let e = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"))?
            .query_row([id], entry)
            .optional()?;
        e.map(decode).transpose()
    }

    pub fn outbox_counts(&self) -> Result<OutboxCounts> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE state = 'pending'),
                    count(*) FILTER (WHERE state = 'rejected' AND acknowledged_at IS NULL)
             FROM outbox",
            [],
            |r| {
                Ok(OutboxCounts {
                    pending: r.get::<_, i64>(0)? as u64,
                    rejected: r.get::<_, i64>(1)? as u64,
                })
            },
        )?)
    }

    /// Whether any change to `entity_id` is still waiting to be sent.
    pub fn outbox_has_pending_for(&self, entity_id: Id) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE entity_id = ?1 AND state = 'pending')",
            [entity_id],
            |r| r.get(0),
        )?)
    }

    /// The server applied it (now or before: it knows the id).
    pub fn outbox_mark_applied(&mut self, id: Uuid) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET state = 'applied', decided_at = ?2, last_error = NULL, next_attempt_at = NULL WHERE id = ?1",
            (id, ms(Utc::now())),
        )?;
        Ok(())
    }

    /// The server refused it for good; `reason` tells its author why and what to do.
    pub fn outbox_mark_rejected(&mut self, id: Uuid, reason: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET state = 'rejected', reason = ?2, decided_at = ?3, last_error = NULL, next_attempt_at = NULL WHERE id = ?1",
            (id, reason, ms(Utc::now())),
        )?;
        Ok(())
    }

    /// The server's decisions on several entries, written together: `None` for applied,
    /// `Some(reason)` for refused.
    pub fn outbox_mark_decided(&mut self, decisions: &[(Uuid, Option<String>)]) -> Result<()> {
        let now = ms(Utc::now());
        self.write(|tx| {
            let mut applied = tx.prepare_cached(
                "UPDATE outbox SET state = 'applied', decided_at = ?2, last_error = NULL, next_attempt_at = NULL WHERE id = ?1",
            )?;
            let mut rejected = tx.prepare_cached(
                "UPDATE outbox SET state = 'rejected', reason = ?2, decided_at = ?3, last_error = NULL, next_attempt_at = NULL WHERE id = ?1",
            )?;
            for (id, reason) in decisions {
                match reason {
                    None => applied.execute((id, now))?,
                    Some(r) => rejected.execute((id, r, now))?,
                };
            }
            Ok(())
        })
    }

    /// A transient failure: try again at `next_at`.
    pub fn outbox_mark_retry(
        &mut self,
        id: Uuid,
        error: &str,
        next_at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
            (id, error, ms(next_at)),
        )?;
        Ok(())
    }

    /// The author has read the rejection.
    pub fn outbox_acknowledge(&mut self, id: Uuid) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET acknowledged_at = ?2 WHERE id = ?1 AND state = 'rejected'",
            (id, ms(Utc::now())),
        )?;
        Ok(())
    }

    /// After a server restore: everything already applied is sent again, in order; the
    /// server applies what it lost and answers the rest from its record of mutation ids.
    pub fn outbox_resend_applied(&mut self) -> Result<u64> {
        Ok(self.conn.execute(
            "UPDATE outbox SET state = 'pending', decided_at = NULL WHERE state = 'applied'",
            [],
        )? as u64)
    }

    /// Whether this PC has downloaded from an office database: its directory then belongs
    /// to the office, and only the admin adds units and people (each needs a login).
    pub fn joined_office(&self) -> Result<bool> {
        Ok(self.sync_state_get(SERVER_IDENTITY_KEY)?.is_some())
    }

    pub fn sync_state_get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    pub fn sync_state_delete(&mut self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM sync_state WHERE key = ?1", [key])?;
        Ok(())
    }

    pub fn sync_state_set(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )?;
        Ok(())
    }
}
