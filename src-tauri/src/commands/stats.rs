use chrono::NaiveDate;
use nhiemvu_core::stats::Statistics;
use tauri::State;

use super::blocking;
use crate::error::ErrorPayload;
use crate::AppState;

/// Statistics of the tasks assigned from `from` to `to`, as of `as_of` (today when null).
#[tauri::command]
pub async fn statistics(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    as_of: Option<NaiveDate>,
) -> Result<Statistics, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.statistics(from, to, as_of)).await
}
