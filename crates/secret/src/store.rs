//! The encrypted file: creating it, opening it with its key (from the keychain, a
//! passphrase or the recovery code), its schema and its settings.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit;
use crate::error::{Result, SecretError};
use crate::key::{self, DataKey, KeyVault, RecoveryCode};
use crate::model::{Clerk, SecretSettings};

/// Marks a file as a Nhiệm Vụ confidential store ("NVMT" in PRAGMA application_id).
pub const SECRET_APPLICATION_ID: i32 = 0x4E56_4D54;

const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_registers.sql")];
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// How the key of a new store (or of a store opened with its recovery code on another
/// computer) is kept on this computer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Protection {
    /// In the operating system's keychain.
    Keychain,
    /// Wrapped with a passphrase the clerk types at every unlock.
    Passphrase { passphrase: String },
}

/// How an existing store can be opened on this computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Unlock {
    /// Its key is in this computer's keychain.
    Keychain,
    /// Its key is wrapped with a passphrase next to it.
    Passphrase,
    /// Only the recovery code opens it here (a copy from another computer).
    RecoveryCode,
}

/// The open confidential store.
pub struct SecretStore {
    pub(crate) conn: Connection,
    path: PathBuf,
    pub(crate) clerk: Clerk,
}

impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretStore")
            .field("path", &self.path)
            .finish()
    }
}

/// SQLCipher reports a failed decryption on standard error; the error we return says it
/// in the clerk's words, and nothing about the store goes to a log.
fn quiet(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    Ok(())
}

/// The first 16 bytes of an encrypted file: SQLCipher's random salt, stored in clear.
fn file_salt(path: &Path) -> Result<Option<[u8; 16]>> {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return Ok(None);
    };
    let mut salt = [0u8; 16];
    if f.read_exact(&mut salt).is_err() {
        return Err(SecretError::WrongKey);
    }
    // An ordinary SQLite file is not a confidential store.
    if &salt == b"SQLite format 3\0" {
        return Err(SecretError::WrongKey);
    }
    Ok(Some(salt))
}

impl SecretStore {
    /// How the store at `path` opens on this computer; `None` when there is none.
    pub fn how_to_open(path: &Path, vault: &dyn KeyVault) -> Result<Option<Unlock>> {
        let Some(salt) = file_salt(path)? else {
            return Ok(None);
        };
        if vault.available() {
            if let Ok(Some(_)) = vault.get(&key::account(&salt)) {
                return Ok(Some(Unlock::Keychain));
            }
        }
        if key::passphrase_file(path).exists() {
            return Ok(Some(Unlock::Passphrase));
        }
        Ok(Some(Unlock::RecoveryCode))
    }

