//! The desktop shell of Nhiệm Vụ: opens the store, builds the Tauri app and exposes thin
//! commands over `nhiemvu-core`. Everything the app knows lives in the core; here we only
//! parse IPC input, move work off the main thread, and map errors to `{ code, message }`.
//!
//! * here: start-up, the shared state (the store behind a mutex, its path, the demo
//!   cancel flag) and the plain functions the commands call (testable without a window),
//!   and the run-time configuration overlay;
//! * `commands`: the `#[tauri::command]`s, one file per area;
//! * `error`: `ErrorPayload` helpers and the start-up error `AppError`.

pub mod commands;
pub mod confidential;
pub mod demo_cli;
pub mod error;
#[cfg(feature = "office-sync")]
pub mod office_cli;
mod opener;
pub mod report_cli;
pub mod reports;
pub mod service;
#[cfg(feature = "office-sync")]
pub mod sync;
pub mod sync_view;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use nhiemvu_core::demo::{self, DemoOptions};
use nhiemvu_core::model::Unit;
use nhiemvu_core::store::query::{RegisterPage, RegisterQuery};
use nhiemvu_core::store::Store;
use nhiemvu_core::{timeliness, CoreError};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

pub use error::{AppError, ErrorPayload};

/// Environment variable that names the database file when `--db` is not given.
pub const DB_ENV: &str = "NHIEMVU_DB";
/// File name of the database inside the user's data directory.
pub const DB_FILE_NAME: &str = "nhiemvu.sqlite3";

/// The database file to use: `--db` if given, else `$NHIEMVU_DB`, else
/// `<data dir>/nhiemvu.sqlite3` (e.g. `~/.local/share/nhiemvu/` on Linux,
/// `%APPDATA%\gov\nhiemvu\data\` on Windows), creating that directory.
pub fn resolve_db_path(cli: Option<PathBuf>) -> Result<PathBuf, AppError> {
    if let Some(path) = cli {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("vn", "gov", "nhiemvu").ok_or(AppError::NoDataDir)?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir).map_err(|source| AppError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(dir.join(DB_FILE_NAME))
}

/// Opens (creating or migrating) the database at `path`.
pub fn open_store(path: &Path) -> Result<Store, AppError> {
    Store::open(path).map_err(|source| AppError::OpenDatabase {
        path: path.to_path_buf(),
        source,
    })
}

/// Opens the database at `path` only if it already is one: for the commands that read a
/// database (`report`, `so-mat kiem-tra`, `office-db seed`), where a mistyped path must
/// not leave a new empty database behind.
pub fn open_existing_store(path: &Path) -> Result<Store, AppError> {
    Store::open_existing(path).map_err(|source| AppError::OpenDatabase {
        path: path.to_path_buf(),
        source,
    })
}

/// The generated Tauri context (tauri.conf.json, icons, embedded UI with the
/// `custom-protocol` feature), with an optional JSON overlay such as
/// `tauri.test.conf.json` merged in at run time (so tests need no separate build).
pub fn context(overlay: Option<&Path>) -> Result<tauri::Context<tauri::Wry>, AppError> {
    let mut context = tauri::generate_context!();
    if let Some(path) = overlay {
        apply_overlay_file(context.config_mut(), path)?;
    }
    Ok(context)
}

/// How `main` starts the window.
#[derive(Debug, Clone)]
pub struct Launch {
    pub db_path: PathBuf,
    /// A JSON file merged into the Tauri configuration (`--config`).
    pub config_overlay: Option<PathBuf>,
    /// Measurement mode (`--perf-out FILE`, used by `nhiemvu-bench ui`): the window runs
    /// its scripted measurements, writes the figures to FILE and exits.
    pub perf_out: Option<PathBuf>,
}

static PROCESS_START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Call first thing in `main`: the zero of the start-up figure.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// Milliseconds since `mark_process_start`.
pub fn since_process_start_ms() -> f64 {
    PROCESS_START
        .get_or_init(Instant::now)
        .elapsed()
        .as_secs_f64()
        * 1000.0
}

/// Opens the database, then runs the window until it is closed.
pub fn run(launch: Launch) -> Result<(), AppError> {
    let context = context(launch.config_overlay.as_deref())?;
    let store = open_store(&launch.db_path)?;
    let mut state = AppState::new(store, launch.db_path);
    if let Some(out) = launch.perf_out {
        state = state.with_perf_out(out);
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::info::app_info,
            commands::register::list_units,
            commands::register::list_tasks,
            commands::demo::create_demo,
            commands::demo::cancel_demo,
            commands::profile::get_profile,
            commands::profile::set_profile,
            commands::profile::create_office,
            commands::profile::list_people,
            commands::documents::list_documents,
            commands::documents::get_document,
            commands::documents::register_document,
            commands::documents::add_tasks,
            commands::tasks::task_detail,
            commands::tasks::apply_action,
            commands::files::upload_attachment,
            commands::files::open_attachment,
            commands::stats::statistics,
            commands::reports::report_defaults,
            commands::reports::report_pdf,
            commands::reports::report_save,
            commands::admin::get_settings,
            commands::admin::save_settings,
            commands::admin::calendar_year,
            commands::admin::set_calendar_year,
            commands::admin::create_unit,
            commands::admin::create_person,
            commands::perf::perf_elapsed,
            commands::perf::perf_finish,
            commands::sync::sync_status,
            commands::sync::sync_configure,
            commands::sync::sync_now,
            commands::sync::sync_rejections,
            commands::sync::sync_acknowledge,
            commands::sync::sync_disconnect,
            commands::sync::office_db_create_login,
            commands::sync::office_db_setup,
            commands::confidential::secret_status,
            commands::confidential::secret_create,
            commands::confidential::secret_unlock,
            commands::confidential::secret_lock,
            commands::confidential::secret_touch,
            commands::confidential::network_status,
            commands::confidential::secret_entries,
            commands::confidential::secret_years,
            commands::confidential::secret_register_incoming,
            commands::confidential::secret_register_outgoing,
            commands::confidential::secret_cancel_entry,
            commands::confidential::secret_sign_incoming,
            commands::confidential::secret_sign_recipient,
            commands::confidential::secret_approve_summary,
            commands::confidential::secret_record_decision,
            commands::confidential::secret_decisions,
            commands::confidential::secret_expiring,
            commands::confidential::secret_handovers,
            commands::confidential::secret_record_handover,
            commands::confidential::secret_copies,
            commands::confidential::secret_record_copy,
            commands::confidential::secret_tasks,
            commands::confidential::secret_add_task,
            commands::confidential::secret_task_action,
            commands::confidential::secret_task_events,
            commands::confidential::secret_statistics,
            commands::confidential::secret_verify,
            commands::confidential::secret_audit,
            commands::confidential::secret_set_settings,
            commands::confidential::secret_print_pdf,
            commands::confidential::secret_print,
            commands::confidential::secret_export,
        ])
        .setup(|app| {
            commands::sync::start_worker(app.handle());
            confidential::start_guard(app.handle());
            Ok(())
        })
        .run(context)?;
    Ok(())
}

