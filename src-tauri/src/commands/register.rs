use nhiemvu_core::model::Unit;
use nhiemvu_core::store::query::{RegisterPage, RegisterQuery};
use tauri::State;

use super::blocking;
use crate::error::ErrorPayload;
use crate::AppState;

/// All units (sở, ban, ngành, xã/phường and their phòng).
#[tauri::command]
pub async fn list_units(state: State<'_, AppState>) -> Result<Vec<Unit>, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.units()).await
}

/// One page of the task register (sổ theo dõi) for the given filters.
#[tauri::command]
pub async fn list_tasks(
    state: State<'_, AppState>,
    query: RegisterQuery,
) -> Result<RegisterPage, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.register_page(&query)).await
}
