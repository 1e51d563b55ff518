//! Measurement mode (`nhiemvu --perf-out FILE`, driven by `nhiemvu-bench ui`): the window
//! times its own start-up, filter changes and search as a user would see them, then hands
//! the figures here to be written for the benchmark binary.

use serde::Deserialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use super::blocking;
use crate::error::{self, ErrorPayload};
use crate::AppState;

/// One measured figure (printed by the bench as `FIGURE <name> <value> <unit>`).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct PerfFigure {
    pub name: String,
    pub value: f64,
    pub unit: String,
}

/// Milliseconds since the process started.
#[tauri::command]
pub fn perf_elapsed() -> f64 {
    crate::since_process_start_ms()
}

/// Writes the figures (one `name value unit` line each) and closes the app.
#[tauri::command]
pub async fn perf_finish(
    app: AppHandle,
    state: State<'_, AppState>,
    figures: Vec<PerfFigure>,
) -> Result<(), ErrorPayload> {
    let Some(out) = state.perf_out().map(|p| p.to_path_buf()) else {
        return Err(error::internal("không ở chế độ đo hiệu năng"));
    };
    blocking(move || {
        let text: String = figures
            .iter()
            .map(|f| format!("{} {} {}\n", f.name, f.value, f.unit))
            .collect();
        let tmp = out.with_extension("tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &out)?;
        Ok(())
    })
    .await?;
    app.exit(0);
    Ok(())
}
