//! One sync round, as the app runs it in the background and the tests run it by hand:
//! connect as the person, check the schema and the server's identity, push the outbox,
//! then pull. Working offline is the normal state: a round that cannot reach the server
//! reports it and leaves everything as it was.

use std::time::Instant;

use postgres::Client;
use serde::Serialize;

use nhiemvu_core::store::Store;

use crate::error::{Result, SyncError};
use crate::pull::{self, Progress, KEY_LAST_PULL, KEY_SERVER};
use crate::push::{self, Me};
use crate::schema;

/// After this long without a pull the scope is downloaded again rather than replayed.
pub const LONG_ABSENCE_DAYS: i64 = 60;

/// A connected sync session for the person using this PC.
pub struct SyncSession {
    client: Client,
    me: Me,
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub rejected: u64,
    pub pulled: u64,
    /// A full download happened (first sync, server restored, long absence).
    pub full_download: bool,
    pub downloaded_tasks: u64,
    /// Applied mutations sent again after a server restore.
    pub resent: u64,
    /// A transient push failure; the rest of the outbox waits for the next round.
    pub transient: Option<String>,
    /// A transaction on the server holds back what this PC receives (see `horizon`).
    pub held_back: Option<crate::horizon::HeldBack>,
    pub millis: u64,
}

/// What the window's status line shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncStatus {
    pub configured: bool,
    pub last_pull_at: Option<String>,
    pub pending: u64,
    pub rejected: u64,
    pub conflicts: u64,
    pub last_error: Option<String>,
}

impl SyncSession {
    /// Connect with a full URL (password given separately) and check who we are. The
    /// local profile must be this person, or not chosen yet (then it becomes this person
    /// after the first download).
    pub fn open(url: &str, password: Option<&str>) -> Result<SyncSession> {
        if password.is_some_and(str::is_empty) {
            return Err(SyncError::Setup("Vui lòng nhập mật khẩu.".into()));
        }
        let mut client = crate::connect(url, password)?;
        let mut tx = client.transaction()?;
        schema::check_compatible(&mut tx)?;
        let me = push::whoami(&mut tx)?;
        tx.commit()?;
        Ok(SyncSession { client, me })
    }

    pub fn me(&self) -> &Me {
        &self.me
    }

    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Push, then pull; a first sync (or a changed server) downloads the whole scope.
    pub fn round(
        &mut self,
        store: &mut Store,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<SyncReport> {
        let started = Instant::now();
        let mut report = SyncReport::default();
        if let Some(p) = store.profile()? {
            if p.person.id != self.me.person.id && !p.demo {
                return Err(SyncError::Setup(format!(
                    "Máy này đang dùng hồ sơ của {}, còn tài khoản \"{}\" là của {}. Mỗi máy chỉ đồng bộ cho một người.",
                    p.person.full_name, self.me.login, self.me.person.full_name
                )));
            }
        }
        let identity = pull::server_identity(&mut self.client)?;
        let known = store.sync_state_get(KEY_SERVER)?;
        let long_absent = store
            .sync_state_get(KEY_LAST_PULL)?
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .is_some_and(|t| {
                chrono::Utc::now().signed_duration_since(t).num_days() > LONG_ABSENCE_DAYS
            });
        let restored = known.as_deref().is_some_and(|k| k != identity);
        let long_absent =
            long_absent || (!restored && pull::cursor_pruned(&mut self.client, store)?);
        if restored {
            // The server lost what it applied after its dump: send it all again; mutation
            // ids it still knows are answered from its record.
            report.resent = store.outbox_resend_applied()?;
        }
        let first = known.is_none();
        if first || restored || long_absent {
            // The directory first, so that pushed mutations and the profile find their units.
            report.full_download = true;
            report.downloaded_tasks =
                pull::full_download(&mut self.client, store, &identity, progress)?;
            // A new PC (or one showing the sample province) becomes this person's.
            if store.profile()?.is_none_or(|p| p.demo) {
                store.join_office(self.me.person.id)?;
            }
        }
        let pushed = push::push_pending(&mut self.client, store, &self.me)?;
        report.pushed = pushed.applied;
        report.rejected = pushed.rejected.len() as u64;
        report.transient = pushed.transient.clone();
        if !pushed.refresh.is_empty() {
            pull::refresh(&mut self.client, store, &pushed.refresh)?;
        }
        report.pulled = pull::pull_changes(&mut self.client, store)?;
        report.held_back = crate::horizon::check(&mut self.client)?;
        report.millis = started.elapsed().as_millis() as u64;
        Ok(report)
    }

    /// Conflicts this person is part of and has not settled.
    pub fn open_conflicts(&mut self) -> Result<u64> {
        let mut tx = self.client.transaction()?;
        let n: i64 = tx
            .query_one(
                "SELECT count(*) FROM nv.conflicts WHERE resolved_at IS NULL AND (kept_by = current_user OR overwritten_by = current_user)",
                &[],
            )?
            .get(0);
        tx.commit()?;
        Ok(n as u64)
    }
}