// ---- State -------------------------------------------------------------------------

/// What the status bar and the start screen show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    /// Absolute path of the open database file.
    pub db_path: String,
    #[ts(type = "number")]
    pub task_count: u64,
    #[ts(type = "number")]
    pub unit_count: u64,
    /// Today in Asia/Ho_Chi_Minh ("2025-07-01").
    pub today: NaiveDate,
    /// Version of the application ("0.1.0").
    pub version: String,
    /// Measurement mode: the window runs its scripted measurements (`nhiemvu-bench ui`).
    pub perf: bool,
}

/// Payload of the `demo-progress` event: `done` of `total` tasks written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DemoProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// Name of the event that reports demo generation progress.
pub const DEMO_PROGRESS_EVENT: &str = "demo-progress";

/// The shell's state, shared by every command (cheap to clone).
#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

impl AppState {
    pub fn new(store: Store, db_path: PathBuf) -> Self {
        AppState(Arc::new(Shared {
            store: Mutex::new(store),
            demo_running: AtomicBool::new(false),
            demo_cancel: AtomicBool::new(false),
            perf_out: None,
            #[cfg(feature = "office-sync")]
            sync: sync::SyncHandle::new(db_path.clone()),
            confidential: confidential::Confidential::new(
                &db_path,
                confidential::WORKSTATION,
                Box::new(confidential::vault::OsVault::new()),
            ),
            db_path,
        }))
    }

    /// The confidential store given (tests: switched on, over an in-memory keychain).
    pub fn with_confidential(self, c: confidential::Confidential) -> Self {
        let shared =
            Arc::try_unwrap(self.0).unwrap_or_else(|_| panic!("state shared before start"));
        AppState(Arc::new(Shared {
            confidential: c,
            ..shared
        }))
    }

