//! Pull: the server's change log, read in `(xid, seq)` order and only below the snapshot
//! horizon `pg_snapshot_xmin(pg_current_snapshot())`. Every transaction below the horizon
//! has finished, so its change-log rows are all visible at once; a transaction still open
//! (even one that took a lower `seq` than rows already read) sits at or above the horizon
//! and is read on a later pull. A plain `seq > last` cursor would skip it for ever.
//!
//! The cursor is stored with the data it covers, in the same SQLite transaction. The
//! server's identity (its epoch, and the database it lives in) is stored with it: a restored
//! dump is a different identity, and the client then downloads its scope again.

use std::collections::BTreeSet;

use postgres::{Client, IsolationLevel};
use uuid::Uuid;

use nhiemvu_core::store::{ReplicaBatch, Store};

use crate::error::Result;
use crate::rows::{fetch_config, fetch_directory, fetch_documents, fetch_tasks};
use crate::screen::screen;

pub const KEY_SERVER: &str = nhiemvu_core::store::outbox::SERVER_IDENTITY_KEY;
pub const KEY_CURSOR: &str = "cursor";
pub const KEY_LAST_PULL: &str = "last_pull_at";

/// A position in the change log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub xid: u64,
    pub seq: i64,
}

impl Cursor {
    pub fn parse(s: &str) -> Option<Cursor> {
        let (x, s) = s.split_once(':')?;
        Some(Cursor {
            xid: x.parse().ok()?,
            seq: s.parse().ok()?,
        })
    }
    pub fn encode(&self) -> String {
        format!("{}:{}", self.xid, self.seq)
    }
}

/// Change-log rows read per round trip.
pub const PAGE: i64 = 5_000;
/// Tasks per download batch (one SQLite transaction each).
pub const DOWNLOAD_BATCH: i64 = 2_000;

/// The identity of the data on the server: its epoch plus the database's oid, which a
/// restore into a fresh database changes even when the dump carries the old epoch.
pub fn server_identity(client: &mut Client) -> Result<String> {
    let mut tx = client.transaction()?;
    let r = tx.query_one(
        "SELECT (SELECT value FROM nv.meta WHERE key = 'epoch') || '/' ||
                (SELECT oid::text FROM pg_database WHERE datname = current_database())",
        &[],
    )?;
    tx.commit()?;
    Ok(r.get(0))
}

/// Whether the server pruned change-log rows this PC has not read yet (its cursor lies
/// below the floor `nv.prune_change_log` records): then only a full download is whole.
pub fn cursor_pruned(client: &mut Client, store: &Store) -> Result<bool> {
    let Some(cursor) = store
        .sync_state_get(KEY_CURSOR)?
        .and_then(|c| Cursor::parse(&c))
    else {
        return Ok(false);
    };
    let mut tx = client.transaction()?;
    let floor: Option<String> = tx
        .query_opt(
            "SELECT value FROM nv.meta WHERE key = 'change_log_floor'",
            &[],
        )?
        .map(|r| r.get(0));
    tx.commit()?;
    Ok(floor
        .and_then(|f| Cursor::parse(&f))
        .is_some_and(|floor| cursor < floor))
}

