//! Secrets of Nhiệm Vụ in the operating system's keychain.
//!
//! The app keeps a few secrets: the office database password now, later the 256-bit key
//! of the encrypted store. They live in the keychain of the operating system (Windows
//! Credential Manager, the macOS Keychain, the Secret Service on Linux) through the
//! `keyring` crate.
//!
//! Everything goes through the [`Keychain`] trait so that the app uses the real OS keychain
//! ([`OsKeychain`]) while tests use [`MemoryKeychain`], which needs no keychain daemon and
//! can pretend to be missing ([`MemoryKeychain::unavailable`]) to exercise the fallback.
//!
//! [`Credentials`] is what the app holds: it asks the OS keychain and, when the computer
//! has none, keeps secrets in memory for this session only and says so through
//! [`Credentials::fallback_notice`].
//!
//! This crate never writes a secret to disk in plain text: secrets go either to the OS
//! keychain, which stores them encrypted, or to process memory, which is gone when the
//! app closes. Error messages never contain a secret.
//!
//! ```
//! use nhiemvu_keychain::{Credentials, Keychain, MemoryKeychain};
//!
//! // In the app: Credentials::os("nhiemvu").
//! let credentials = Credentials::new(MemoryKeychain::unavailable());
//! credentials.set("postgres:office", "mật khẩu").unwrap();
//! assert_eq!(credentials.get("postgres:office").unwrap().as_deref(), Some("mật khẩu"));
//! assert!(credentials.fallback_notice().is_some()); // show it to the user
//! ```
//!
//! [`OsKeychain`] blocks the calling thread (at most its time limit); from async code call
//! it through `spawn_blocking` or accept the short wait.

mod credentials;
mod error;
mod memory;
mod os;

pub use credentials::{Credentials, FALLBACK_NOTICE};
pub use error::KeychainError;
pub use memory::MemoryKeychain;
pub use os::{OsKeychain, DEFAULT_TIMEOUT};

/// A place that keeps secrets by account name (e.g. `"postgres:office"`).
pub trait Keychain: Send + Sync {
    /// The secret of `account`, or `None` when there is none.
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError>;
    /// Stores `secret` for `account`, replacing any previous one.
    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError>;
    /// Removes the secret of `account`; removing a missing one is `Ok`.
    fn delete(&self, account: &str) -> Result<(), KeychainError>;
}

impl<K: Keychain + ?Sized> Keychain for Box<K> {
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError> {
        (**self).get(account)
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        (**self).set(account, secret)
    }
    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        (**self).delete(account)
    }
}

impl<K: Keychain + ?Sized> Keychain for std::sync::Arc<K> {
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError> {
        (**self).get(account)
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        (**self).set(account, secret)
    }
    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        (**self).delete(account)
    }
}
