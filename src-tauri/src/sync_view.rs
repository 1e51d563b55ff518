//! What the window shows of the office sync. Compiled in every build, so the offline
//! confidential workstation (built without `office-sync`) answers "not available" instead
//! of the window breaking.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the background sync is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    /// No office database configured (or this build has no sync): working alone.
    Off,
    /// Synced; waiting for the next change or poll.
    Idle,
    Syncing,
    /// The server cannot be reached: working offline, which is normal.
    Offline,
    /// Something needs a person (wrong password, schema too old…): see `last_error`.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// The sync status line and settings panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncStatusView {
    /// This build can sync (false on the confidential workstation build).
    pub available: bool,
    pub configured: bool,
    /// The office database address, without any password.
    pub url: Option<String>,
    pub login: Option<String>,
    pub phase: SyncPhase,
    /// When the last pull finished (RFC 3339, UTC).
    pub last_sync_at: Option<String>,
    #[ts(type = "number")]
    pub pending: u64,
    /// Refused mutations the user has not read yet.
    #[ts(type = "number")]
    pub rejected: u64,
    /// Open conflicts this person is part of.
    #[ts(type = "number")]
    pub conflicts: u64,
    pub last_error: Option<String>,
    /// Set when there is no OS keychain: the password is kept in memory until the app closes.
    pub keychain_notice: Option<String>,
    /// During a first (full) download.
    pub progress: Option<SyncProgress>,
    /// Rows of the office database this PC could not read (oldest first). The sync goes
    /// on with everything else.
    pub damaged: Vec<DamagedView>,
    /// The server holds back changes behind a transaction that has not ended.
    pub held_back: Option<HeldBackView>,
}

/// A row of the office database this PC could not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DamagedView {
    /// task, event, document, unit, person, settings or calendar.
    pub entity: String,
    /// What it is, in Vietnamese ("Sự kiện #123 của nhiệm vụ «Rà soát…»").
    pub label: String,
    /// Why it could not be read (the decoder's error).
    pub reason: String,
    /// When this PC first met it (RFC 3339, UTC).
    pub first_seen: String,
}

/// An open transaction on the server keeps newer changes from reaching this PC (the pull
/// reads only below the oldest one still open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HeldBackView {
    /// When the oldest open transaction on the server began (RFC 3339, UTC).
    pub since: String,
    /// For how many minutes it has held the changes back.
    #[ts(type = "number")]
    pub minutes: u64,
    /// The server ended it: what was held back arrives with the next pull.
    pub released: bool,
}

impl SyncStatusView {
    pub fn unavailable() -> Self {
        SyncStatusView {
            available: false,
            configured: false,
            url: None,
            login: None,
            phase: SyncPhase::Off,
            last_sync_at: None,
            pending: 0,
            rejected: 0,
            conflicts: 0,
            last_error: None,
            keychain_notice: None,
            progress: None,
            damaged: Vec::new(),
            held_back: None,
        }
    }
}

/// A mutation the server refused, for its author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RejectionView {
    pub id: String,
    /// The mutation's name (accept_task, …).
    pub name: String,
    /// When the user did it (RFC 3339, UTC).
    pub created_at: String,
    /// Why the server refused it and what to do (Vietnamese).
    pub reason: String,
    pub acknowledged: bool,
}

/// What the settings form sends.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct SyncSetup {
    /// `postgresql://login@host:5432/db` (no password in it).
    pub url: String,
    pub password: String,
}

/// Name of the event that carries `SyncStatusView` whenever it changes.
pub const SYNC_STATUS_EVENT: &str = "sync-status";

/// The admin gives a person their own login on the office database.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct NewLogin {
    pub person_id: String,
    pub login: String,
    pub password: String,
}

/// Set up or upgrade the office database from the admin screen (PostgreSQL superuser).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OfficeDbAction {
    Init,
    Migrate,
}

#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct OfficeDbSetup {
    pub action: OfficeDbAction,
    /// `postgresql://postgres@host:5432/db`
    pub url: String,
    pub password: String,
}
