//! The change log's horizon. PCs read only what transactions below the server's oldest
//! running transaction wrote (`pull.rs`), so a transaction left open anywhere on the server
//! holds back every PC: nothing new arrives, and nothing fails. This module notices it, so
//! the window can say so, and asks the server to end such a transaction of one of the app's
//! own logins once it has been open longer than the limit (`nv.release_held`).

use chrono::{DateTime, Utc};
use postgres::Client;
use serde::Serialize;

use crate::error::Result;

/// The horizon held back by a transaction open for a while.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldBack {
    /// When the oldest open transaction began.
    pub since: DateTime<Utc>,
    pub seconds: i64,
    /// Its login, for the office and the admin (None for others).
    pub holder: Option<String>,
    /// One of the app's logins (the server may end it), or another program's.
    pub holder_is_app: bool,
    /// The database it is connected to.
    pub database: Option<String>,
    /// The server ended it just now.
    pub released: bool,
}

/// Whether the horizon is held back past the warning limit (`held_warn_seconds`); past the
/// release limit, ask the server to end the app's transactions that hold it.
pub fn check(client: &mut Client) -> Result<Option<HeldBack>> {
    let mut tx = client.transaction()?;
    let row = tx.query_one(
        "SELECT h.held_since, h.held_seconds, h.holder::text, h.holder_is_app, h.holder_database::text,
                nv.meta_int('held_warn_seconds', 120), nv.meta_int('held_release_seconds', 600)
         FROM nv.horizon_status() h",
        &[],
    )?;
    tx.commit()?;
    let (since, seconds): (Option<DateTime<Utc>>, Option<i64>) = (row.get(0), row.get(1));
    let (Some(since), Some(seconds)) = (since, seconds) else {
        return Ok(None);
    };
    let (warn, release): (i64, i64) = (row.get(5), row.get(6));
    if seconds < warn {
        return Ok(None);
    }
    let holder_is_app: bool = row.get::<_, Option<bool>>(3).unwrap_or(false);
    let mut released = false;
    if holder_is_app && seconds >= release {
        let mut tx = client.transaction()?;
        let n: i32 = tx.query_one("SELECT nv.release_held()", &[])?.get(0);
        tx.commit()?;
        released = n > 0;
    }
    Ok(Some(HeldBack {
        since,
        seconds,
        holder: row.get(2),
        holder_is_app,
        database: row.get(4),
        released,
    }))
}
