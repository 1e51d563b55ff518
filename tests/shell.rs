//! The shell without a window: state, demo generation with progress and cancellation,
//! and the Tauri configuration with its test overlay.

use std::path::Path;
use std::sync::Arc;

use nhiemvu_app::{AppState, DemoProgress};
use nhiemvu_core::demo::DemoOptions;
use nhiemvu_core::store::query::RegisterQuery;
use nhiemvu_core::store::Store;
use nhiemvu_core::CoreError;

fn state() -> AppState {
    AppState::new(Store::open_in_memory().unwrap(), "test.sqlite3".into())
}

#[test]
fn demo_generation_reports_progress_and_fills_the_register() {
    let state = state();
    let info = state.app_info().unwrap();
    assert_eq!(info.task_count, 0);
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    assert!(info.db_path.ends_with("test.sqlite3"));

    let guard = state.0.begin_demo().unwrap();
    assert!(
        state.0.begin_demo().is_none(),
        "a second generation is refused while one runs"
    );
    let mut events = Vec::new();
    let info = state
        .generate_demo(&guard, &DemoOptions::new(60), &mut |p: DemoProgress| {
            events.push(p)
        })
        .unwrap();
    drop(guard);
    assert!(
        state.0.begin_demo().is_some(),
        "free again once the first one ended"
    );

    assert_eq!(info.task_count, 60);
    assert!(info.unit_count > 0);
    assert!(!events.is_empty());
    assert_eq!(
        events.last().unwrap().done,
        events.last().unwrap().total,
        "the last step is always reported"
    );

    let page = state
        .register_page(&RegisterQuery {
            limit: 20,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 60);
    assert_eq!(page.rows.len(), 20);
    assert_eq!(state.units().unwrap().len() as u64, info.unit_count);
}

#[test]
fn a_cancelled_demo_changes_nothing() {
    let state = state();
    let guard = state.0.begin_demo().unwrap();
    let shared = Arc::clone(&state.0);
    let result = state.generate_demo(&guard, &DemoOptions::new(200), &mut |_| {
        shared.cancel_demo()
    });
    assert!(matches!(result, Err(CoreError::Cancelled)), "{result:?}");
    assert_eq!(result.unwrap_err().payload().code, "cancelled");
    assert_eq!(state.app_info().unwrap().task_count, 0);
}

#[test]
fn configuration_and_test_overlay() {
    let context = nhiemvu_app::context(None).unwrap();
    let config = context.config();
    assert_eq!(config.identifier, "vn.gov.nhiemvu.app");
    assert_eq!(config.product_name.as_deref(), Some("Nhiệm Vụ"));
    let window = &config.app.windows[0];
    assert_eq!(window.title, "Nhiệm Vụ – Theo dõi nhiệm vụ");
    assert_eq!((window.width, window.height), (1280.0, 800.0));

    let overlay = Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.test.conf.json");
    let context = nhiemvu_app::context(Some(&overlay)).unwrap();
    assert_eq!(context.config().identifier, "vn.gov.nhiemvu.test");
    assert_eq!(
        context.config().app.windows[0].title,
        window.title,
        "the rest is unchanged"
    );

    let error = nhiemvu_app::context(Some(Path::new("no-such-overlay.json")))
        .err()
        .unwrap();
    assert!(error.to_string().starts_with("Tệp cấu hình"), "{error}");
}