    /// Measurement mode: figures go to `out` (set before the window starts).
    pub fn with_perf_out(self, out: PathBuf) -> Self {
        let shared =
            Arc::try_unwrap(self.0).unwrap_or_else(|_| panic!("state shared before start"));
        AppState(Arc::new(Shared {
            perf_out: Some(out),
            ..shared
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    store: Mutex<Store>,
    db_path: PathBuf,
    demo_running: AtomicBool,
    demo_cancel: AtomicBool,
    perf_out: Option<PathBuf>,
    /// The office sync's background worker and status.
    #[cfg(feature = "office-sync")]
    pub sync: sync::SyncHandle,
    /// The confidential registers (open on the confidential workstation only).
    pub confidential: confidential::Confidential,
}

/// Held while a demo generation runs; a second one is refused until it is dropped.
pub struct DemoGuard(Arc<Shared>);

impl Drop for DemoGuard {
    fn drop(&mut self) {
        self.0.demo_running.store(false, Ordering::SeqCst);
    }
}

impl Shared {
    /// The store, for one unit of work. A panic in an earlier holder does not lock the
    /// app out: SQLite rolled back whatever transaction was open.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn perf_out(&self) -> Option<&Path> {
        self.perf_out.as_deref()
    }

    pub fn app_info(&self) -> Result<AppInfo, CoreError> {
        let store = self.store();
        let db_path = std::path::absolute(&self.db_path).unwrap_or_else(|_| self.db_path.clone());
        Ok(AppInfo {
            db_path: db_path.display().to_string(),
            task_count: store.task_count()?,
            unit_count: store.unit_count()?,
            today: timeliness::today_local(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            perf: self.perf_out.is_some(),
        })
    }

    pub fn units(&self) -> Result<Vec<Unit>, CoreError> {
        self.store().units()
    }

    pub fn register_page(&self, query: &RegisterQuery) -> Result<RegisterPage, CoreError> {
        self.store().register_page(query)
    }

    /// Marks a demo generation as running; `None` when one already is.
    pub fn begin_demo(self: &Arc<Self>) -> Option<DemoGuard> {
        if self.demo_running.swap(true, Ordering::SeqCst) {
            return None;
        }
        self.demo_cancel.store(false, Ordering::SeqCst);
        Some(DemoGuard(Arc::clone(self)))
    }

    /// Asks a running demo generation to stop; it rolls back and returns `Cancelled`.
    pub fn cancel_demo(&self) {
        self.demo_cancel.store(true, Ordering::SeqCst);
    }

    /// Writes a demo province of `tasks` tasks, calling `report` at most every 100 ms
    /// (and always for the first and the last step). Blocking: call it off the UI thread.
    pub fn generate_demo(
        &self,
        _guard: &DemoGuard,
        options: &DemoOptions,
        report: &mut dyn FnMut(DemoProgress),
    ) -> Result<AppInfo, CoreError> {
        let mut throttle = Throttle::new(Duration::from_millis(100));
        {
            let mut store = self.store();
            let mut progress = |done: u64, total: u64| {
                if throttle.ready(done == 0 || done >= total) {
                    report(DemoProgress { done, total });
                }
                !self.demo_cancel.load(Ordering::SeqCst)
            };
            demo::generate(&mut store, options, &mut progress)?;
        }
        self.app_info()
    }
}

/// Lets an event through at most once per `interval`, or when forced.
pub struct Throttle {
    interval: Duration,
    last: Option<Instant>,
}

impl Throttle {
    pub fn new(interval: Duration) -> Self {
        Throttle {
            interval,
            last: None,
        }
    }

    pub fn ready(&mut self, force: bool) -> bool {
        let now = Instant::now();
        let due = self
            .last
            .is_none_or(|last| now.duration_since(last) >= self.interval);
        if force || due {
            self.last = Some(now);
            true
        } else {
            false
        }
    }
}

// ---- Configuration overlay ---------------------------------------------------------
//
// `nhiemvu --config FILE` applies the same JSON Merge Patch (RFC 7396) that the Tauri CLI
// applies for `tauri build --config FILE`, but at run time on the configuration compiled
// into the binary, so one build serves both the real app and the end-to-end test
// (`tauri.test.conf.json`, with its own identifier and so its own WebView data directory).

/// Merges `patch` into `target`: objects merge key by key, `null` removes a key, anything
/// else replaces the value.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let Value::Object(target) = target else {
        unreachable!()
    };
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// Applies a JSON overlay to a Tauri configuration. The `$schema` key is ignored.
pub fn apply_overlay(config: &mut tauri::Config, overlay: &str) -> Result<(), String> {
    let mut patch: Value = serde_json::from_str(overlay).map_err(|e| e.to_string())?;
    if let Value::Object(map) = &mut patch {
        map.remove("$schema");
    }
    let mut value = serde_json::to_value(&*config).map_err(|e| e.to_string())?;
    merge_patch(&mut value, &patch);
    *config = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok(())
}

/// Reads `path` and applies it with [`apply_overlay`].
pub fn apply_overlay_file(config: &mut tauri::Config, path: &Path) -> Result<(), AppError> {
    let text = std::fs::read_to_string(path).map_err(|e| AppError::Config {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    apply_overlay(config, &text).map_err(|detail| AppError::Config {
        path: path.to_path_buf(),
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::merge_patch;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut target = json!({"a": "b", "c": {"d": "e", "f": "g"}, "k": [1, 2]});
        merge_patch(
            &mut target,
            &json!({"a": "z", "c": {"f": null}, "k": [3], "n": {"m": 1}}),
        );
        assert_eq!(
            target,
            json!({"a": "z", "c": {"d": "e"}, "k": [3], "n": {"m": 1}})
        );
    }
}
