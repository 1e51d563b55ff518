/// Why a keychain operation did not succeed. The text in parentheses is technical detail
/// from the platform (often in English); it never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    /// There is no usable keychain on this computer (no Secret Service, no D-Bus session,
    /// locked or refused, or it did not answer in time). Callers may fall back to memory.
    #[error("Không có kho khóa của hệ điều hành ({0})")]
    Unavailable(String),
    /// The keychain exists but the operation failed.
    #[error("Không đọc hoặc ghi được kho khóa của hệ điều hành ({0})")]
    Failed(String),
}

impl KeychainError {
    /// A stable code for the UI and logs.
    pub fn code(&self) -> &'static str {
        match self {
            KeychainError::Unavailable(_) => "keychain_unavailable",
            KeychainError::Failed(_) => "keychain_failed",
        }
    }

    /// True for [`KeychainError::Unavailable`].
    pub fn is_unavailable(&self) -> bool {
        matches!(self, KeychainError::Unavailable(_))
    }
}
