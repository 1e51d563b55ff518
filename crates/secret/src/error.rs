//! Errors of the confidential store, in Vietnamese for the clerk, with a stable code for the
//! window. No message ever carries the content of a record: errors may be shown, logged or
//! reported, and secret text must not travel with them.

use nhiemvu_core::error::ErrorPayload;
use nhiemvu_core::CoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SecretError {
    #[error("Máy này chưa có sổ mật. Tạo sổ mật mới, hoặc chọn đúng tệp sổ mật.")]
    NotCreated,
    #[error("Đã có sổ mật ở {0}; không tạo đè lên được.")]
    AlreadyExists(String),
    /// The file does not open with this key: another key, another file, or not a file of
    /// ours. SQLCipher checks every page's HMAC, so it is never read as garbage.
    #[error("Không mở được sổ mật bằng khóa này: khóa không đúng, hoặc tệp không phải sổ mật của Nhiệm Vụ. Tệp được giữ nguyên.")]
    WrongKey,
    #[error("Mật khẩu sổ mật không đúng.")]
    WrongPassphrase,
    #[error("Mã khôi phục không hợp lệ: {0}")]
    BadRecoveryCode(String),
    /// The key is neither in this computer's keychain nor protected by a passphrase here:
    /// the file was copied from another computer (or the keychain entry was removed).
    #[error("Khóa của sổ mật này không có trên máy này (sổ được tạo trên máy khác, hoặc khóa đã bị xóa khỏi kho khóa). Nhập mã khôi phục để mở.")]
    KeyNotHere,
    #[error("Không dùng được kho khóa của hệ điều hành: {0}. Hãy bảo vệ sổ mật bằng mật khẩu.")]
    Vault(String),
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// A rule of the registers (never delete, tuyệt mật approval, …) refused the change.
    #[error("{0}")]
    Refused(String),
    #[error("Không tìm thấy {0}.")]
    NotFound(&'static str),
    #[error("Sổ mật đang khóa. Mở khóa để tiếp tục.")]
    Locked,
    #[error("Lỗi đọc, ghi sổ mật: {0}")]
    Storage(String),
    #[error(transparent)]
    Core(#[from] CoreError),
}

pub type Result<T> = std::result::Result<T, SecretError>;

impl SecretError {
    /// A stable code for the window.
    pub fn code(&self) -> String {
        match self {
            SecretError::NotCreated => "secret_not_created".into(),
            SecretError::AlreadyExists(_) => "secret_exists".into(),
            SecretError::WrongKey => "wrong_key".into(),
            SecretError::WrongPassphrase => "wrong_passphrase".into(),
            SecretError::BadRecoveryCode(_) => "bad_recovery_code".into(),
            SecretError::KeyNotHere => "key_not_here".into(),
            SecretError::Vault(_) => "keychain".into(),
            SecretError::Invalid { field, .. } => format!("invalid.{field}"),
            SecretError::Refused(_) => "refused".into(),
            SecretError::NotFound(_) => "not_found".into(),
            SecretError::Locked => "locked".into(),
            SecretError::Storage(_) => "storage".into(),
            SecretError::Core(e) => e.code(),
        }
    }

    /// The error as the window receives it.
    pub fn payload(&self) -> ErrorPayload {
        match self {
            SecretError::Core(e) => e.payload(),
            e => ErrorPayload {
                code: e.code(),
                message: e.to_string(),
                field: match e {
                    SecretError::Invalid { field, .. } => Some(field.to_string()),
                    _ => None,
                },
                item: None,
            },
        }
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        SecretError::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl From<rusqlite::Error> for SecretError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, msg) => match f.code {
                rusqlite::ErrorCode::NotADatabase => SecretError::WrongKey,
                // Our triggers' messages (RAISE) and named constraints: rules, not faults.
                rusqlite::ErrorCode::ConstraintViolation => SecretError::Refused(
                    msg.as_deref()
                        .map(constraint_message)
                        .unwrap_or_else(|| "Thay đổi vi phạm quy tắc của sổ mật.".into()),
                ),
                _ => SecretError::Storage(e.to_string()),
            },
            _ => SecretError::Storage(e.to_string()),
        }
    }
}

/// SQLite's message for a failed constraint, in the clerk's words. Trigger messages are
/// ours already; the others name only a constraint or column, never a value.
fn constraint_message(msg: &str) -> String {
    if msg.contains("top_secret_summary_needs_approval") {
        "Trích yếu của văn bản tuyệt mật chỉ được ghi khi có tên lãnh đạo đồng ý và ngày đồng ý."
            .into()
    } else if msg.contains("UNIQUE") {
        "Số này đã có trong sổ.".into()
    } else if msg.starts_with("CHECK") || msg.contains("constraint failed") {
        format!("Thay đổi vi phạm quy tắc của sổ mật ({msg}).")
    } else {
        msg.to_string()
    }
}

impl From<std::io::Error> for SecretError {
    fn from(e: std::io::Error) -> Self {
        SecretError::Storage(e.to_string())
    }
}