/// Progress of a full download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Download everything this login may see into the local copy, replacing what was there
/// (changes not yet sent are kept). Ends with the cursor at the snapshot's horizon.
///
/// The server's rows are read on a second thread while this one writes the previous
/// batch into SQLite, so the download takes about as long as the slower of the two.
///
/// A PC that showed the sample province (or had no profile yet) keeps none of the sample
/// directory: the units and people the server did not send go too, unless something
/// still refers to them.
pub fn full_download(
    client: &mut Client,
    store: &mut Store,
    identity: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<u64> {
    let leaving_demo = store.profile()?.is_some_and(|p| p.demo);
    let (send, batches) = std::sync::mpsc::sync_channel::<Download>(2);
    let reading = &mut *client;
    let (horizon, done) = std::thread::scope(|scope| -> Result<(String, u64)> {
        let reader = scope.spawn(move || read_scope(reading, &send));
        let written = (|| -> Result<u64> {
            store.replica_begin_full()?;
            let mut total = 0;
            let mut done = 0;
            for message in batches.iter() {
                match message {
                    Download::Total(n) => {
                        total = n;
                        progress(Progress { done, total });
                    }
                    Download::Batch(batch) => {
                        let mut batch = *batch;
                        let unreadable =
                            batch.damaged.iter().filter(|d| d.entity == "task").count();
                        done += (batch.tasks.len() + unreadable) as u64;
                        screen(store, &mut batch)?;
                        store.replica_apply(&batch)?;
                        if !batch.tasks.is_empty() {
                            progress(Progress { done, total });
                        }
                    }
                }
            }
            Ok(done)
        })();
        // A failed write drops the receiver, which stops the reader at its next batch.
        drop(batches);
        let read = reader.join().expect("the download reader does not panic");
        let done = written?;
        Ok((read?, done))
    })?;
    let mut tx = client.transaction()?;
    download_missing_blobs(&mut tx, store)?;
    tx.commit()?;
    let start = Cursor {
        xid: horizon.parse().unwrap_or(0),
        seq: -1,
    };
    store.replica_finish_full(
        &[
            (KEY_SERVER.into(), identity.into()),
            (KEY_CURSOR.into(), start.encode()),
            (KEY_LAST_PULL.into(), chrono::Utc::now().to_rfc3339()),
        ],
        leaving_demo,
    )?;
    Ok(done)
}

/// What the reader thread of a full download hands to the writer.
enum Download {
    Total(u64),
    Batch(Box<ReplicaBatch>),
}

/// Read the login's whole scope in one repeatable-read snapshot, in batches; returns the
/// snapshot's horizon (where the change log takes over).
fn read_scope(client: &mut Client, send: &std::sync::mpsc::SyncSender<Download>) -> Result<String> {
    // The writer has gone (it failed and says why): stop quietly.
    let gone = || crate::SyncError::Offline("download stopped".into());
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let horizon: String = tx
        .query_one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])?
        .get(0);
    let total: i64 = tx.query_one("SELECT count(*) FROM nv.tasks", &[])?.get(0);
    send.send(Download::Total(total as u64))
        .map_err(|_| gone())?;
    // The directory first, so that pushed mutations and the profile find their units.
    let dir = fetch_directory(&mut tx)?;
    let mut directory = ReplicaBatch {
        units: dir.units,
        people: dir.people,
        damaged: dir.damaged,
        ..Default::default()
    };
    fetch_config(&mut tx)?.into_batch(&mut directory);
    send.send(Download::Batch(Box::new(directory)))
        .map_err(|_| gone())?;
    // Documents without tasks (the office's own register).
    let doc_ids: Vec<Uuid> = tx
        .query(
            "SELECT id FROM nv.documents d WHERE NOT EXISTS (SELECT 1 FROM nv.tasks t WHERE t.document_id = d.id)",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    for chunk in doc_ids.chunks(DOWNLOAD_BATCH as usize) {
        let documents = fetch_documents(&mut tx, chunk)?;
        send.send(Download::Batch(Box::new(ReplicaBatch {
            documents: documents.rows,
            damaged: documents.damaged,
            ..Default::default()
        })))
        .map_err(|_| gone())?;
    }
    let mut after = Uuid::nil();
    loop {
        let ids: Vec<Uuid> = tx
            .query(
                "SELECT id FROM nv.tasks WHERE id > $1 ORDER BY id LIMIT $2",
                &[&after, &DOWNLOAD_BATCH],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let Some(last) = ids.last() else { break };
        after = *last;
        let tasks = fetch_tasks(&mut tx, &ids)?;
        let docs: BTreeSet<Uuid> = tasks
            .rows
            .iter()
            .map(|t| t.record.task.document_id)
            .collect();
        let documents = fetch_documents(&mut tx, &docs.into_iter().collect::<Vec<_>>())?;
        let mut damaged = tasks.damaged;
        damaged.extend(documents.damaged);
        send.send(Download::Batch(Box::new(ReplicaBatch {
            documents: documents.rows,
            tasks: tasks.rows,
            damaged,
            ..Default::default()
        })))
        .map_err(|_| gone())?;
    }
    tx.commit()?;
    Ok(horizon)
}

/// One change-log row.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub at: Cursor,
    pub entity: String,
    pub entity_id: Option<Uuid>,
}

