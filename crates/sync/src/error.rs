//! Sync errors, in Vietnamese for the user. A transient error (network, server restarting)
//! means "try again later"; everything else needs someone to act.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SyncError {
    /// The server cannot be reached or dropped the connection: retried with backoff.
    #[error("Không kết nối được máy chủ cơ sở dữ liệu của Văn phòng: {0}. Máy vẫn làm việc bình thường khi không có mạng; dữ liệu sẽ được đồng bộ khi kết nối lại.")]
    Offline(String),
    #[error("Máy chủ từ chối đăng nhập: {0}. Kiểm tra tên đăng nhập và mật khẩu, hoặc liên hệ quản trị viên.")]
    Login(String),
    #[error("{0}")]
    Schema(String),
    #[error("{0}")]
    Setup(String),
    #[error("Lỗi cơ sở dữ liệu của Văn phòng: {0}")]
    Server(String),
    #[error(transparent)]
    Core(#[from] nhiemvu_core::CoreError),
}

pub type Result<T> = std::result::Result<T, SyncError>;

impl SyncError {
    pub fn code(&self) -> String {
        match self {
            SyncError::Offline(_) => "offline".into(),
            SyncError::Login(_) => "login".into(),
            SyncError::Schema(_) => "schema".into(),
            SyncError::Setup(_) => "setup".into(),
            SyncError::Server(_) => "server".into(),
            SyncError::Core(e) => e.code().to_string(),
        }
    }

    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Offline(_))
    }
}

/// Whether a PostgreSQL error means the connection or the server, not the request.
pub(crate) fn is_transient(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    match e.code() {
        None => true, // I/O, protocol, timeout: no SQLSTATE at all
        Some(c) => {
            let c = c.code();
            // connection exceptions, deadlock, operator intervention (shutdown), too many
            // connections, out of resources
            c.starts_with("08")
                || c == "40P01"
                || c.starts_with("57")
                || c == "53300"
                || c.starts_with("53")
        }
    }
}

impl From<postgres::Error> for SyncError {
    fn from(e: postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            if db.code().code() == "28P01" || db.code().code() == "28000" {
                return SyncError::Login(db.message().to_string());
            }
        }
        if is_transient(&e) {
            SyncError::Offline(short(&e))
        } else {
            SyncError::Server(short(&e))
        }
    }
}

/// The server's own message when there is one (our triggers write Vietnamese), else the
/// driver's.
pub(crate) fn short(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let s = e.to_string();
            match std::error::Error::source(e) {
                Some(src) => format!("{s}: {src}"),
                None => s,
            }
        }
    }
}
