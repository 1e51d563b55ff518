use tauri::State;

use super::blocking;
use crate::error::ErrorPayload;
use crate::{AppInfo, AppState};

/// The open database, its counts, today's date and the app version.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.app_info()).await
}
