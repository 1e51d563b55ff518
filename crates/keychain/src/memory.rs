use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use crate::{Keychain, KeychainError};

/// Secrets in process memory: for tests, and for [`crate::Credentials`]'s session-only
/// fallback. Nothing is ever written to disk.
pub struct MemoryKeychain {
    entries: Mutex<HashMap<String, String>>,
    unavailable: bool,
}

impl MemoryKeychain {
    /// An empty, working keychain.
    pub fn new() -> Self {
        MemoryKeychain {
            entries: Mutex::new(HashMap::new()),
            unavailable: false,
        }
    }

    /// A keychain that is never there: every call returns [`KeychainError::Unavailable`].
    pub fn unavailable() -> Self {
        MemoryKeychain {
            entries: Mutex::new(HashMap::new()),
            unavailable: true,
        }
    }

    /// How many secrets are held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no secret is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, String>> {
        // A panic elsewhere cannot leave the map half-written; keep using it.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn check(&self) -> Result<(), KeychainError> {
        if self.unavailable {
            Err(KeychainError::Unavailable(
                "kho khóa thử nghiệm được đặt là không có".into(),
            ))
        } else {
            Ok(())
        }
    }
}

impl Default for MemoryKeychain {
    fn default() -> Self {
        Self::new()
    }
}

// Never print the secrets.
impl fmt::Debug for MemoryKeychain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryKeychain")
            .field("entries", &self.len())
            .field("unavailable", &self.unavailable)
            .finish()
    }
}

impl Keychain for MemoryKeychain {
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError> {
        self.check()?;
        Ok(self.lock().get(account).cloned())
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        self.check()?;
        self.lock().insert(account.to_owned(), secret.to_owned());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        self.check()?;
        self.lock().remove(account);
        Ok(())
    }
}
