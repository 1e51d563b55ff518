//! The administrator's side of the office database (`nhiemvu office-db …`): the app's
//! logins (list, disable, enable, remove), the rows no PC can read (found with the same
//! decoders the PCs use, repaired by the server's quarantine functions) and the server's
//! state (the change log's horizon, recent security events).

use chrono::{DateTime, Utc};
use postgres::{Client, GenericClient};
use uuid::Uuid;

use nhiemvu_core::store::DamagedRecord;

use crate::error::{Result, SyncError};
use crate::rows::{fetch_config, fetch_directory, fetch_documents, fetch_tasks};

/// One of the app's logins, as the admin sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginRow {
    pub login: String,
    pub person_id: Uuid,
    pub full_name: String,
    pub unit: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub removed_at: Option<DateTime<Utc>>,
    pub note: String,
}

pub fn logins(client: &mut Client) -> Result<Vec<LoginRow>> {
    let mut tx = client.transaction()?;
    let rows = tx.query(
        "SELECT l.login::text, l.person_id, p.full_name, u.name, p.role, l.created_at, l.disabled_at,
                l.removed_at, l.note
         FROM nv.logins l JOIN nv.people p ON p.id = l.person_id JOIN nv.units u ON u.id = p.unit_id
         ORDER BY u.name, p.full_name, l.created_at",
        &[],
    )?;
    tx.commit()?;
    Ok(rows
        .iter()
        .map(|r| LoginRow {
            login: r.get(0),
            person_id: r.get(1),
            full_name: r.get(2),
            unit: r.get(3),
            role: r.get(4),
            created_at: r.get(5),
            disabled_at: r.get(6),
            removed_at: r.get(7),
            note: r.get(8),
        })
        .collect())
}

fn call(client: &mut Client, sql: &str, login: &str) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.execute(sql, &[&login])?;
    tx.commit()?;
    Ok(())
}

/// The login can no longer connect; its open sessions end.
pub fn disable_login(client: &mut Client, login: &str) -> Result<()> {
    call(client, "SELECT nv.disable_login($1::text::name)", login)
}

pub fn enable_login(client: &mut Client, login: &str) -> Result<()> {
    call(client, "SELECT nv.enable_login($1::text::name)", login)
}

/// The login goes for good; the person and their history stay, and the name is never
/// given to anyone else.
pub fn remove_login(client: &mut Client, login: &str) -> Result<()> {
    call(client, "SELECT nv.remove_login($1::text::name)", login)
}

/// Every row of the office database a PC of this version cannot read, found with the PCs'
/// own decoders (so the list is exactly what PCs skip).
pub fn damaged(client: &mut Client) -> Result<Vec<DamagedRecord>> {
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()?;
    let mut found = fetch_directory(&mut tx)?.damaged;
    found.extend(fetch_config(&mut tx)?.damaged);
    let mut after = Uuid::nil();
    loop {
        let ids = ids_after(&mut tx, "nv.documents", after)?;
        let Some(last) = ids.last() else { break };
        after = *last;
        found.extend(fetch_documents(&mut tx, &ids)?.damaged);
    }
    let mut after = Uuid::nil();
    loop {
        let ids = ids_after(&mut tx, "nv.tasks", after)?;
        let Some(last) = ids.last() else { break };
        after = *last;
        found.extend(fetch_tasks(&mut tx, &ids)?.damaged);
    }
    tx.commit()?;
    Ok(found)
}

