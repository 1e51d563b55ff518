use std::fmt;
use std::sync::Mutex;

use crate::{Keychain, KeychainError, MemoryKeychain, OsKeychain};

/// What the user is told when secrets can only be kept for this session.
pub const FALLBACK_NOTICE: &str = "Máy tính này không có kho khóa của hệ điều hành nên mật khẩu \
chỉ được giữ trong bộ nhớ cho đến khi đóng ứng dụng. Lần sau mở ứng dụng, bạn sẽ phải nhập lại \
mật khẩu.";

/// The app's secret store: the OS keychain when there is one, otherwise memory for this
/// session only (never a file).
///
/// The first [`KeychainError::Unavailable`] switches it to memory for the rest of the
/// session, so a missing or hanging keychain costs one wait, not one per call.
/// [`KeychainError::Failed`] is passed on unchanged.
pub struct Credentials {
    keychain: Box<dyn Keychain>,
    session: MemoryKeychain,
    /// Why the keychain is not used, once it turned out to be unavailable.
    fallback: Mutex<Option<KeychainError>>,
}

impl Credentials {
    /// A store over any keychain (a [`MemoryKeychain`] in tests).
    pub fn new(keychain: impl Keychain + 'static) -> Self {
        Credentials {
            keychain: Box::new(keychain),
            session: MemoryKeychain::new(),
            fallback: Mutex::new(None),
        }
    }

    /// A store over the OS keychain under `service` (the app uses `"nhiemvu"`).
    pub fn os(service: impl Into<String>) -> Self {
        Self::new(OsKeychain::new(service))
    }

    /// `Some(message for the user)` once secrets are kept in memory only.
    pub fn fallback_notice(&self) -> Option<String> {
        self.is_fallback().then(|| FALLBACK_NOTICE.to_owned())
    }

    /// True once the OS keychain turned out to be unavailable.
    pub fn is_fallback(&self) -> bool {
        self.lock().is_some()
    }

    /// The error that made the store fall back to memory (for logs).
    pub fn fallback_reason(&self) -> Option<KeychainError> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<KeychainError>> {
        self.fallback.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `op` on the OS keychain unless already in fallback. `Ok(None)` means: use memory.
    fn try_keychain<T>(
        &self,
        op: impl FnOnce(&dyn Keychain) -> Result<T, KeychainError>,
    ) -> Result<Option<T>, KeychainError> {
        if self.is_fallback() {
            return Ok(None);
        }
        match op(self.keychain.as_ref()) {
            Ok(value) => Ok(Some(value)),
            Err(e @ KeychainError::Unavailable(_)) => {
                self.lock().get_or_insert(e);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

impl Keychain for Credentials {
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError> {
        match self.try_keychain(|k| k.get(account))? {
            Some(found) => Ok(found),
            None => self.session.get(account),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        match self.try_keychain(|k| k.set(account, secret))? {
            Some(()) => Ok(()),
            None => self.session.set(account, secret),
        }
    }

    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        self.try_keychain(|k| k.delete(account))?;
        self.session.delete(account)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("fallback", &self.is_fallback())
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}
