use chrono::NaiveDate;
use nhiemvu_core::model::{Id, Task};
use nhiemvu_core::store::{TaskAction, TaskDetail};
use tauri::{AppHandle, State};

use super::{blocking, changed, Change};
use crate::error::ErrorPayload;
use crate::AppState;

/// Everything about one task as of a date (today when null).
#[tauri::command]
pub async fn task_detail(
    state: State<'_, AppState>,
    id: Id,
    as_of: Option<NaiveDate>,
) -> Result<TaskDetail, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.task_detail(id, as_of)).await
}

/// A lifecycle action by the person using this PC. `expected_version` is the version the
/// user looked at: a decision taken on an outdated view is refused (`stale`).
#[tauri::command]
pub async fn apply_action(
    app: AppHandle,
    state: State<'_, AppState>,
    task_id: Id,
    expected_version: Option<i64>,
    action: TaskAction,
) -> Result<Task, ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.apply_action(task_id, expected_version, action)).await?;
    changed(&app, Change::Tasks);
    Ok(out)
}
