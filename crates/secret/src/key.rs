//! The store's key and where it is kept.
//!
//! The file is encrypted with a random 256-bit key (SQLCipher, raw key: no key derivation
//! on every open). The key is kept in one of two places:
//!
//! * the operating system's keychain, through [`KeyVault`] (the app passes its keychain
//!   in; this crate reaches no keychain daemon itself, so that its dependencies hold no
//!   networking or IPC code), under an account named after the file's own salt;
//! * or, where there is no keychain, wrapped with a passphrase: Argon2id turns the
//!   passphrase into 64 bytes, the first 32 mask the key, the next 16 check the
//!   passphrase; salt, parameters, masked key and check go to a small file next to the
//!   store (`<store>.khoa`), which is useless without the passphrase.
//!
//! The [`RecoveryCode`] is the key itself, written for people (Crockford base32 in groups
//! of four, with a check). It is shown once, at creation, to be printed or written down and
//! kept with the other secret papers: it opens the store on any computer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Result, SecretError};

/// Length of the key in bytes (AES-256).
pub const KEY_LEN: usize = 32;

/// The store's key, wiped from memory when dropped.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A new key from the operating system's random source.
    pub fn random() -> Result<DataKey> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::getrandom(k.as_mut()).map_err(|e| {
            SecretError::Storage(format!(
                "không lấy được số ngẫu nhiên của hệ điều hành: {e}"
            ))
        })?;
        Ok(DataKey(k))
    }

    fn from_bytes(bytes: &[u8]) -> Option<DataKey> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return None;
        }
        k.copy_from_slice(bytes);
        Some(DataKey(k))
    }

    /// The key as 64 hex digits (what the keychain keeps).
    pub(crate) fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_ref()))
    }

    pub(crate) fn from_hex(s: &str) -> Option<DataKey> {
        let bytes = Zeroizing::new(hex::decode(s.trim()).ok()?);
        DataKey::from_bytes(&bytes)
    }

    /// The statement that hands the key to SQLCipher (a raw key: no derivation).
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", self.to_hex().as_str()))
    }

    /// The key written for people, to be kept on paper.
    pub fn recovery_code(&self) -> RecoveryCode {
        let mut digits = Zeroizing::new(base32(self.0.as_ref()));
        digits.push_str(&base32(&check_bits(self.0.as_ref()))[..CHECK_DIGITS]);
        let grouped = digits
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("ASCII"))
            .collect::<Vec<_>>()
            .join("-");
        RecoveryCode(Zeroizing::new(grouped))
    }
}

/// Mã khôi phục: "7K3M-…" (14 groups of four).
pub struct RecoveryCode(Zeroizing<String>);

impl RecoveryCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Read a code as a person typed it: case, spaces and dashes do not matter, and the
    /// letters O, I and L are read as 0, 1 and 1.
    pub fn parse(typed: &str) -> Result<DataKey> {
        let mut digits = Zeroizing::new(String::new());
        for c in typed.chars() {
            match c {
                '-' | ' ' | '\t' | '\n' | '\r' => {}
                c => digits.push(normalise_digit(c).ok_or_else(|| {
                    SecretError::BadRecoveryCode(format!(
                        "ký tự «{c}» không có trong mã (mã chỉ gồm chữ số và chữ cái in hoa)"
                    ))
                })?),
            }
        }
        let expected = KEY_DIGITS + CHECK_DIGITS;
        if digits.len() != expected {
            return Err(SecretError::BadRecoveryCode(format!(
                "mã có {expected} ký tự (không kể dấu gạch), đã nhập {}",
                digits.len()
            )));
        }
        let bytes = Zeroizing::new(unbase32(&digits[..KEY_DIGITS]));
        let key = DataKey::from_bytes(&bytes[..KEY_LEN])
            .ok_or_else(|| SecretError::BadRecoveryCode("mã không đọc được".into()))?;
        if base32(&check_bits(key.0.as_ref()))[..CHECK_DIGITS] != digits[KEY_DIGITS..] {
            return Err(SecretError::BadRecoveryCode(
                "có ký tự bị nhập sai (mã kiểm tra không khớp); hãy so lại từng nhóm".into(),
            ));
        }
        Ok(key)
    }
}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

/// Crockford's base32 alphabet: no I, L, O, U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 256 bits in 5-bit digits.
const KEY_DIGITS: usize = 52;
const CHECK_DIGITS: usize = 4;

fn check_bits(key: &[u8]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(b"nhiemvu-secret-recovery");
    h.update(key);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    acc.zeroize();
    out
}

fn unbase32(digits: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in digits.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c).unwrap_or(0) as u32;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    acc.zeroize();
    out
}

