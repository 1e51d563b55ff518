//! The `#[tauri::command]`s: parse, run the core work on a blocking thread, map errors.
//! After a write the shell emits `data-changed`, and the screens reload what they show.

pub mod admin;
pub mod confidential;
pub mod demo;
pub mod documents;
pub mod files;
pub mod info;
pub mod perf;
pub mod profile;
pub mod register;
pub mod reports;
pub mod stats;
pub mod sync;
pub mod tasks;

use nhiemvu_core::CoreError;
use serde::Serialize;
use tauri::{AppHandle, Emitter};
use ts_rs::TS;

use crate::error::{self, ErrorPayload};

/// Runs core work on Tauri's blocking thread pool (SQLite must not block the IPC thread).
pub(crate) async fn blocking<T, F>(work: F) -> Result<T, ErrorPayload>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, CoreError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(error::internal)?
        .map_err(error::payload)
}

/// Name of the event sent after every successful write.
pub const DATA_CHANGED_EVENT: &str = "data-changed";

/// What a write changed (the payload of `data-changed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Change {
    Documents,
    Tasks,
    Settings,
    Units,
    Profile,
    Demo,
}

/// Tells the window that data changed. Best effort: a closed window is not an error.
pub(crate) fn changed(app: &AppHandle, what: Change) {
    let _ = app.emit(DATA_CHANGED_EVENT, what);
    // A local write is something to send: wake the office sync.
    #[cfg(feature = "office-sync")]
    {
        use tauri::Manager;
        if let Some(state) = app.try_state::<crate::AppState>() {
            state.sync.wake();
        }
    }
}
