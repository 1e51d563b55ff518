use nhiemvu_core::calendar::CalendarOverride;
use nhiemvu_core::model::{Person, Unit};
use nhiemvu_core::store::Settings;
use tauri::{AppHandle, State};

use super::{blocking, changed, Change};
use crate::error::ErrorPayload;
use crate::service::{CalendarYear, NewPerson, NewUnit};
use crate::AppState;

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || Ok(state.settings())).await
}

#[tauri::command]
pub async fn save_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.save_settings(settings)).await?;
    changed(&app, Change::Settings);
    Ok(out)
}

#[tauri::command]
pub async fn calendar_year(
    state: State<'_, AppState>,
    year: i32,
) -> Result<CalendarYear, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.calendar_year(year)).await
}

#[tauri::command]
pub async fn set_calendar_year(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    overrides: Vec<CalendarOverride>,
) -> Result<CalendarYear, ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.set_calendar_year(year, overrides)).await?;
    changed(&app, Change::Settings);
    Ok(out)
}

#[tauri::command]
pub async fn create_unit(
    app: AppHandle,
    state: State<'_, AppState>,
    unit: NewUnit,
) -> Result<Unit, ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.create_unit(unit)).await?;
    changed(&app, Change::Units);
    Ok(out)
}

#[tauri::command]
pub async fn create_person(
    app: AppHandle,
    state: State<'_, AppState>,
    person: NewPerson,
) -> Result<Person, ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.create_person(person)).await?;
    changed(&app, Change::Units);
    Ok(out)
}