/// The change-log rows after `cursor` that are safe to read: only those of transactions
/// below this snapshot's horizon, in (xid, seq) order.
pub fn read_changes(
    client: &mut impl postgres::GenericClient,
    cursor: Cursor,
    limit: i64,
) -> Result<Vec<Change>> {
    let rows = client.query(
        "SELECT xid::text, seq, entity, entity_id FROM nv.change_log
         WHERE (xid, seq) > ($1::text::xid8, $2)
           AND xid < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY xid, seq LIMIT $3",
        &[&cursor.xid.to_string(), &cursor.seq, &limit],
    )?;
    Ok(rows
        .iter()
        .map(|r| Change {
            at: Cursor {
                xid: r.get::<_, String>(0).parse().unwrap_or(0),
                seq: r.get(1),
            },
            entity: r.get(2),
            entity_id: r.get(3),
        })
        .collect())
}

/// Read the change log from the stored cursor and bring the local copy up to date.
/// Returns the number of change-log rows applied.
pub fn pull_changes(client: &mut Client, store: &mut Store) -> Result<u64> {
    let mut cursor = store
        .sync_state_get(KEY_CURSOR)?
        .and_then(|c| Cursor::parse(&c))
        .unwrap_or(Cursor { xid: 0, seq: -1 });
    let mut applied = 0;
    loop {
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let rows = read_changes(&mut tx, cursor, PAGE)?;
        if rows.is_empty() {
            // Every row below this snapshot's horizon that this person may see has been
            // read: the cursor moves up to the horizon, so that a person who sees few
            // changes does not keep a cursor older than the pruned part of the log.
            let horizon: String = tx
                .query_one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])?
                .get(0);
            tx.commit()?;
            let caught_up = Cursor {
                xid: horizon.parse().unwrap_or(0),
                seq: -1,
            };
            if caught_up > cursor {
                store.sync_state_set(KEY_CURSOR, &caught_up.encode())?;
            }
            store.sync_state_set(KEY_LAST_PULL, &chrono::Utc::now().to_rfc3339())?;
            return Ok(applied);
        }
        let mut tasks = BTreeSet::new();
        let mut documents = BTreeSet::new();
        let mut directory = false;
        let mut config = false;
        for c in &rows {
            match (c.entity.as_str(), c.entity_id) {
                ("task", Some(id)) => {
                    tasks.insert(id);
                }
                ("document", Some(id)) => {
                    documents.insert(id);
                }
                ("config", _) => config = true,
                _ => directory = true,
            }
        }
        let next = rows.last().expect("non-empty").at;
        let mut batch = ReplicaBatch::default();
        if directory {
            let dir = fetch_directory(&mut tx)?;
            batch.units = dir.units;
            batch.people = dir.people;
            batch.damaged.extend(dir.damaged);
        }
        if config {
            fetch_config(&mut tx)?.into_batch(&mut batch);
        }
        let ids: Vec<Uuid> = tasks.iter().copied().collect();
        let fetched = fetch_tasks(&mut tx, &ids)?;
        batch.tasks = fetched.rows;
        // A task the server has but this PC cannot read is not "gone": its local copy stays.
        let seen: BTreeSet<Uuid> = batch
            .tasks
            .iter()
            .map(|t| t.record.task.id)
            .chain(fetched.damaged.iter().filter_map(|d| d.task_id))
            .collect();
        batch.damaged.extend(fetched.damaged);
        batch.removed_tasks = ids.into_iter().filter(|id| !seen.contains(id)).collect();
        documents.extend(batch.tasks.iter().map(|t| t.record.task.document_id));
        let fetched = fetch_documents(&mut tx, &documents.into_iter().collect::<Vec<_>>())?;
        batch.documents = fetched.rows;
        batch.damaged.extend(fetched.damaged);
        tx.commit()?;
        batch.state = vec![(KEY_CURSOR.into(), next.encode())];
        screen(store, &mut batch)?;
        store.replica_apply(&batch)?;
        let mut tx = client.transaction()?;
        download_missing_blobs(&mut tx, store)?;
        tx.commit()?;
        applied += rows.len() as u64;
        cursor = next;
    }
}

