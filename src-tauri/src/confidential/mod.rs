//! The confidential workstation (máy tính mật): the app built without `office-sync` opens
//! the văn thư mật's encrypted registers (`nhiemvu-secret`) beside the ordinary database.
//!
//! * The store is locked until the clerk unlocks it (keychain, passphrase or recovery
//!   code) and locks itself again after the configured idle time: the key is then dropped
//!   from memory and the window shows the lock screen.
//! * The network is checked at start and every 30 s; while an interface other than
//!   loopback is up the window shows a red warning (`netguard`).
//! * Nothing secret goes to a log, a temporary file or the window title: errors carry no
//!   record text, printing goes to the printer through a pipe, saving a PDF is refused
//!   unless the clerk turned export on.
//!
//! In the ordinary build (with `office-sync`) this state exists but is switched off: every
//! command refuses, so secret records can never be typed into a computer that syncs.

pub mod cli;
pub mod netguard;
pub mod print;
mod service;
pub mod vault;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use nhiemvu_secret::{
    Clerk, KeyVault, Protection, SecretError, SecretSettings, SecretStore, Unlock,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use netguard::NetworkState;

/// This build is the confidential workstation: built without the office sync.
pub const WORKSTATION: bool = cfg!(not(feature = "office-sync"));

/// File name of the confidential store, next to the ordinary database.
pub const STORE_FILE_NAME: &str = "so-mat.nvm";

/// How the window finds the confidential store.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SecretStatus {
    /// This build is the confidential workstation.
    pub enabled: bool,
    /// How the store opens here; None when there is none yet.
    pub unlock: Option<Unlock>,
    pub open: bool,
    /// Whether this computer has a keychain to keep the key in.
    pub keychain: bool,
    pub network: NetworkState,
    /// The store's settings (defaults while locked).
    pub settings: SecretSettings,
    /// Where the store is (the folder only: the file name is fixed).
    pub folder: String,
}

/// What the window sends to create the store or to keep its key after a recovery.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct SecretCreate {
    pub protection: Protection,
}

/// Shown once, right after creation: the clerk prints it or writes it down.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SecretCreated {
    pub recovery_code: String,
}

/// How the window unlocks.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SecretUnlock {
    Keychain,
    Passphrase {
        passphrase: String,
    },
    /// On a computer where the key is not kept (a copy, a forgotten passphrase); `keep`
    /// keeps it here from now on.
    RecoveryCode {
        code: String,
        keep: Option<Protection>,
    },
}

struct Open {
    store: SecretStore,
    last_touch: Instant,
}

/// The confidential store as the shell holds it.
pub struct Confidential {
    enabled: bool,
    path: PathBuf,
    vault: Box<dyn KeyVault>,
    open: Mutex<Option<Open>>,
    network: Mutex<NetworkState>,
}

