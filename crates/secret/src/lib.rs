//! Nhiệm Vụ's confidential registers (sổ đăng ký bí mật nhà nước), kept off every network.
//!
//! The law forbids keeping state secrets on a networked computer (Luật Bảo vệ bí mật nhà
//! nước; DOMAIN.md §8), and the provinces' rules keep secret directives out of the tracking
//! software (Gia Lai Đ6.2, Quảng Trị Đ6.4). So the văn thư mật keeps them here, on an
//! offline computer, in a file of their own:
//!
//! * encrypted with SQLCipher under a random 256-bit key kept in the OS keychain, or
//!   wrapped with a passphrase where there is none, with a recovery code shown once
//!   ([`key`], [`store`]); a wrong key or a copied file is refused, never read as garbage;
//! * the registers of DOMAIN.md §8 with their rules enforced by the file itself
//!   ([`registers`], [`transfers`]): continuous yearly numbers with no gap or duplicate,
//!   the tuyệt mật trích yếu only with the approving leader, nothing ever deleted;
//! * tasks from secret directives with the main app's lifecycle and statistics ([`tasks`]);
//! * a hash-chained audit log with a verify that points at the first broken entry
//!   ([`audit`]).
//!
//! This crate has no networking crate in its dependency closure, and `nhiemvu-sync` does
//! not depend on it; a test over `cargo metadata` keeps it so. It reaches the keychain only
//! through the [`key::KeyVault`] trait the app implements.

pub mod audit;
pub mod error;
mod files;
pub mod key;
pub mod model;
pub mod registers;
pub mod store;
pub mod tasks;
pub mod transfers;

pub use audit::{AuditLine, Broken, VerifyReport};
pub use error::{Result, SecretError};
pub use key::{KeyVault, MemoryVault, RecoveryCode};
pub use model::*;
pub use store::{Protection, SecretStore, Unlock};
pub use tasks::{NewSecretTask, SecretStatistics, SecretTaskEvent, SecretTaskRow};
