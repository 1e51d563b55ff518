//! The audit trail: every change with who, when and before → after, written in the same
//! transaction as the change itself.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{from_ms, ms, Store};
use crate::error::Result;
use crate::lifecycle::Actor;
use crate::model::Id;

/// One audited change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor_id: Option<Id>,
    pub actor_name: String,
    pub entity: String,
    pub entity_id: Option<Id>,
    pub action: String,
    #[ts(type = "unknown")]
    pub before: Option<serde_json::Value>,
    #[ts(type = "unknown")]
    pub after: Option<serde_json::Value>,
}

pub(crate) fn record<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    tx: &Transaction,
    actor: &Actor,
    entity: &str,
    entity_id: Option<Id>,
    action: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    record_at(
        tx,
        Utc::now(),
        actor,
        entity,
        entity_id,
        action,
        before,
        after,
    )
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn record_at<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    tx: &Transaction,
    at: DateTime<Utc>,
    actor: &Actor,
    entity: &str,
    entity_id: Option<Id>,
    action: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    let before = before
        .map(serde_json::to_string)
        .transpose()
        .map_err(json_err)?;
    let after = after
        .map(serde_json::to_string)
        .transpose()
        .map_err(json_err)?;
    tx.prepare_cached(
        "INSERT INTO audit (at, actor_id, actor_name, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        ms(at),
        actor.person_id,
        &actor.name,
        entity,
        entity_id,
        action,
        before,
        after,
    ))?;
    Ok(())
}

fn json_err(e: serde_json::Error) -> crate::CoreError {
    crate::CoreError::Io(std::io::Error::other(e))
}

impl Store {
    /// The audited changes of one record (document, task, …), oldest first.
    pub fn audit_of(&self, entity_id: Id) -> Result<Vec<AuditEntry>> {
        let mut st = self.conn.prepare(
            "SELECT at, actor_id, actor_name, entity, entity_id, action, before, after
             FROM audit WHERE entity_id = ?1 ORDER BY at, id",
        )?;
        let rows = st.query_map([entity_id], |r| {
            let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
            Ok(AuditEntry {
                at: from_ms(r.get(0)?),
                actor_id: r.get(1)?,
                actor_name: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                action: r.get(5)?,
                before: parse(r.get(6)?),
                after: parse(r.get(7)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Number of audit entries (tests check that refused writes add none).
    pub fn audit_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM audit", [], |r| r.get::<_, i64>(0))? as u64)
    }
}