/// Fetch again, outside the change log, the entities whose local change the server
/// refused, so the local copy shows the server's version (or drops what it never got).
pub fn refresh(
    client: &mut Client,
    store: &mut Store,
    mutations: &[nhiemvu_core::store::Mutation],
) -> Result<()> {
    use nhiemvu_core::store::Mutation;
    let mut task_ids = BTreeSet::new();
    let mut doc_ids = BTreeSet::new();
    let mut unit_ids = BTreeSet::new();
    let mut person_ids = BTreeSet::new();
    let mut config = false;
    for m in mutations {
        match m {
            Mutation::RegisterDocument { document, tasks } => {
                doc_ids.insert(document.id);
                task_ids.extend(tasks.iter().map(|t| t.id));
            }
            Mutation::AddTasks { tasks, .. } => task_ids.extend(tasks.iter().map(|t| t.id)),
            Mutation::TaskAction { task_id, .. } => {
                task_ids.insert(*task_id);
            }
            Mutation::CreateUnit { unit } => {
                unit_ids.insert(unit.id);
            }
            Mutation::CreatePerson { person } => {
                person_ids.insert(person.id);
            }
            Mutation::SaveSettings { .. } | Mutation::SetCalendar { .. } => config = true,
        }
    }
    let ids: Vec<Uuid> = task_ids.into_iter().collect();
    let mut tx = client.transaction()?;
    let client = &mut tx;
    let fetched = fetch_tasks(client, &ids)?;
    let mut batch = ReplicaBatch {
        tasks: fetched.rows,
        ..Default::default()
    };
    let seen: BTreeSet<Uuid> = batch
        .tasks
        .iter()
        .map(|t| t.record.task.id)
        .chain(fetched.damaged.iter().filter_map(|d| d.task_id))
        .collect();
    batch.damaged.extend(fetched.damaged);
    batch.removed_tasks = ids.into_iter().filter(|id| !seen.contains(id)).collect();
    let registered: Vec<Uuid> = doc_ids.iter().copied().collect();
    // The documents of the tasks fetched too: a task never arrives without its document.
    doc_ids.extend(batch.tasks.iter().map(|t| t.record.task.document_id));
    let docs: Vec<Uuid> = doc_ids.into_iter().collect();
    let fetched = fetch_documents(client, &docs)?;
    batch.documents = fetched.rows;
    let have: BTreeSet<Uuid> = batch
        .documents
        .iter()
        .map(|d| d.document.id)
        .chain(fetched.damaged.iter().filter_map(|d| d.id.parse().ok()))
        .collect();
    batch.damaged.extend(fetched.damaged);
    batch.removed_documents = registered
        .into_iter()
        .filter(|d| !have.contains(d))
        .collect();
    // A refused addition to the directory leaves this PC too (unless something here
    // still refers to it); the server's directory comes along.
    if !unit_ids.is_empty() || !person_ids.is_empty() {
        let dir = fetch_directory(client)?;
        let unreadable = |entity: &str| -> BTreeSet<Uuid> {
            dir.damaged
                .iter()
                .filter(|d| d.entity == entity)
                .filter_map(|d| d.id.parse().ok())
                .collect()
        };
        let units_there: BTreeSet<Uuid> = dir
            .units
            .iter()
            .map(|u| u.id)
            .chain(unreadable("unit"))
            .collect();
        let people_there: BTreeSet<Uuid> = dir
            .people
            .iter()
            .map(|p| p.id)
            .chain(unreadable("person"))
            .collect();
        batch.removed_units = unit_ids.difference(&units_there).copied().collect();
        batch.removed_people = person_ids.difference(&people_there).copied().collect();
        batch.units = dir.units;
        batch.people = dir.people;
        batch.damaged.extend(dir.damaged);
    }
    if config {
        fetch_config(client)?.into_batch(&mut batch);
    }
    screen(store, &mut batch)?;
    store.replica_apply(&batch)?;
    download_missing_blobs(client, store)?;
    tx.commit()?;
    Ok(())
}

/// Download the bytes of every file the local copy refers to but does not have.
pub(crate) fn download_missing_blobs(
    client: &mut impl postgres::GenericClient,
    store: &mut Store,
) -> Result<u64> {
    let missing: Vec<String> = {
        let conn = store.connection();
        let mut st = conn
            .prepare("SELECT sha256 FROM blobs")
            .map_err(nhiemvu_core::CoreError::from)?;
        let all: Vec<String> = st
            .query_map([], |r| r.get(0))
            .map_err(nhiemvu_core::CoreError::from)?
            .collect::<std::result::Result<_, _>>()
            .map_err(nhiemvu_core::CoreError::from)?;
        all.into_iter()
            .filter(|s| !store.has_blob_file(s))
            .collect()
    };
    let mut n = 0;
    for sha in missing {
        if let Some(r) =
            client.query_opt("SELECT content FROM nv.blobs WHERE sha256 = $1", &[&sha])?
        {
            let bytes: Vec<u8> = r.get(0);
            store.put_blob(&sha, &bytes)?;
            n += 1;
        }
    }
    Ok(n)
}
