use nhiemvu_core::demo::DemoOptions;
use tauri::{AppHandle, Emitter, State};

use super::blocking;
use crate::error::{self, ErrorPayload};
use crate::{AppInfo, AppState, DEMO_PROGRESS_EVENT};

/// Fills the open database with a synthetic province of `tasks` tasks, emitting
/// `demo-progress` events (at most ~10 a second). Resolves to the new `AppInfo`;
/// rejects with code `cancelled` (nothing written) after `cancel_demo`.
#[tauri::command]
pub async fn create_demo(
    app: AppHandle,
    state: State<'_, AppState>,
    tasks: u64,
) -> Result<AppInfo, ErrorPayload> {
    let state = state.inner().clone();
    let guard = state.0.begin_demo().ok_or_else(error::busy)?;
    let events = app.clone();
    let out = blocking(move || {
        let mut report = |progress| {
            // Best effort: a closed window must not abort the generation.
            let _ = events.emit(DEMO_PROGRESS_EVENT, progress);
        };
        state.generate_demo(&guard, &DemoOptions::new(tasks), &mut report)
    })
    .await?;
    super::changed(&app, super::Change::Demo);
    Ok(out)
}

/// Asks a running `create_demo` to stop. Does nothing when none is running.
#[tauri::command]
pub fn cancel_demo(state: State<'_, AppState>) {
    state.cancel_demo();
}
