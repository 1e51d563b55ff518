//! Errors with a stable machine code and a Vietnamese message a secretary understands.
//! They cross IPC as `{ code, message }` (see `ErrorPayload`).

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// What went wrong. Each variant has a stable `code()`; `Display` is the Vietnamese message.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Bad input in one field: the field's machine name and the message to show next to it.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
        /// Which item of a list the field belongs to (0-based task of a document form).
        item: Option<u32>,
    },
    /// A lifecycle transition that the task's current state does not allow.
    #[error("{0}")]
    IllegalTransition(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    /// A change based on an outdated version of the record.
    #[error("Dữ liệu đã được người khác thay đổi. Vui lòng tải lại và thực hiện lại thao tác.")]
    Stale,
    #[error("Tệp đính kèm quá lớn ({size_mb:.1} MB); giới hạn là {limit_mb} MB.")]
    AttachmentTooLarge { size_mb: f64, limit_mb: u64 },
    /// The file is not a Nhiệm Vụ database, is damaged, or is from a newer version.
    #[error("{0}")]
    BadDatabase(String),
    /// The file (or its folder) may not be written: said as such, not as damage.
    #[error("Tệp cơ sở dữ liệu \"{path}\" chỉ đọc: {reason}, hãy kiểm tra quyền ghi.")]
    ReadOnlyDatabase { path: String, reason: String },
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("Lỗi đọc/ghi tệp: {0}")]
    Io(#[from] std::io::Error),
    #[error("Thao tác đã bị hủy.")]
    Cancelled,
}

impl CoreError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field,
            message: message.into(),
            item: None,
        }
    }

    /// Stable code for programs (the UI maps fields and decides how to show it).
    pub fn code(&self) -> String {
        match self {
            CoreError::Invalid { field, .. } => format!("invalid.{field}"),
            CoreError::IllegalTransition(_) => "illegal_transition".into(),
            CoreError::NotFound(_) => "not_found".into(),
            CoreError::Forbidden(_) => "forbidden".into(),
            CoreError::Stale => "stale".into(),
            CoreError::AttachmentTooLarge { .. } => "attachment_too_large".into(),
            CoreError::BadDatabase(_) => "bad_database".into(),
            CoreError::ReadOnlyDatabase { .. } => "read_only_database".into(),
            CoreError::Database(_) => "database".into(),
            CoreError::Io(_) => "io".into(),
            CoreError::Cancelled => "cancelled".into(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        let (field, item) = match self {
            CoreError::Invalid { field, item, .. } => (Some(field.to_string()), *item),
            _ => (None, None),
        };
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            field,
            item,
        }
    }
}

/// A stored value of the wrong type: the file was changed by something other than this app.
impl From<rusqlite::types::FromSqlError> for CoreError {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        CoreError::BadDatabase(format!("Dữ liệu không hợp lệ trong cơ sở dữ liệu: {e}"))
    }
}

/// The error shape sent to the UI.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    /// For bad input: the field to show the message next to ("deadline").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// For bad input in a list: the item's 0-based index (the task of a document form).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub item: Option<u32>,
}
