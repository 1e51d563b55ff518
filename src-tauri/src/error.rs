//! Errors of the shell.
//!
//! Commands return `Result<T, ErrorPayload>`: the `{ code, message }` shape of
//! `nhiemvu_core::error::ErrorPayload`, with a stable code for programs and a Vietnamese
//! message for people. `AppError` is for start-up and the command line (`main.rs`).

use std::path::PathBuf;

pub use nhiemvu_core::error::ErrorPayload;
use nhiemvu_core::CoreError;

/// Turns a core error into what crosses IPC (a free function: both types are foreign here).
pub fn payload(error: CoreError) -> ErrorPayload {
    error.payload()
}

/// Another demo generation is already running.
pub fn busy() -> ErrorPayload {
    ErrorPayload {
        code: "busy".into(),
        message: "Đang tạo dữ liệu mẫu. Vui lòng chờ hoặc hủy thao tác đang chạy.".into(),
        field: None,
        item: None,
    }
}

/// A bug or a panic in a background task: nothing the user can fix, but say so plainly.
pub fn internal(detail: impl std::fmt::Display) -> ErrorPayload {
    ErrorPayload {
        code: "internal".into(),
        message: format!("Lỗi nội bộ của ứng dụng: {detail}"),
        field: None,
        item: None,
    }
}

/// Failures before or around the window: printed on stderr by `main`, exit code 1.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Không mở được cơ sở dữ liệu {path}: {source}")]
    OpenDatabase { path: PathBuf, source: CoreError },
    #[error("{0}")]
    Core(#[from] CoreError),
    #[error("Không xác định được thư mục dữ liệu của người dùng; hãy chỉ định tệp bằng --db hoặc biến môi trường NHIEMVU_DB.")]
    NoDataDir,
    #[error("Không tạo được thư mục {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Tệp cấu hình {path} không hợp lệ: {detail}")]
    Config { path: PathBuf, detail: String },
    #[error("{0}")]
    Sync(String),
    #[error("{0}")]
    Report(#[from] nhiemvu_report::ReportError),
    #[error("Không khởi động được cửa sổ ứng dụng: {0}")]
    Tauri(#[from] tauri::Error),
}
