//! Rows of the office database this PC could not read. The sync skips each one and goes
//! on with the rest; the store remembers them (`sync_damaged`) so the window can say what
//! is missing and since when. A record leaves the list when a later pull reads it fine.
//! Sync bookkeeping, like `sync_state`: not user data, so no audit entry.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::{from_ms, ms, Store};
use crate::error::Result;
use crate::model::Id;

/// A row of the office database this PC could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedRecord {
    /// One of "task", "event", "document", "unit", "person", "settings", "calendar".
    pub entity: String,
    /// The row's id on the server (a timeline row's number, a uuid, the settings' key); a
    /// task's or document's uuid in its usual hyphenated form, so that reading the record
    /// fine again clears it.
    pub id: String,
    /// The task the row belongs to (a task, or an entry of its timeline).
    pub task_id: Option<Id>,
    /// What it is, in Vietnamese, made by the sync: "Sự kiện #123 của nhiệm vụ «Rà soát…»".
    pub label: String,
    /// The decoder's error.
    pub reason: String,
}

/// A remembered damaged record: since when, and when a pull last reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedRecordRow {
    pub record: DamagedRecord,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// Longest label or reason kept, in characters: the text comes from the office database
/// (a decoder's error may quote the bad value), which is trusted with nothing.
const MAX_TEXT: usize = 500;

impl Store {
    /// The damaged records, oldest first.
    pub fn damaged_records(&self) -> Result<Vec<DamagedRecordRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT entity, id, task_id, label, reason, first_seen, last_seen FROM sync_damaged
             ORDER BY first_seen, entity, id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(DamagedRecordRow {
                record: DamagedRecord {
                    entity: r.get(0)?,
                    id: r.get(1)?,
                    task_id: r.get(2)?,
                    label: r.get(3)?,
                    reason: r.get(4)?,
                },
                first_seen: from_ms(r.get(5)?),
                last_seen: from_ms(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// What a batch read fine, so its earlier damage is over, and what it could not read.
pub(super) struct ReadFine<'a> {
    pub tasks: Vec<Id>,
    pub documents: Vec<Id>,
    pub directory: bool,
    pub settings: bool,
    pub calendar: bool,
    pub damaged: &'a [DamagedRecord],
}

/// Forget the damage of what the batch read fine, then remember what it could not read.
/// A record the batch reports again keeps its row (and the time it was first seen), even
/// when the rest of its task came through.
pub(super) fn apply(tx: &Transaction, batch: &ReadFine, now: DateTime<Utc>) -> Result<()> {
    // Nearly always nothing is remembered: a download of thousands of tasks then costs one
    // look instead of a lookup per task.
    let any: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_damaged)")?
        .query_row([], |r| r.get(0))?;
    if any {
        clear_read_fine(tx, batch)?;
    }
    for d in batch.damaged {
        tx.prepare_cached(
            "INSERT INTO sync_damaged (entity, id, task_id, label, reason, first_seen, last_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT (entity, id) DO UPDATE SET task_id = excluded.task_id, label = excluded.label,
                reason = excluded.reason, last_seen = excluded.last_seen",
        )?
        .execute((
            bounded(&d.entity),
            bounded(&d.id),
            d.task_id,
            bounded(&d.label),
            bounded(&d.reason),
            ms(now),
        ))?;
    }
    Ok(())
}

fn clear_read_fine(tx: &Transaction, batch: &ReadFine) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS damaged_again (entity TEXT NOT NULL, id TEXT NOT NULL,
             PRIMARY KEY (entity, id)) WITHOUT ROWID;
         DELETE FROM temp.damaged_again;",
    )?;
    for d in batch.damaged {
        tx.prepare_cached("INSERT OR IGNORE INTO temp.damaged_again (entity, id) VALUES (?1, ?2)")?
            .execute((bounded(&d.entity), bounded(&d.id)))?;
    }
    // A record reported again in this batch stays.
    let delete = |rule: &str| {
        format!(
            "DELETE FROM sync_damaged WHERE {rule} AND NOT EXISTS (SELECT 1 FROM temp.damaged_again a
                 WHERE a.entity = sync_damaged.entity AND a.id = sync_damaged.id)"
        )
    };
    let (of_task, task, document, entity) = (
        delete("entity IN ('task', 'event') AND task_id = ?1"),
        delete("entity = 'task' AND id = ?1"),
        delete("entity = 'document' AND id = ?1"),
        delete("entity = ?1"),
    );
    for id in &batch.tasks {
        tx.prepare_cached(&of_task)?.execute([id])?;
        tx.prepare_cached(&task)?.execute([id.to_string()])?;
    }
    for id in &batch.documents {
        tx.prepare_cached(&document)?.execute([id.to_string()])?;
    }
    let mut whole = Vec::new();
    if batch.directory {
        whole.extend(["unit", "person"]);
    }
    if batch.settings {
        whole.push("settings");
    }
    if batch.calendar {
        whole.push("calendar");
    }
    for e in whole {
        tx.prepare_cached(&entity)?.execute([e])?;
    }
    Ok(())
}

/// A full download reports every damaged record again.
pub(super) fn clear_all(conn: &rusqlite::Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_damaged", [])?;
    Ok(())
}

fn bounded(s: &str) -> String {
    let s = crate::text::nfc(s);
    match s.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_from_the_server_is_cut() {
        assert_eq!(bounded("Sự kiện"), "Sự kiện");
        let long = "đ".repeat(MAX_TEXT + 10);
        let cut = bounded(&long);
        assert_eq!(cut.chars().count(), MAX_TEXT + 1);
        assert!(cut.ends_with('…'));
    }
}
