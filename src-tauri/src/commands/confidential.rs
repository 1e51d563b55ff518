//! The confidential workstation's commands: unlock, the registers, secret tasks, the audit
//! log and printing. Every one runs on the blocking pool, refuses while the store is
//! locked (or in a build that syncs), and counts as the clerk's activity for the idle lock.

use chrono::{DateTime, NaiveDate, Utc};
use nhiemvu_core::model::Id;
use nhiemvu_core::store::TaskAction;
use nhiemvu_secret::{
    AuditLine, CopyRecord, Decision, Entry, Handover, NewCopy, NewDecision, NewHandover,
    NewIncoming, NewOutgoing, NewSecretTask, Register, SecretError, SecretSettings,
    SecretStatistics, SecretTaskEvent, SecretTaskRow, SummaryApproval, VerifyReport,
};
use tauri::ipc::Response;
use tauri::{AppHandle, Emitter, State};

use crate::commands::reports::SavedReport;
use crate::confidential::netguard::NetworkState;
use crate::confidential::print::SecretPrint;
use crate::confidential::{SecretCreate, SecretCreated, SecretStatus, SecretUnlock};
use crate::error::{self, ErrorPayload};
use crate::AppState;

/// Sent when the store locks itself (idle) or is locked.
pub const SECRET_LOCKED_EVENT: &str = "secret-locked";
/// Sent when the network check's answer changes.
pub const NETWORK_EVENT: &str = "network-state";

async fn run<T, F>(work: F) -> Result<T, ErrorPayload>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, SecretError> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(error::internal)?
        .map_err(|e| e.payload())
}

macro_rules! on_store {
    ($state:ident, |$s:ident| $body:expr) => {{
        let st = $state.inner().clone();
        run(move || st.confidential.with(|$s| $body)).await
    }};
}

#[tauri::command]
pub async fn secret_status(state: State<'_, AppState>) -> Result<SecretStatus, ErrorPayload> {
    let st = state.inner().clone();
    run(move || st.confidential.status()).await
}

#[tauri::command]
pub async fn secret_create(
    state: State<'_, AppState>,
    create: SecretCreate,
) -> Result<SecretCreated, ErrorPayload> {
    let st = state.inner().clone();
    run(move || {
        let clerk = st.secret_clerk();
        st.confidential.create(clerk, create)
    })
    .await
}

#[tauri::command]
pub async fn secret_unlock(
    state: State<'_, AppState>,
    how: SecretUnlock,
) -> Result<SecretStatus, ErrorPayload> {
    let st = state.inner().clone();
    run(move || {
        let clerk = st.secret_clerk();
        st.confidential.unlock(clerk, how)?;
        st.confidential.status()
    })
    .await
}

#[tauri::command]
pub async fn secret_lock(app: AppHandle, state: State<'_, AppState>) -> Result<(), ErrorPayload> {
    state.confidential.lock();
    let _ = app.emit(SECRET_LOCKED_EVENT, "manual");
    Ok(())
}

/// The clerk typed or clicked: the idle clock starts again.
#[tauri::command]
pub async fn secret_touch(state: State<'_, AppState>) -> Result<(), ErrorPayload> {
    state.confidential.touch();
    Ok(())
}

#[tauri::command]
pub async fn network_status(state: State<'_, AppState>) -> Result<NetworkState, ErrorPayload> {
    let st = state.inner().clone();
    run(move || {
        st.confidential.refresh_network();
        Ok(st.confidential.network())
    })
    .await
}

#[tauri::command]
pub async fn secret_entries(
    state: State<'_, AppState>,
    register: Register,
    year: Option<i32>,
) -> Result<Vec<Entry>, ErrorPayload> {
    on_store!(state, |s| s.entries(register, year))
}

#[tauri::command]
pub async fn secret_years(state: State<'_, AppState>) -> Result<Vec<i32>, ErrorPayload> {
    on_store!(state, |s| s.years())
}

#[tauri::command]
pub async fn secret_register_incoming(
    state: State<'_, AppState>,
    entry: NewIncoming,
) -> Result<Entry, ErrorPayload> {
    on_store!(state, |s| s.register_incoming(entry))
}

#[tauri::command]
pub async fn secret_register_outgoing(
    state: State<'_, AppState>,
    entry: NewOutgoing,
) -> Result<Entry, ErrorPayload> {
    on_store!(state, |s| s.register_outgoing(entry))
}

#[tauri::command]
pub async fn secret_cancel_entry(
    state: State<'_, AppState>,
    id: Id,
    reason: String,
) -> Result<Entry, ErrorPayload> {
    on_store!(state, |s| s.cancel_entry(id, &reason))
}

#[tauri::command]
pub async fn secret_sign_incoming(
    state: State<'_, AppState>,
    id: Id,
    by: String,
    at: Option<DateTime<Utc>>,
) -> Result<Entry, ErrorPayload> {
    on_store!(state, |s| s.sign_for_incoming(id, &by, at))
}

#[tauri::command]
pub async fn secret_sign_recipient(
    state: State<'_, AppState>,
    recipient_id: Id,
    by: String,
    at: Option<DateTime<Utc>>,
) -> Result<Entry, ErrorPayload> {
    on_store!(state, |s| s.sign_for_recipient(recipient_id, &by, at))
}