    /// Create a new store at `path` with a random key kept as `protection` says. Returns
    /// the store and its recovery code, to show the clerk once.
    pub fn create(
        path: &Path,
        protection: &Protection,
        vault: &dyn KeyVault,
        clerk: Clerk,
    ) -> Result<(SecretStore, RecoveryCode)> {
        if path.exists() {
            return Err(SecretError::AlreadyExists(path.display().to_string()));
        }
        match protection {
            Protection::Keychain if !vault.available() => {
                return Err(SecretError::Vault(
                    "máy này không có kho khóa của hệ điều hành".into(),
                ))
            }
            Protection::Passphrase { passphrase } => key::check_passphrase(passphrase)?,
            _ => {}
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let key = DataKey::random()?;
        // Built under a temporary name and renamed at the end: a crash half-way leaves no
        // store whose key was never kept.
        let tmp = path.with_extension("dang-tao");
        let _ = std::fs::remove_file(&tmp);
        {
            let conn = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            )?;
            quiet(&conn)?;
            conn.execute_batch(&key.pragma())?;
            conn.pragma_update(None, "application_id", SECRET_APPLICATION_ID)?;
            let mut store = SecretStore {
                conn,
                path: tmp.clone(),
                clerk: clerk.clone(),
            };
            store.migrate(0)?;
            store.write(|tx, clerk| {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('created_at', ?1)",
                    [Utc::now().to_rfc3339()],
                )?;
                audit::record(tx, clerk, "create", "store", None)?;
                Ok(())
            })?;
        }
        let salt = file_salt(&tmp)?.ok_or(SecretError::NotCreated)?;
        match protection {
            Protection::Keychain => vault
                .set(&key::account(&salt), &key.to_hex())
                .map_err(SecretError::Vault)?,
            Protection::Passphrase { passphrase } => key::write_wrapped(path, &key, passphrase)?,
        }
        std::fs::rename(&tmp, path)?;
        let store = SecretStore::open_with_key(path, &key, clerk)?;
        Ok((store, key.recovery_code()))
    }

    /// Open with the key from this computer's keychain.
    pub fn open_with_keychain(path: &Path, vault: &dyn KeyVault, clerk: Clerk) -> Result<Self> {
        let salt = file_salt(path)?.ok_or(SecretError::NotCreated)?;
        if !vault.available() {
            return Err(SecretError::KeyNotHere);
        }
        let hex = vault
            .get(&key::account(&salt))
            .map_err(SecretError::Vault)?
            .ok_or(SecretError::KeyNotHere)?;
        let hex = zeroize::Zeroizing::new(hex);
        let key = DataKey::from_hex(&hex).ok_or(SecretError::KeyNotHere)?;
        Self::open_with_key(path, &key, clerk)
    }

    /// Open with the passphrase that wraps the key next to the file.
    pub fn open_with_passphrase(path: &Path, passphrase: &str, clerk: Clerk) -> Result<Self> {
        file_salt(path)?.ok_or(SecretError::NotCreated)?;
        let key = key::read_wrapped(path, passphrase)?;
        Self::open_with_key(path, &key, clerk)
    }

    /// Open with the recovery code, and keep the key on this computer as `keep` says
    /// (a copy moved to a new computer), or nowhere (one-off).
    pub fn open_with_recovery_code(
        path: &Path,
        code: &str,
        keep: Option<&Protection>,
        vault: &dyn KeyVault,
        clerk: Clerk,
    ) -> Result<Self> {
        let salt = file_salt(path)?.ok_or(SecretError::NotCreated)?;
        let key = RecoveryCode::parse(code)?;
        let store = Self::open_with_key(path, &key, clerk)?;
        match keep {
            Some(Protection::Keychain) => vault
                .set(&key::account(&salt), &key.to_hex())
                .map_err(SecretError::Vault)?,
            Some(Protection::Passphrase { passphrase }) => {
                key::write_wrapped(path, &key, passphrase)?
            }
            None => {}
        }
        Ok(store)
    }

    fn open_with_key(path: &Path, key: &DataKey, clerk: Clerk) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        quiet(&conn)?;
        conn.execute_batch(&key.pragma())?;
        // The first read decrypts page 1: a wrong key (or another file) fails here, on
        // SQLCipher's HMAC, before anything is written.
        let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != SECRET_APPLICATION_ID {
            return Err(SecretError::WrongKey);
        }
        let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(SecretError::Storage(format!(
                "sổ mật được tạo bởi phiên bản mới hơn của Nhiệm Vụ (lược đồ {version}); hãy cập nhật phần mềm"
            )));
        }
        let mut store = SecretStore {
            conn,
            path: path.to_path_buf(),
            clerk,
        };
        store.migrate(version)?;
        Ok(store)
    }

    fn migrate(&mut self, from: i32) -> Result<()> {
        let c = &self.conn;
        c.busy_timeout(Duration::from_secs(10))?;
        c.pragma_update(None, "journal_mode", "WAL")?;
        // Every committed write reaches the disk before the clerk is told it is saved.
        c.pragma_update(None, "synchronous", "FULL")?;
        c.pragma_update(None, "foreign_keys", "ON")?;
        // Sorting and temporary tables stay in memory: no plaintext temporary files.
        c.pragma_update(None, "temp_store", "MEMORY")?;
        c.pragma_update(None, "secure_delete", "ON")?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i32 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Run `f` in one IMMEDIATE transaction (serialised with every other writer of the
    /// file, so numbering never races); commit only if it succeeds.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction, &Clerk) -> Result<T>,
    ) -> Result<T> {
        let clerk = self.clerk.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx, &clerk)?;
        tx.commit()?;
        Ok(out)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who is recorded as acting from now on.
    pub fn set_clerk(&mut self, clerk: Clerk) {
        self.clerk = clerk;
    }

    /// The connection, for tests that try to get around the store's rules with SQL.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Note in the log something done with the registers that changes no row: printing,
    /// saving a copy as a file (`action` is a short word like "print").
    pub fn note(&mut self, action: &str) -> Result<()> {
        self.write(|tx, clerk| audit::record(tx, clerk, action, "store", None))
    }

    /// When the store was created.
    pub fn created_at(&self) -> Result<Option<DateTime<Utc>>> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'created_at'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|v| DateTime::parse_from_rfc3339(&v).ok())
            .map(|d| d.with_timezone(&Utc)))
    }

    pub fn settings(&self) -> Result<SecretSettings> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'settings'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    /// Change the idle lock, export permission and expiry warning (audited).
    pub fn set_settings(&mut self, s: &SecretSettings) -> Result<SecretSettings> {
        if !(1..=120).contains(&s.idle_lock_minutes) {
            return Err(SecretError::invalid(
                "idle_lock_minutes",
                "Thời gian tự khóa phải từ 1 đến 120 phút.",
            ));
        }
        if !(1..=3650).contains(&s.expiry_warning_days) {
            return Err(SecretError::invalid(
                "expiry_warning_days",
                "Số ngày báo trước khi hết thời hạn bảo vệ phải từ 1 đến 3650.",
            ));
        }
        let json = serde_json::to_string(s).expect("settings serialise");
        self.write(|tx, clerk| {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('settings', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [&json],
            )?;
            audit::record(tx, clerk, "settings", "settings", None)?;
            Ok(())
        })?;
        self.settings()
    }
}
