//! The tamper-evident log. Every change appends an entry holding the changed row as it was
//! written; each entry's hash covers the previous entry's hash and its own fields. `verify`
//! walks the chain and compares every row with its last entry, and points at the first
//! thing that does not hold: an edited, removed or inserted entry, or a row changed behind
//! the store's back.
//!
//! The chain is the file's own evidence; its head (`VerifyReport::head`) is also printed
//! on every register, so a rewrite of the whole chain by someone holding the key still
//! differs from the signed paper.

use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::Result;
use crate::model::Clerk;
use crate::store::SecretStore;

/// The tables whose rows the log covers, with the entity name entries carry.
const ENTITIES: &[(&str, &str)] = &[
    ("entry", "entries"),
    ("recipient", "recipients"),
    ("handover", "handovers"),
    ("copy", "copies"),
    ("decision", "decisions"),
    ("task", "tasks"),
];

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn table_of(entity: &str) -> Option<&'static str> {
    ENTITIES.iter().find(|(e, _)| *e == entity).map(|(_, t)| *t)
}

/// The row as JSON, keys sorted: what the log keeps and what `verify` compares.
fn row_json(tx: &rusqlite::Connection, table: &str, id: &str) -> Result<Option<String>> {
    let mut st = tx.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    let row = st
        .query_row([id], |r| {
            let mut m = serde_json::Map::new();
            for (i, n) in names.iter().enumerate() {
                let v = match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => serde_json::Value::Null,
                    rusqlite::types::ValueRef::Integer(n) => n.into(),
                    rusqlite::types::ValueRef::Real(f) => f.into(),
                    rusqlite::types::ValueRef::Text(t) => {
                        String::from_utf8_lossy(t).into_owned().into()
                    }
                    rusqlite::types::ValueRef::Blob(b) => hex::encode(b).into(),
                };
                m.insert(n.clone(), v);
            }
            Ok(serde_json::Value::Object(m).to_string())
        })
        .optional()?;
    Ok(row)
}

fn settings_json(tx: &rusqlite::Connection) -> Result<String> {
    let v: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = 'settings'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.unwrap_or_else(|| "null".into()))
}

fn hash(
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    id: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev, at, actor, action, entity, id, detail] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Append an entry for `entity`/`id` (its row as it now is) in the caller's transaction.
pub(crate) fn record(
    tx: &Transaction,
    clerk: &Clerk,
    action: &str,
    entity: &str,
    id: Option<&str>,
) -> Result<()> {
    let detail = match (table_of(entity), id) {
        (Some(table), Some(id)) => row_json(tx, table, id)?.unwrap_or_else(|| "null".into()),
        _ if entity == "settings" => settings_json(tx)?,
        _ => "null".into(),
    };
    let prev: String = tx
        .query_row(
            "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.into());
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let id = id.unwrap_or("");
    let h = hash(&prev, &at, &clerk.name, action, entity, id, &detail);
    tx.prepare_cached(
        "INSERT INTO audit (at, actor, action, entity, entity_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((&at, &clerk.name, action, entity, id, &detail, &prev, &h))?;
    Ok(())
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    /// Log entries checked.
    #[ts(type = "number")]
    pub entries: u64,
    /// Register rows compared with their last entry.
    #[ts(type = "number")]
    pub rows: u64,
    /// The first thing that does not hold; None when the log and the rows are intact.
    pub first_broken: Option<Broken>,
    /// The hash of the last entry (its first 16 hex digits are printed on the registers).
    pub head: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Broken {
    /// The log entry where the chain breaks, when it is the log.
    #[ts(type = "number | null")]
    pub seq: Option<i64>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// What is wrong, in Vietnamese.
    pub reason: String,
}

/// One entry of the log, for the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditLine {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
}

impl SecretStore {
    /// Walk the log from the start and compare every row with its last entry.
    pub fn verify(&self) -> Result<VerifyReport> {
        let mut st = self.conn.prepare(
            "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit ORDER BY seq",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut prev = GENESIS.to_string();
        let mut expected_seq = 1;
        let mut entries = 0;
        let mut last_detail: std::collections::HashMap<(String, String), String> =
            std::collections::HashMap::new();
        let mut broken = None;
        for row in rows {
            let (seq, at, actor, action, entity, id, detail, prev_hash, h) = row?;
            let id = id.unwrap_or_default();
            let problem = if seq != expected_seq {
                Some(format!(
                    "nhật ký thiếu mục số {expected_seq} (mục tiếp theo là số {seq}): có mục đã bị xóa"
                ))
            } else if prev_hash != prev {
                Some(format!(
                    "mục số {seq} không nối tiếp mục trước: nhật ký đã bị sửa, xóa hoặc chèn từ đây"
                ))
            } else if hash(&prev_hash, &at, &actor, &action, &entity, &id, &detail) != h {
                Some(format!("mục số {seq} đã bị sửa sau khi ghi"))
            } else {
                None
            };
            if let Some(reason) = problem {
                broken = Some(Broken {
                    seq: Some(seq),
                    entity: Some(entity),
                    entity_id: (!id.is_empty()).then_some(id),
                    reason,
                });
                break;
            }
            entries += 1;
            expected_seq = seq + 1;
            prev = h;
            if table_of(&entity).is_some() && !id.is_empty() {
                last_detail.insert((entity, id), detail);
            }
        }
        let mut rows_checked = 0;
        if broken.is_none() {
            'tables: for (entity, table) in ENTITIES {
                let ids: Vec<String> = self
                    .conn
                    .prepare(&format!("SELECT id FROM {table} ORDER BY rowid"))?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in ids {
                    rows_checked += 1;
                    let now = row_json(&self.conn, table, &id)?.unwrap_or_default();
                    let reason = match last_detail.get(&(entity.to_string(), id.clone())) {
                        None => Some("dòng này không có trong nhật ký: đã được thêm ngoài phần mềm"),
                        Some(logged) if *logged != now => {
                            Some("dòng này khác với lần ghi cuối trong nhật ký: đã bị sửa ngoài phần mềm")
                        }
                        _ => None,
                    };
                    if let Some(reason) = reason {
                        broken = Some(Broken {
                            seq: None,
                            entity: Some(entity.to_string()),
                            entity_id: Some(id),
                            reason: reason.into(),
                        });
                        break 'tables;
                    }
                }
            }
        }
        Ok(VerifyReport {
            entries,
            rows: rows_checked,
            first_broken: broken,
            head: prev,
        })
    }

    /// The latest log entries, newest first (the window's Nhật ký).
    pub fn audit_lines(&self, limit: u32) -> Result<Vec<AuditLine>> {
        let mut st = self.conn.prepare(
            "SELECT seq, at, actor, action, entity, nullif(entity_id, '') FROM audit ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = st.query_map([limit], |r| {
            Ok(AuditLine {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
