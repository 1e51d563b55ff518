//! nhiemvu-sync: each PC keeps working on its own SQLite file; when an office database is
//! configured, this crate syncs it both ways with the shared PostgreSQL database.
//!
//! * [`schema`]: the office database, its versioned migrations and its authorization
//!   (row-level security on reads; every write through the schema's own functions, which
//!   derive the facts reports count). [`rules`]: the core's rules as the server keeps them.
//! * [`provision`]: units and people, each person with their own PostgreSQL login.
//! * [`push`]: the outbox of named mutations, applied once each by mutation id.
//! * [`pull`]: the change log, read with an `(epoch, xid8, seq)` cursor below the
//!   snapshot horizon, and the full download of a user's scope.
//! * [`engine`]: one sync round (push, then pull), retries with backoff, the status the
//!   window shows.
//!
//! Depends on the core, never on the confidential store.

pub mod admin;
pub mod connect;
pub mod engine;
pub mod error;
pub mod horizon;
mod prepared;
pub mod provision;
pub mod pull;
pub mod push;
pub mod rows;
pub mod rules;
pub mod schema;
mod screen;

pub use connect::{connect, OfficeDb};
pub use engine::{SyncReport, SyncSession, SyncStatus};
pub use error::{Result, SyncError};
pub use postgres;