impl Confidential {
    /// The store next to the ordinary database at `db_path`; `enabled` in the confidential
    /// workstation build.
    pub fn new(db_path: &Path, enabled: bool, vault: Box<dyn KeyVault>) -> Self {
        let dir = db_path.parent().filter(|d| !d.as_os_str().is_empty());
        let path = dir.unwrap_or(Path::new(".")).join(STORE_FILE_NAME);
        Confidential {
            enabled,
            path,
            vault,
            open: Mutex::new(None),
            network: Mutex::new(if enabled {
                netguard::check()
            } else {
                NetworkState::Offline
            }),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn guard(&self) -> Result<(), SecretError> {
        if self.enabled {
            Ok(())
        } else {
            Err(SecretError::Refused(
                "Bản cài đặt này có chức năng đồng bộ với cơ sở dữ liệu của Văn phòng nên không được dùng cho sổ mật. Sổ mật chỉ mở trên bản Máy tính mật, cài trên máy không nối mạng.".into(),
            ))
        }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Open>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn status(&self) -> Result<SecretStatus, SecretError> {
        let unlock = if self.enabled {
            SecretStore::how_to_open(&self.path, self.vault.as_ref())?
        } else {
            None
        };
        let slot = self.slot();
        let settings = match slot.as_ref() {
            Some(o) => o.store.settings()?,
            None => SecretSettings::default(),
        };
        Ok(SecretStatus {
            enabled: self.enabled,
            unlock,
            open: slot.is_some(),
            keychain: self.enabled && self.vault.available(),
            network: self.network(),
            settings,
            folder: self
                .path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        })
    }

    /// Create the store; the recovery code is returned this once.
    pub fn create(&self, clerk: Clerk, c: SecretCreate) -> Result<SecretCreated, SecretError> {
        self.guard()?;
        let (store, code) =
            SecretStore::create(&self.path, &c.protection, self.vault.as_ref(), clerk)?;
        let created = SecretCreated {
            recovery_code: code.as_str().to_string(),
        };
        *self.slot() = Some(Open {
            store,
            last_touch: Instant::now(),
        });
        Ok(created)
    }

    pub fn unlock(&self, clerk: Clerk, how: SecretUnlock) -> Result<(), SecretError> {
        self.guard()?;
        let store = match how {
            SecretUnlock::Keychain => {
                SecretStore::open_with_keychain(&self.path, self.vault.as_ref(), clerk)?
            }
            SecretUnlock::Passphrase { passphrase } => {
                SecretStore::open_with_passphrase(&self.path, &passphrase, clerk)?
            }
            SecretUnlock::RecoveryCode { code, keep } => SecretStore::open_with_recovery_code(
                &self.path,
                &code,
                keep.as_ref(),
                self.vault.as_ref(),
                clerk,
            )?,
        };
        *self.slot() = Some(Open {
            store,
            last_touch: Instant::now(),
        });
        Ok(())
    }

    /// Drop the open store (and with it the key) now.
    pub fn lock(&self) {
        *self.slot() = None;
    }

    /// The clerk is working: the idle clock starts again.
    pub fn touch(&self) {
        if let Some(o) = self.slot().as_mut() {
            o.last_touch = Instant::now();
        }
    }

    /// Lock when the clerk has been idle longer than the store's setting. Returns whether
    /// it locked now.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let mut slot = self.slot();
        let Some(o) = slot.as_ref() else {
            return false;
        };
        let minutes = o
            .store
            .settings()
            .map(|s| s.idle_lock_minutes)
            .unwrap_or(SecretSettings::default().idle_lock_minutes);
        if now.saturating_duration_since(o.last_touch)
            >= Duration::from_secs(u64::from(minutes) * 60)
        {
            *slot = None;
            return true;
        }
        false
    }

    /// Run `f` on the open store (refused while locked); counts as activity.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut SecretStore) -> Result<T, SecretError>,
    ) -> Result<T, SecretError> {
        self.guard()?;
        let mut slot = self.slot();
        let o = slot.as_mut().ok_or(SecretError::Locked)?;
        o.last_touch = Instant::now();
        f(&mut o.store)
    }

    pub fn network(&self) -> NetworkState {
        self.network
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Look at the network again; returns the state when it changed.
    pub fn refresh_network(&self) -> Option<NetworkState> {
        let now = netguard::check();
        let mut cur = self.network.lock().unwrap_or_else(|p| p.into_inner());
        if *cur == now {
            return None;
        }
        *cur = now.clone();
        Some(now)
    }
}

/// In the confidential workstation a panic's message is not printed (it may hold a
/// record's text); only where it happened.
pub fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("Nhiệm Vụ gặp lỗi nội bộ ({at}). Dữ liệu đã ghi không bị ảnh hưởng; hãy mở lại ứng dụng.");
    }));
}

/// On the confidential workstation: a thread that locks the store after the idle time and
/// looks at the network every 30 s, telling the window when either changes.
pub fn start_guard(app: &tauri::AppHandle) {
    use tauri::{Emitter, Manager};
    let state = app.state::<crate::AppState>().inner().clone();
    if !state.confidential.enabled() {
        return;
    }
    // The title says which app this is, never what is open in it.
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.set_title("Nhiệm Vụ — Máy tính mật");
    }
    let app = app.clone();
    std::thread::Builder::new()
        .name("so-mat-guard".into())
        .spawn(move || {
            let mut last_net = Instant::now() - Duration::from_secs(60);
            loop {
                std::thread::sleep(Duration::from_secs(5));
                if state.confidential.lock_if_idle(Instant::now()) {
                    let _ = app.emit(crate::commands::confidential::SECRET_LOCKED_EVENT, "idle");
                }
                if last_net.elapsed() >= Duration::from_secs(30) {
                    last_net = Instant::now();
                    if let Some(n) = state.confidential.refresh_network() {
                        let _ = app.emit(crate::commands::confidential::NETWORK_EVENT, n);
                    }
                }
            }
        })
        .expect("the guard thread starts");
}
