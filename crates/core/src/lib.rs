//! nhiemvu-core: everything the app knows about theo dõi, đôn đốc, kiểm tra việc thực hiện
//! nhiệm vụ (following up tasks assigned by the Provincial People's Committee).
//!
//! No Tauri and no network here: the desktop shell, the command line, the benchmarks and
//! (later) the sync and report crates all call the same functions.

pub mod action;
pub mod calendar;
pub mod demo;
pub mod error;
pub mod lifecycle;
pub mod model;
pub mod stats;
pub mod status;
pub mod store;
pub mod text;
pub mod timeliness;

pub use error::{CoreError, Result};
