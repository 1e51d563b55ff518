use nhiemvu_core::model::{Id, Origin};
use nhiemvu_report::{ReportError, ReportKind, ReportRequest};
use serde::Serialize;
use tauri::ipc::Response;
use tauri::State;
use ts_rs::TS;

use crate::error::{self, ErrorPayload};
use crate::reports;
use crate::AppState;

/// Report work on the blocking pool, with the report's own errors mapped for the UI.
async fn blocking_report<T, F>(work: F) -> Result<T, ErrorPayload>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ReportError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(error::internal)?
        .map_err(|e| e.payload())
}

/// The request's fields filled from the settings, for the form to edit.
#[tauri::command]
pub async fn report_defaults(
    state: State<'_, AppState>,
    kind: ReportKind,
    period: String,
    unit_id: Option<Id>,
    origin: Option<Origin>,
) -> Result<ReportRequest, ErrorPayload> {
    let state = state.inner().clone();
    blocking_report(move || state.report_defaults(kind, &period, unit_id, origin)).await
}

/// The PDF itself, as raw bytes (no JSON array of numbers), for the preview.
#[tauri::command]
pub async fn report_pdf(
    state: State<'_, AppState>,
    request: ReportRequest,
) -> Result<Response, ErrorPayload> {
    let state = state.inner().clone();
    blocking_report(move || state.report_pdf(&request).map(Response::new)).await
}

/// Where a saved report went.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SavedReport {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Generates the PDF and saves it in Documents/Nhiệm Vụ under a new name; with `open`,
/// starts the system's PDF viewer on it.
#[tauri::command]
pub async fn report_save(
    state: State<'_, AppState>,
    request: ReportRequest,
    open: bool,
) -> Result<SavedReport, ErrorPayload> {
    let state = state.inner().clone();
    blocking_report(move || {
        let pdf = state.report_pdf(&request)?;
        let unit_name = match request.unit_id {
            Some(id) => state
                .store()
                .units()?
                .into_iter()
                .find(|u| u.id == id)
                .map(|u| u.name),
            None => None,
        };
        let dir = reports::reports_dir();
        let path = reports::unused_path(&dir, &reports::file_name(&request, unit_name.as_deref()));
        reports::write_atomically(&path, &pdf)?;
        if open {
            crate::opener::open(&path).map_err(|e| ReportError::Write {
                path: path.display().to_string(),
                source: std::io::Error::new(e.kind(), format!("đã lưu nhưng không mở được: {e}")),
            })?;
        }
        Ok(SavedReport {
            path: path.display().to_string(),
            bytes: pdf.len() as u64,
        })
    })
    .await
}
