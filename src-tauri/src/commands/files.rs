use nhiemvu_core::model::Attachment;
use nhiemvu_core::CoreError;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use super::blocking;
use crate::error::{self, ErrorPayload};
use crate::AppState;

/// Header carrying the file's name (percent-encoded UTF-8) next to the raw bytes.
pub const FILE_NAME_HEADER: &str = "x-file-name";

/// Stores a file sent as the raw request body (no JSON array of numbers) and returns its
/// reference, to be attached to a document or a result report.
#[tauri::command]
pub async fn upload_attachment(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<Attachment, ErrorPayload> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(error::payload(CoreError::invalid(
            "file",
            "Không nhận được nội dung tệp.",
        )));
    };
    let name = request
        .headers()
        .get(FILE_NAME_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_default();
    let bytes = bytes.clone();
    let state = state.inner().clone();
    blocking(move || state.put_attachment(&name, &bytes)).await
}

/// Opens an attachment with the system's viewer (a copy in a temporary folder).
#[tauri::command]
pub async fn open_attachment(
    state: State<'_, AppState>,
    sha256: String,
    file_name: String,
) -> Result<(), ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || {
        let path = state.export_attachment(&sha256, &file_name)?;
        crate::opener::open(&path).map_err(|e| {
            CoreError::Io(std::io::Error::new(
                e.kind(),
                format!("không mở được {}: {e}", path.display()),
            ))
        })
    })
    .await
}

/// "B%C3%A1o%20c%C3%A1o.pdf" → "Báo cáo.pdf"; invalid escapes are kept as they are.
pub fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn decodes_utf8_names() {
        assert_eq!(percent_decode("B%C3%A1o%20c%C3%A1o.pdf"), "Báo cáo.pdf");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
