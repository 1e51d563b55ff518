//! Attachments stored content-addressed (SHA-256) under `files/`, deduplicated. A file is
//! written to a temporary name, synced, then renamed, so a crash never leaves half a file
//! under its final name.

use std::io::Write;
use std::path::PathBuf;

use chrono::Utc;
use sha2::{Digest, Sha256};

use super::{ms, Store};
use crate::error::{CoreError, Result};
use crate::model::Attachment;
use crate::text;

/// The largest attachment accepted (a scanned signed document rarely exceeds a few MB).
pub const MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;

impl Store {
    /// Store a file's bytes (once per content) and return its reference.
    pub fn put_attachment(&mut self, file_name: &str, bytes: &[u8]) -> Result<Attachment> {
        let file_name = text::required("file_name", "Tên tệp", file_name, 255, false)?;
        if file_name.contains(['/', '\\']) {
            return Err(CoreError::invalid(
                "file_name",
                "Tên tệp không được chứa dấu / hoặc \\.",
            ));
        }
        let size = bytes.len() as u64;
        if size > MAX_ATTACHMENT_BYTES {
            return Err(CoreError::AttachmentTooLarge {
                size_mb: size as f64 / 1_048_576.0,
                limit_mb: MAX_ATTACHMENT_BYTES / 1_048_576,
            });
        }
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.blob_path(&sha256);
        if !path.exists() {
            let dir = path.parent().expect("blob path has a parent");
            std::fs::create_dir_all(dir)?;
            let tmp = dir.join(format!(".{sha256}.{}.tmp", uuid::Uuid::now_v7()));
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            std::fs::rename(&tmp, &path)?;
        }
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?1, ?2, ?3)",
                (&sha256, size as i64, ms(Utc::now())),
            )?;
            Ok(())
        })?;
        Ok(Attachment {
            sha256,
            file_name,
            size,
        })
    }

    /// Read a stored file back, checking its content against its address.
    pub fn read_attachment(&self, sha256: &str) -> Result<Vec<u8>> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(CoreError::NotFound("Không tìm thấy tệp đính kèm.".into()));
        }
        let bytes = std::fs::read(self.blob_path(sha256)).map_err(|_| {
            CoreError::NotFound("Không tìm thấy tệp đính kèm trong thư mục dữ liệu.".into())
        })?;
        if hex::encode(Sha256::digest(&bytes)) != sha256 {
            return Err(CoreError::BadDatabase(
                "Tệp đính kèm đã bị thay đổi hoặc hỏng (mã SHA-256 không khớp).".into(),
            ));
        }
        Ok(bytes)
    }

    /// Whether the bytes of `sha256` are on this PC.
    pub fn has_blob_file(&self, sha256: &str) -> bool {
        sha256.len() == 64 && self.blob_path(sha256).exists()
    }

    /// Keep downloaded bytes under their address, refusing bytes that do not match it.
    pub fn put_blob(&mut self, sha256: &str, bytes: &[u8]) -> Result<()> {
        if hex::encode(Sha256::digest(bytes)) != sha256 {
            return Err(CoreError::BadDatabase(
                "Tệp tải về không khớp mã SHA-256 của nó; tệp bị bỏ qua.".into(),
            ));
        }
        let path = self.blob_path(sha256);
        if !path.exists() {
            let dir = path.parent().expect("blob path has a parent");
            std::fs::create_dir_all(dir)?;
            let tmp = dir.join(format!(".{sha256}.{}.tmp", uuid::Uuid::now_v7()));
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            std::fs::rename(&tmp, &path)?;
        }
        self.conn.execute(
            "INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?1, ?2, ?3)",
            (sha256, bytes.len() as i64, ms(Utc::now())),
        )?;
        Ok(())
    }

    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        self.files_dir.join(&sha256[..2]).join(sha256)
    }
}

/// The reference must point at a stored blob of that size.
pub(crate) fn ensure_blob(tx: &rusqlite::Transaction, a: &Attachment) -> Result<()> {
    let size: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
        "SELECT size FROM blobs WHERE sha256 = ?1",
        [&a.sha256],
        |r| r.get(0),
    ))?;
    match size {
        Some(s) if s as u64 == a.size => Ok(()),
        _ => Err(CoreError::invalid(
            "attachments",
            format!("Tệp đính kèm \"{}\" chưa được tải lên.", a.file_name),
        )),
    }
}