fn normalise_digit(c: char) -> Option<char> {
    let c = c.to_ascii_uppercase();
    let c = match c {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET.contains(&(c as u8)).then_some(c)
}

// ---------------------------------------------------------------------------------------
// The keychain.

/// A place that keeps the key: the operating system's keychain in the app, memory in tests.
/// Errors are messages for the clerk.
pub trait KeyVault: Send + Sync {
    /// Whether a real keychain is there to keep the key (else: a passphrase).
    fn available(&self) -> bool;
    fn get(&self, account: &str) -> std::result::Result<Option<String>, String>;
    fn set(&self, account: &str, secret: &str) -> std::result::Result<(), String>;
    fn delete(&self, account: &str) -> std::result::Result<(), String>;
}

/// An in-memory keychain for tests; `unavailable()` pretends there is none.
#[derive(Default)]
pub struct MemoryVault {
    entries: Mutex<HashMap<String, String>>,
    missing: bool,
}

impl MemoryVault {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn unavailable() -> Self {
        MemoryVault {
            missing: true,
            ..Self::default()
        }
    }
    /// How many secrets it holds (tests check what was stored).
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl KeyVault for MemoryVault {
    fn available(&self) -> bool {
        !self.missing
    }
    fn get(&self, account: &str) -> std::result::Result<Option<String>, String> {
        if self.missing {
            return Err("không có kho khóa".into());
        }
        Ok(self.entries.lock().unwrap().get(account).cloned())
    }
    fn set(&self, account: &str, secret: &str) -> std::result::Result<(), String> {
        if self.missing {
            return Err("không có kho khóa".into());
        }
        self.entries
            .lock()
            .unwrap()
            .insert(account.into(), secret.into());
        Ok(())
    }
    fn delete(&self, account: &str) -> std::result::Result<(), String> {
        self.entries.lock().unwrap().remove(account);
        Ok(())
    }
}

/// The keychain account of the store whose file begins with `salt` (SQLCipher's random
/// salt, the first 16 bytes of the file): a copy of the file elsewhere finds no key there.
pub(crate) fn account(salt: &[u8]) -> String {
    format!("so-mat:{}", hex::encode(salt))
}

// ---------------------------------------------------------------------------------------
// The passphrase file.

/// The key wrapped with a passphrase, as kept in `<store>.khoa`.
#[derive(Serialize, Deserialize)]
struct Wrapped {
    format: String,
    kdf: String,
    m_kib: u32,
    t: u32,
    p: u32,
    salt: String,
    masked_key: String,
    check: String,
}

const WRAP_FORMAT: &str = "nhiemvu-so-mat-khoa-1";
/// Argon2id: 64 MiB, 3 passes (about half a second on an office PC).
const ARGON_M_KIB: u32 = 64 * 1024;
const ARGON_T: u32 = 3;
/// Shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// Where the passphrase-wrapped key of `store` lives.
pub fn passphrase_file(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".khoa");
    PathBuf::from(name)
}

fn derive(
    passphrase: &str,
    salt: &[u8],
    m_kib: u32,
    t: u32,
    p: u32,
) -> Result<Zeroizing<[u8; 64]>> {
    let params = argon2::Params::new(m_kib, t, p, Some(64))
        .map_err(|e| SecretError::Storage(format!("tham số Argon2 không hợp lệ: {e}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 64]);
    let pass = Zeroizing::new(nhiemvu_core::text::nfc(passphrase));
    argon
        .hash_password_into(pass.as_bytes(), salt, out.as_mut())
        .map_err(|e| SecretError::Storage(format!("không tính được khóa từ mật khẩu: {e}")))?;
    Ok(out)
}

/// Check a new passphrase: long enough, and not only spaces.
pub fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.trim().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(SecretError::invalid(
            "passphrase",
            format!("Mật khẩu sổ mật cần ít nhất {MIN_PASSPHRASE_CHARS} ký tự."),
        ));
    }
    Ok(())
}

/// Write `key` wrapped with `passphrase` next to `store`, replacing the file whole.
pub(crate) fn write_wrapped(store: &Path, key: &DataKey, passphrase: &str) -> Result<()> {
    check_passphrase(passphrase)?;
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt)
        .map_err(|e| SecretError::Storage(format!("không lấy được số ngẫu nhiên: {e}")))?;
    let kek = derive(passphrase, &salt, ARGON_M_KIB, ARGON_T, 1)?;
    let mut masked = Zeroizing::new([0u8; KEY_LEN]);
    for i in 0..KEY_LEN {
        masked[i] = key.0[i] ^ kek[i];
    }
    let w = Wrapped {
        format: WRAP_FORMAT.into(),
        kdf: "argon2id".into(),
        m_kib: ARGON_M_KIB,
        t: ARGON_T,
        p: 1,
        salt: hex::encode(salt),
        masked_key: hex::encode(masked.as_ref()),
        check: hex::encode(&kek[32..48]),
    };
    let json = serde_json::to_vec_pretty(&w).expect("serialises");
    crate::files::write_whole(&passphrase_file(store), &json)
}

/// The key of `store`, unwrapped with `passphrase`.
pub(crate) fn read_wrapped(store: &Path, passphrase: &str) -> Result<DataKey> {
    let path = passphrase_file(store);
    let bytes = std::fs::read(&path).map_err(|_| SecretError::KeyNotHere)?;
    let w: Wrapped = serde_json::from_slice(&bytes).map_err(|_| {
        SecretError::Storage(format!(
            "tệp khóa {} bị hỏng; dùng mã khôi phục để mở sổ mật",
            path.display()
        ))
    })?;
    if w.format != WRAP_FORMAT || w.kdf != "argon2id" {
        return Err(SecretError::Storage(format!(
            "tệp khóa {} không đúng định dạng",
            path.display()
        )));
    }
    let salt = hex::decode(&w.salt).map_err(|_| SecretError::WrongPassphrase)?;
    let kek = derive(passphrase, &salt, w.m_kib, w.t, w.p)?;
    let check = hex::decode(&w.check).map_err(|_| SecretError::WrongPassphrase)?;
    if check.as_slice() != &kek[32..48] {
        return Err(SecretError::WrongPassphrase);
    }
    let masked =
        Zeroizing::new(hex::decode(&w.masked_key).map_err(|_| SecretError::WrongPassphrase)?);
    if masked.len() != KEY_LEN {
        return Err(SecretError::WrongPassphrase);
    }
    let mut k = Zeroizing::new([0u8; KEY_LEN]);
    for i in 0..KEY_LEN {
        k[i] = masked[i] ^ kek[i];
    }
    Ok(DataKey(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_code_gives_back_the_key_and_catches_a_typo() {
        let key = DataKey::random().unwrap();
        let code = key.recovery_code();
        assert_eq!(code.as_str().len(), 14 * 4 + 13);
        assert!(code.as_str().split('-').all(|g| g.len() == 4));
        let back = RecoveryCode::parse(code.as_str()).unwrap();
        assert_eq!(back.to_hex().as_str(), key.to_hex().as_str());
        // Typed in lower case, with spaces, O for 0: still the key.
        let typed = code
            .as_str()
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o");
        assert_eq!(
            RecoveryCode::parse(&typed).unwrap().to_hex().as_str(),
            key.to_hex().as_str()
        );
        // One digit changed: refused, not a wrong key handed to SQLCipher.
        let mut wrong: Vec<char> = code.as_str().chars().collect();
        wrong[0] = if wrong[0] == 'A' { 'B' } else { 'A' };
        let wrong: String = wrong.into_iter().collect();
        assert!(matches!(
            RecoveryCode::parse(&wrong),
            Err(SecretError::BadRecoveryCode(_))
        ));
        assert!(matches!(
            RecoveryCode::parse("1234"),
            Err(SecretError::BadRecoveryCode(_))
        ));
    }

    #[test]
    fn a_passphrase_wraps_the_key_and_a_wrong_one_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("so-mat.nvm");
        let key = DataKey::random().unwrap();
        write_wrapped(&store, &key, "Mật khẩu đủ dài 2026").unwrap();
        let file = std::fs::read_to_string(passphrase_file(&store)).unwrap();
        assert!(
            !file.contains(key.to_hex().as_str()),
            "the key is not in the file"
        );
        let back = read_wrapped(&store, "Mật khẩu đủ dài 2026").unwrap();
        assert_eq!(back.to_hex().as_str(), key.to_hex().as_str());
        // The same passphrase typed in NFD (another keyboard) is the same passphrase.
        let nfd: String = unicode_nfd("Mật khẩu đủ dài 2026");
        assert_ne!(nfd, "Mật khẩu đủ dài 2026");
        assert!(read_wrapped(&store, &nfd).is_ok());
        assert!(matches!(
            read_wrapped(&store, "mật khẩu sai rồi"),
            Err(SecretError::WrongPassphrase)
        ));
        assert!(matches!(
            write_wrapped(&store, &key, "ngắn"),
            Err(SecretError::Invalid { .. })
        ));
    }

    fn unicode_nfd(s: &str) -> String {
        // "ậ" = a + combining dot below + combining circumflex; enough for the test.
        s.replace('ậ', "a\u{0323}\u{0302}")
            .replace('ẩ', "a\u{0302}\u{0309}")
    }
}
