//! The office sync's commands. Without the `office-sync` feature (the offline confidential
//! workstation) the status says "not available" and the rest refuse.

use tauri::{AppHandle, State};

use super::blocking;
use crate::error::ErrorPayload;
use crate::sync_view::{NewLogin, OfficeDbSetup, RejectionView, SyncSetup, SyncStatusView};
use crate::AppState;

#[cfg(feature = "office-sync")]
fn sync_error(e: nhiemvu_sync::SyncError) -> nhiemvu_core::CoreError {
    use nhiemvu_sync::SyncError as E;
    match e {
        E::Core(c) => c,
        E::Login(_) => nhiemvu_core::CoreError::invalid("password", e.to_string()),
        E::Setup(m) if m.contains("địa chỉ") || m.contains("Địa chỉ") => {
            nhiemvu_core::CoreError::invalid("url", m)
        }
        E::Offline(_) => nhiemvu_core::CoreError::invalid("url", e.to_string()),
        other => nhiemvu_core::CoreError::Forbidden(other.to_string()),
    }
}

#[cfg(not(feature = "office-sync"))]
fn not_available() -> nhiemvu_core::CoreError {
    nhiemvu_core::CoreError::Forbidden(
        "Bản cài đặt này dành cho máy tính không nối mạng nên không có chức năng đồng bộ.".into(),
    )
}

/// Start the background worker with the window (emits `sync-status` and `data-changed`).
pub fn start_worker(app: &AppHandle) {
    #[cfg(feature = "office-sync")]
    {
        use tauri::{Emitter, Manager};
        let state = app.state::<AppState>().inner().clone();
        let handle = app.clone();
        let window_state = state.clone();
        state.sync.start(move |status, data_changed| {
            let _ = handle.emit(crate::sync_view::SYNC_STATUS_EVENT, status);
            if data_changed {
                // The worker wrote through its own connection: the window's copy of the
                // settings and calendar is read again, and the whole session reloads
                // (a pull may bring the directory and the settings as well as tasks).
                if let Err(e) = window_state.store().reload_config() {
                    eprintln!("Không đọc lại được cấu hình sau khi đồng bộ: {e}");
                }
                let _ = handle.emit(super::DATA_CHANGED_EVENT, super::Change::Units);
            }
        });
    }
    #[cfg(not(feature = "office-sync"))]
    let _ = app;
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatusView, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || {
        #[cfg(feature = "office-sync")]
        {
            let store = state.store();
            Ok(state.sync.status(&store))
        }
        #[cfg(not(feature = "office-sync"))]
        {
            let _ = state;
            Ok(SyncStatusView::unavailable())
        }
    })
    .await
}

#[tauri::command]
pub async fn sync_configure(
    state: State<'_, AppState>,
    setup: SyncSetup,
) -> Result<SyncStatusView, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || {
        #[cfg(feature = "office-sync")]
        {
            let mut store = state.store();
            state.sync.configure(&mut store, setup).map_err(sync_error)
        }
        #[cfg(not(feature = "office-sync"))]
        {
            let _ = (state, setup);
            Err(not_available())
        }
    })
    .await
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Result<(), ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || {
        #[cfg(feature = "office-sync")]
        {
            state.sync.wake();
            Ok(())
        }
        #[cfg(not(feature = "office-sync"))]
        {
            let _ = state;
            Err(not_available())
        }
    })
    .await
}

#[tauri::command]
pub async fn sync_rejections(
    state: State<'_, AppState>,
) -> Result<Vec<RejectionView>, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || {
        #[cfg(feature = "office-sync")]
        {
            let store = state.store();
            state.sync.rejections(&store).map_err(sync_error)
        }
        #[cfg(not(feature = "office-sync"))]
        {
            let _ = state;
            Ok(Vec::new())
        }
    })
    .await
}

#[tauri::command]
pub async fn sync_acknowledge(state: State<'_, AppState>, id: String) -> Result<(), ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || {
        let id = uuid::Uuid::parse_str(&id)
            .map_err(|_| nhiemvu_core::CoreError::invalid("id", "Mã thao tác không hợp lệ."))?;
        state.store().outbox_acknowledge(id)
    })
    .await
}

#[tauri::command]
pub async fn sync_disconnect(state: State<'_, AppState>) -> Result<SyncStatusView, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || {
        #[cfg(feature = "office-sync")]
        {
            let mut store = state.store();
            state.sync.disconnect(&mut store).map_err(sync_error)
        }
        #[cfg(not(feature = "office-sync"))]
        {
            let _ = state;
            Err(not_available())
        }
    })
    .await
}

#[tauri::command]
pub async fn office_db_create_login(
    state: State<'_, AppState>,
    new_login: NewLogin,
) -> Result<(), ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || {
        #[cfg(feature = "office-sync")]
        {
            let person_id = uuid::Uuid::parse_str(&new_login.person_id).map_err(|_| {
                nhiemvu_core::CoreError::invalid("person_id", "Mã cán bộ không hợp lệ.")
            })?;
            nhiemvu_sync::provision::check_login(&new_login.login)
                .map_err(|e| nhiemvu_core::CoreError::invalid("login", e.to_string()))?;
            nhiemvu_sync::provision::check_password(&new_login.password)
                .map_err(|e| nhiemvu_core::CoreError::invalid("password", e.to_string()))?;
            let store = state.store();
            state
                .sync
                .create_login(&store, person_id, &new_login.login, &new_login.password)
                .map_err(sync_error)
        }
        #[cfg(not(feature = "office-sync"))]
        {
            let _ = (state, new_login);
            Err(not_available())
        }
    })
    .await
}

/// Returns what was done, in Vietnamese.
#[tauri::command]
pub async fn office_db_setup(setup: OfficeDbSetup) -> Result<String, ErrorPayload> {
    blocking(move || {
        #[cfg(feature = "office-sync")]
        {
            use crate::sync_view::OfficeDbAction;
            use nhiemvu_sync::schema;
            let mut client =
                nhiemvu_sync::connect(&setup.url, Some(&setup.password)).map_err(sync_error)?;
            let ran = match setup.action {
                OfficeDbAction::Init => schema::init(&mut client),
                OfficeDbAction::Migrate => schema::migrate(&mut client),
            }
            .map_err(sync_error)?;
            Ok(ran.summary().join("\n"))
        }
        #[cfg(not(feature = "office-sync"))]
        {
            let _ = setup;
            Err(not_available())
        }
    })
    .await
}