#[tauri::command]
pub async fn secret_approve_summary(
    state: State<'_, AppState>,
    id: Id,
    approval: SummaryApproval,
) -> Result<Entry, ErrorPayload> {
    on_store!(state, |s| s.approve_summary(id, approval))
}

#[tauri::command]
pub async fn secret_record_decision(
    state: State<'_, AppState>,
    entry_id: Id,
    decision: NewDecision,
) -> Result<Decision, ErrorPayload> {
    on_store!(state, |s| s.record_decision(entry_id, decision))
}

#[tauri::command]
pub async fn secret_decisions(
    state: State<'_, AppState>,
    entry_id: Id,
) -> Result<Vec<Decision>, ErrorPayload> {
    on_store!(state, |s| s.decisions(entry_id))
}

/// What is still protected and expires within the store's warning period (or already has).
#[tauri::command]
pub async fn secret_expiring(state: State<'_, AppState>) -> Result<Vec<Entry>, ErrorPayload> {
    on_store!(state, |s| {
        let days = s.settings()?.expiry_warning_days;
        s.expiring(nhiemvu_core::timeliness::today_local(), days)
    })
}

#[tauri::command]
pub async fn secret_handovers(
    state: State<'_, AppState>,
    year: Option<i32>,
) -> Result<Vec<Handover>, ErrorPayload> {
    on_store!(state, |s| s.handovers(year))
}

#[tauri::command]
pub async fn secret_record_handover(
    state: State<'_, AppState>,
    handover: NewHandover,
) -> Result<Handover, ErrorPayload> {
    on_store!(state, |s| s.record_handover(handover))
}

#[tauri::command]
pub async fn secret_copies(
    state: State<'_, AppState>,
    year: Option<i32>,
) -> Result<Vec<CopyRecord>, ErrorPayload> {
    on_store!(state, |s| s.copies(year))
}

#[tauri::command]
pub async fn secret_record_copy(
    state: State<'_, AppState>,
    copy: NewCopy,
) -> Result<CopyRecord, ErrorPayload> {
    on_store!(state, |s| s.record_copy(copy))
}

#[tauri::command]
pub async fn secret_tasks(
    state: State<'_, AppState>,
    entry_id: Option<Id>,
    as_of: Option<NaiveDate>,
) -> Result<Vec<SecretTaskRow>, ErrorPayload> {
    let st = state.inner().clone();
    run(move || st.secret_tasks(entry_id, as_of)).await
}

#[tauri::command]
pub async fn secret_add_task(
    state: State<'_, AppState>,
    task: NewSecretTask,
) -> Result<SecretTaskRow, ErrorPayload> {
    let st = state.inner().clone();
    run(move || st.secret_add_task(task)).await
}

#[tauri::command]
pub async fn secret_task_action(
    state: State<'_, AppState>,
    task_id: Id,
    expected_version: Option<i64>,
    action: TaskAction,
) -> Result<SecretTaskRow, ErrorPayload> {
    let st = state.inner().clone();
    run(move || st.secret_task_action(task_id, expected_version, action)).await
}

#[tauri::command]
pub async fn secret_task_events(
    state: State<'_, AppState>,
    task_id: Id,
) -> Result<Vec<SecretTaskEvent>, ErrorPayload> {
    on_store!(state, |s| s.task_events(task_id))
}

/// Statistics of the secret tasks for a period ("2026-Q1", "2026-6T", "2026", …).
#[tauri::command]
pub async fn secret_statistics(
    state: State<'_, AppState>,
    period: String,
    as_of: Option<NaiveDate>,
) -> Result<SecretStatistics, ErrorPayload> {
    let st = state.inner().clone();
    run(move || st.secret_statistics(&period, as_of)).await
}

#[tauri::command]
pub async fn secret_verify(state: State<'_, AppState>) -> Result<VerifyReport, ErrorPayload> {
    on_store!(state, |s| s.verify())
}

#[tauri::command]
pub async fn secret_audit(
    state: State<'_, AppState>,
    limit: u32,
) -> Result<Vec<AuditLine>, ErrorPayload> {
    on_store!(state, |s| s.audit_lines(limit.min(1000)))
}

#[tauri::command]
pub async fn secret_set_settings(
    state: State<'_, AppState>,
    settings: SecretSettings,
) -> Result<SecretSettings, ErrorPayload> {
    on_store!(state, |s| s.set_settings(&settings))
}

/// The PDF of a register, for the preview (bytes in memory, no file).
#[tauri::command]
pub async fn secret_print_pdf(
    state: State<'_, AppState>,
    what: SecretPrint,
) -> Result<Response, ErrorPayload> {
    let st = state.inner().clone();
    run(move || st.secret_pdf(&what).map(Response::new)).await
}

/// Send a register to the printer (through a pipe: no file is written).
#[tauri::command]
pub async fn secret_print(
    state: State<'_, AppState>,
    what: SecretPrint,
) -> Result<(), ErrorPayload> {
    let st = state.inner().clone();
    run(move || {
        let pdf = st.secret_pdf(&what)?;
        crate::confidential::print::to_printer(&pdf)
    })
    .await
}

/// Save a register as a PDF file: only when the clerk has turned export on.
#[tauri::command]
pub async fn secret_export(
    state: State<'_, AppState>,
    what: SecretPrint,
) -> Result<SavedReport, ErrorPayload> {
    let st = state.inner().clone();
    run(move || st.secret_export(&what, &crate::reports::reports_dir())).await
}
