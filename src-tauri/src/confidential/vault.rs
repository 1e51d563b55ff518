//! The confidential store's key in the operating system's keychain: the store's
//! [`KeyVault`] over `nhiemvu-keychain`. Unlike the office password there is no fallback
//! to memory here (a key kept only until the app closes would lock the clerk out of her
//! registers): without a keychain the store is protected by a passphrase instead.

use std::sync::OnceLock;

use nhiemvu_keychain::{Keychain, KeychainError, OsKeychain};
use nhiemvu_secret::KeyVault;

/// The keychain's service name for the confidential store's keys.
pub const SERVICE: &str = "nhiemvu-so-mat";

pub struct OsVault {
    keychain: OsKeychain,
    available: OnceLock<bool>,
}

impl OsVault {
    pub fn new() -> Self {
        OsVault {
            keychain: OsKeychain::new(SERVICE),
            available: OnceLock::new(),
        }
    }
}

impl Default for OsVault {
    fn default() -> Self {
        Self::new()
    }
}

fn message(e: KeychainError) -> String {
    e.to_string()
}

impl KeyVault for OsVault {
    /// Asked once per run: a missing keychain costs one wait, not one per call.
    fn available(&self) -> bool {
        *self.available.get_or_init(|| {
            !matches!(
                self.keychain.get("so-mat:kiem-tra"),
                Err(KeychainError::Unavailable(_))
            )
        })
    }
    fn get(&self, account: &str) -> Result<Option<String>, String> {
        self.keychain.get(account).map_err(message)
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), String> {
        self.keychain.set(account, secret).map_err(message)
    }
    fn delete(&self, account: &str) -> Result<(), String> {
        self.keychain.delete(account).map_err(message)
    }
}
