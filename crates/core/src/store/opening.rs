//! Opening a file that must already be a database (tools that only read one), and telling
//! a file the app may not write from a damaged one.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{check_file_header, Store};
use crate::error::{CoreError, Result};

impl Store {
    /// Open the database at `path` only if it is one already: a missing, empty or
    /// folder path is refused and nothing is created (no folder, file, -wal or -shm).
    /// Otherwise as `open` (an older schema is migrated).
    pub fn open_existing(path: &Path) -> Result<Store> {
        if let Some(refusal) = not_an_existing_file(path) {
            return Err(refusal);
        }
        check_file_header(path)?;
        // Without SQLITE_OPEN_CREATE: a file removed meanwhile is not made again.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| read_only_or(path, e.into()))?;
        Self::from_file(conn, path)
    }

    /// `from_connection` for a file. SQLite opens a file it may not write read-only
    /// without a word, and fails to read one whose -wal and -shm it cannot create: both
    /// are reported as read-only rather than as damage, before anything is written.
    pub(super) fn from_file(conn: Connection, path: &Path) -> Result<Store> {
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            drop(conn);
            return Err(read_only(path));
        }
        let files_dir = path.parent().unwrap_or(Path::new(".")).join("files");
        Self::from_connection(conn, files_dir, &path.display().to_string())
            .map_err(|e| read_only_or(path, e))
    }
}

/// Why `path` cannot be an existing database, if it cannot.
fn not_an_existing_file(path: &Path) -> Option<CoreError> {
    let shown = path.display();
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(CoreError::NotFound(format!(
            "Không có cơ sở dữ liệu \"{shown}\": tệp không tồn tại. Hãy kiểm tra đường dẫn."
        ))),
        Err(e) => Some(e.into()),
        Ok(m) if m.is_dir() => Some(CoreError::BadDatabase(format!(
            "\"{shown}\" là một thư mục, không phải tệp cơ sở dữ liệu của Nhiệm Vụ."
        ))),
        Ok(m) if m.len() == 0 => Some(CoreError::BadDatabase(format!(
            "Tệp \"{shown}\" trống, chưa phải cơ sở dữ liệu của Nhiệm Vụ. Tệp được giữ nguyên."
        ))),
        Ok(_) => None,
    }
}

/// An SQLite error that means "may not write or create here", not damage.
pub(super) fn is_access_error(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    )
}

/// `e`, or the read-only refusal if SQLite said it may not write or create.
pub(super) fn read_only_or(path: &Path, e: CoreError) -> CoreError {
    match &e {
        CoreError::Database(inner) if is_access_error(inner) => read_only(path),
        _ => e,
    }
}

/// Says which of the file or its folder may not be written. Call it with no connection
/// open on the file: the probe's handle, once closed, would drop SQLite's POSIX locks.
fn read_only(path: &Path) -> CoreError {
    let reason = match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => "không tạo được tệp -wal, -shm bên cạnh nó vì thư mục chứa tệp không cho ghi",
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "thư mục chứa nó không cho tạo tệp mới"
        }
        Err(_) => "không được phép ghi vào tệp (quyền của tệp, hoặc ổ đĩa chỉ cho đọc)",
    };
    CoreError::ReadOnlyDatabase {
        path: path.display().to_string(),
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_error(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn sqlite_refusals_to_write_are_read_only_not_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite3");
        std::fs::write(&path, b"").unwrap();
        for code in [
            rusqlite::ffi::SQLITE_READONLY,
            // Extended codes: the same primary code.
            rusqlite::ffi::SQLITE_READONLY_DIRECTORY,
            rusqlite::ffi::SQLITE_READONLY_CANTINIT,
            rusqlite::ffi::SQLITE_CANTOPEN,
            rusqlite::ffi::SQLITE_PERM,
        ] {
            let e = read_only_or(&path, sqlite_error(code).into());
            assert_eq!(e.code(), "read_only_database", "{code}");
            let message = e.to_string();
            assert!(message.contains("chỉ đọc"), "{message}");
            assert!(message.contains("hãy kiểm tra quyền ghi"), "{message}");
            assert!(!message.contains("hỏng"), "{message}");
        }
        // A writable file: the folder is to blame.
        let e = read_only_or(&path, sqlite_error(rusqlite::ffi::SQLITE_READONLY).into());
        assert!(
            e.to_string().contains("thư mục chứa tệp không cho ghi"),
            "{e}"
        );
        // Damage stays damage.
        let e = read_only_or(&path, sqlite_error(rusqlite::ffi::SQLITE_CORRUPT).into());
        assert_eq!(e.code(), "database");
        let e = read_only_or(&path, sqlite_error(rusqlite::ffi::SQLITE_NOTADB).into());
        assert_eq!(e.code(), "database");
    }

    #[test]
    fn open_existing_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("sub").join("missing.sqlite3");
        let e = Store::open_existing(&missing).err().unwrap();
        assert_eq!(e.code(), "not_found");
        assert!(e.to_string().starts_with("Không có cơ sở dữ liệu"), "{e}");
        let empty = dir.path().join("empty.sqlite3");
        std::fs::write(&empty, b"").unwrap();
        let e = Store::open_existing(&empty).err().unwrap();
        assert_eq!(e.code(), "bad_database");
        assert!(
            e.to_string().contains("trống, chưa phải cơ sở dữ liệu"),
            "{e}"
        );
        let e = Store::open_existing(dir.path()).err().unwrap();
        assert_eq!(e.code(), "bad_database");
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["empty.sqlite3"]);
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);

        // An existing database opens.
        let db = dir.path().join("db.sqlite3");
        drop(Store::open(&db).unwrap());
        assert!(Store::open_existing(&db).is_ok());
    }
}
