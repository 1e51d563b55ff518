//! What can go wrong while making a report, in words the user can act on.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ReportError {
    /// The bundled font has no glyph for a character (an emoji, a CJK character…).
    #[error(
        "Phông chữ Liberation Serif không có ký tự «{character}» (U+{:04X}) trong đoạn «{context}». \
         Hãy sửa hoặc bỏ ký tự đó rồi tạo lại báo cáo.",
        *character as u32
    )]
    MissingGlyph { character: char, context: String },
    /// A field the document needs is empty or malformed.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Core(#[from] nhiemvu_core::CoreError),
    #[error("Không ghi được tệp báo cáo {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, ReportError>;

impl ReportError {
    /// What crosses IPC: a stable code and the Vietnamese message.
    pub fn payload(&self) -> nhiemvu_core::error::ErrorPayload {
        let code = match self {
            ReportError::Core(e) => return e.payload(),
            ReportError::MissingGlyph { .. } => "report.missing_glyph",
            ReportError::Invalid(_) => "report.invalid",
            ReportError::Write { .. } => "report.write",
        };
        nhiemvu_core::error::ErrorPayload {
            code: code.into(),
            message: self.to_string(),
            field: None,
            item: None,
        }
    }
}