fn ids_after(client: &mut impl GenericClient, table: &str, after: Uuid) -> Result<Vec<Uuid>> {
    Ok(client
        .query(
            &format!("SELECT id FROM {table} WHERE id > $1 ORDER BY id LIMIT 2000"),
            &[&after],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// Take these rows out of circulation, each kept whole in `nv.quarantine`: a timeline row or
/// a configuration value is removed (PCs keep what they had), a task, document, unit or
/// person keeps its row with the unknown value replaced. One transaction; returns how many.
pub fn repair(client: &mut Client, rows: &[DamagedRecord]) -> Result<usize> {
    let mut tx = client.transaction()?;
    let mut n = 0;
    for d in rows {
        let reason = format!("{}: {}", d.label, d.reason);
        match d.entity.as_str() {
            "event" => {
                let id: i64 = d.id.parse().map_err(|_| bad_id(d))?;
                tx.execute("SELECT nv.quarantine_event($1, $2)", &[&id, &reason])?;
            }
            "settings" | "calendar" => {
                tx.execute("SELECT nv.quarantine_config($1, $2)", &[&d.entity, &reason])?;
            }
            "task" | "document" | "unit" | "person" => {
                let id: Uuid = d.id.parse().map_err(|_| bad_id(d))?;
                tx.execute(
                    "SELECT nv.repair_values($1, $2, $3)",
                    &[&d.entity, &id, &reason],
                )?;
            }
            _ => continue,
        }
        n += 1;
    }
    tx.commit()?;
    Ok(n)
}

fn bad_id(d: &DamagedRecord) -> SyncError {
    SyncError::Setup(format!("Mã bản ghi không hợp lệ: {} {}", d.entity, d.id))
}

/// A security event's kind, in the administrator's words.
pub fn security_label(what: &str) -> &str {
    match what {
        "held_transaction_ended" => "đã kết thúc một giao dịch giữ đồng bộ của",
        "login_disabled" => "đã khóa tài khoản",
        "login_enabled" => "đã mở lại tài khoản",
        "login_removed" => "đã xóa tài khoản",
        other => other,
    }
}

/// A row of `nv.security_log`: (when, who asked, what, about whom, detail).
pub type SecurityEvent = (DateTime<Utc>, String, String, Option<String>, String);

/// What `office-db status` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerStatus {
    pub schema_version: i32,
    pub held_back: Option<crate::horizon::HeldBack>,
    pub logins_active: i64,
    pub logins_disabled: i64,
    /// The latest security events.
    pub security: Vec<SecurityEvent>,
    /// Bytes of files stored in all, and not attached to anything.
    pub blob_bytes: i64,
    pub loose_blob_bytes: i64,
}

pub fn status(client: &mut Client) -> Result<ServerStatus> {
    let schema_version = crate::schema::version(client)?;
    let held_back = crate::horizon::check(client)?;
    let mut tx = client.transaction()?;
    let r = tx.query_one(
        "SELECT count(*) FILTER (WHERE disabled_at IS NULL AND removed_at IS NULL),
                count(*) FILTER (WHERE disabled_at IS NOT NULL AND removed_at IS NULL)
         FROM nv.logins",
        &[],
    )?;
    let (logins_active, logins_disabled) = (r.get(0), r.get(1));
    let security = tx
        .query(
            "SELECT at, by_login::text, what, subject::text, detail FROM nv.security_log ORDER BY id DESC LIMIT 20",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    let r = tx.query_one(
        "SELECT coalesce(sum(size), 0)::bigint,
                coalesce(sum(size) FILTER (WHERE NOT EXISTS (SELECT 1 FROM nv.document_attachments a WHERE a.sha256 = b.sha256)
                                      AND NOT EXISTS (SELECT 1 FROM nv.task_events e WHERE e.attachment_sha256 = b.sha256)), 0)::bigint
         FROM nv.blobs b",
        &[],
    )?;
    tx.commit()?;
    Ok(ServerStatus {
        schema_version,
        held_back,
        logins_active,
        logins_disabled,
        security,
        blob_bytes: r.get(0),
        loose_blob_bytes: r.get(1),
    })
}

/// Files nothing refers to and older than a day go (with who uploaded them). Returns how
/// many.
pub fn prune_blobs(client: &mut Client) -> Result<u64> {
    let mut tx = client.transaction()?;
    let n: i64 = tx
        .query_one("SELECT nv.prune_blobs(interval '1 day')", &[])?
        .get(0);
    tx.commit()?;
    Ok(n as u64)
}
