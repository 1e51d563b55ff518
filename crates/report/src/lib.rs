//! Nhiệm Vụ reports for signature: PDF documents in the format of Decree 30/2020/NĐ-CP
//! (the state's rules for administrative documents), laid out by our own engine on
//! printpdf's op API with the bundled Liberation Serif fonts.

pub mod documents;
pub mod error;
pub mod fonts;
pub mod layout;
pub mod ledger;
pub mod nd30;
pub mod request;

pub use documents::generate;
pub use error::{ReportError, Result};
pub use fonts::Fonts;
pub use layout::{Align, Orientation};
pub use ledger::{render as render_ledger, Ledger, LedgerColumn};
pub use request::{Period, ReportKind, ReportRequest};
