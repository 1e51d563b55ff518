use nhiemvu_core::model::{Id, Person};
use nhiemvu_core::store::{NewOffice, Profile};
use tauri::{AppHandle, State};

use super::{blocking, changed, Change};
use crate::error::ErrorPayload;
use crate::AppState;

/// The person using this PC; null before the first-run form.
#[tauri::command]
pub async fn get_profile(state: State<'_, AppState>) -> Result<Option<Profile>, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.profile()).await
}

/// Switches the person (demo province only).
#[tauri::command]
pub async fn set_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: Id,
) -> Result<Profile, ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.set_profile(person_id)).await?;
    changed(&app, Change::Profile);
    Ok(out)
}

/// First run: "tạo cơ quan của tôi".
#[tauri::command]
pub async fn create_office(
    app: AppHandle,
    state: State<'_, AppState>,
    office: NewOffice,
) -> Result<Profile, ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.create_office(office)).await?;
    changed(&app, Change::Profile);
    Ok(out)
}

/// Everybody in the unit tree, in Vietnamese order of given name.
#[tauri::command]
pub async fn list_people(state: State<'_, AppState>) -> Result<Vec<Person>, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.people()).await
}
