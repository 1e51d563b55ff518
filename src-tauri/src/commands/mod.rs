//! The `#[tauri::command]`s: parse, run the core work on a blocking thread, map errors.

pub mod demo;
pub mod info;
pub mod register;

use nhiemvu_core::CoreError;

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
