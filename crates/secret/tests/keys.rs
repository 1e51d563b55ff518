//! The file is encrypted, opens only with its key, and the key is kept safely: in the
//! keychain, behind a passphrase where there is none, and in the recovery code shown once.

mod common;
use common::*;

use nhiemvu_core::model::Secrecy;
use nhiemvu_secret::{MemoryVault, Protection, SecretError, SecretStore, Unlock};

const MARKER: &str = "CANARY-trich-yeu-Khánh-Hòa-7731";

fn file_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            all.extend(std::fs::read(p).unwrap());
        }
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_file_is_encrypted_and_opens_again_with_the_keychain() {
    let mut f = fixture();
    let e = f
        .store
        .register_incoming(incoming(MARKER, Secrecy::Secret, local(2026, 3, 2, 9, 0)))
        .unwrap();
    // The marker is in the store, and nowhere in its files (database, WAL, key file).
    assert_eq!(
        f.store.entry(e.id).unwrap().summary.as_deref(),
        Some(MARKER)
    );
    let bytes = file_bytes(f.dir.path());
    assert!(bytes.len() > 4096);
    assert!(!contains(&bytes, MARKER), "the marker is stored in clear");
    assert!(
        !contains(&bytes, "SQLite format 3"),
        "the header is encrypted"
    );
    assert_eq!(f.vault.len(), 1, "one key in the keychain");

    let path = f.path();
    drop(f.store);
    assert_eq!(
        SecretStore::how_to_open(&path, &f.vault).unwrap(),
        Some(Unlock::Keychain)
    );
    let store = SecretStore::open_with_keychain(&path, &f.vault, clerk()).unwrap();
    assert_eq!(store.entry(e.id).unwrap().summary.as_deref(), Some(MARKER));
    assert!(store.verify().unwrap().first_broken.is_none());
}

#[test]
fn a_copy_elsewhere_needs_the_recovery_code_and_a_wrong_key_reads_nothing() {
    let mut f = fixture();
    f.store
        .register_outgoing(outgoing(
            MARKER,
            Secrecy::Confidential,
            local(2026, 3, 2, 9, 0),
        ))
        .unwrap();
    let path = f.path();
    drop(f.store);

    // Another computer: the file alone, another keychain.
    let other = tempfile::tempdir().unwrap();
    let copy = other.path().join("so-mat.nvm");
    std::fs::copy(&path, &copy).unwrap();
    let there = MemoryVault::new();
    assert_eq!(
        SecretStore::how_to_open(&copy, &there).unwrap(),
        Some(Unlock::RecoveryCode)
    );
    let e = SecretStore::open_with_keychain(&copy, &there, clerk()).unwrap_err();
    assert!(matches!(e, SecretError::KeyNotHere), "{e}");
    assert!(e.to_string().contains("mã khôi phục"));

    // Another store's key is refused before anything is read or written.
    let g = fixture();
    let wrong = g.code.as_str().to_string();
    drop(g.store);
    let before = std::fs::read(&copy).unwrap();
    let e = SecretStore::open_with_recovery_code(&copy, &wrong, None, &there, clerk()).unwrap_err();
    assert!(matches!(e, SecretError::WrongKey), "{e}");
    assert!(e.to_string().contains("Tệp được giữ nguyên"));
    assert_eq!(std::fs::read(&copy).unwrap(), before, "left untouched");

    // The right code opens it, and can keep the key in this computer's keychain.
    let store = SecretStore::open_with_recovery_code(
        &copy,
        f.code.as_str(),
        Some(&Protection::Keychain),
        &there,
        clerk(),
    )
    .unwrap();
    assert_eq!(
        store
            .entries(nhiemvu_secret::Register::Outgoing, None)
            .unwrap()
            .len(),
        1
    );
    drop(store);
    assert_eq!(
        SecretStore::how_to_open(&copy, &there).unwrap(),
        Some(Unlock::Keychain)
    );
    SecretStore::open_with_keychain(&copy, &there, clerk()).unwrap();
}

#[test]
fn without_a_keychain_a_passphrase_protects_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("so-mat.nvm");
    let none = MemoryVault::unavailable();
    let e = SecretStore::create(&path, &Protection::Keychain, &none, clerk()).unwrap_err();
    assert!(matches!(e, SecretError::Vault(_)), "{e}");
    assert!(e.to_string().contains("mật khẩu"));
    assert!(!path.exists(), "nothing left behind");

    let short = Protection::Passphrase {
        passphrase: "ngắn".into(),
    };
    assert!(SecretStore::create(&path, &short, &none, clerk()).is_err());
    let p = Protection::Passphrase {
        passphrase: "Văn thư mật 2026 giữ sổ".into(),
    };
    let (mut store, code) = SecretStore::create(&path, &p, &none, clerk()).unwrap();
    store
        .register_incoming(
            incoming(MARKER, Secrecy::TopSecret, local(2026, 3, 2, 9, 0)).without_summary(),
        )
        .unwrap();
    drop(store);
    assert_eq!(
        SecretStore::how_to_open(&path, &none).unwrap(),
        Some(Unlock::Passphrase)
    );
    let e = SecretStore::open_with_passphrase(&path, "sai mật khẩu rồi", clerk()).unwrap_err();
    assert!(matches!(e, SecretError::WrongPassphrase), "{e}");
    SecretStore::open_with_passphrase(&path, "Văn thư mật 2026 giữ sổ", clerk()).unwrap();
    // The recovery code still opens it (the passphrase forgotten).
    SecretStore::open_with_recovery_code(&path, code.as_str(), None, &none, clerk()).unwrap();
    // A second store is not made over the first.
    assert!(matches!(
        SecretStore::create(&path, &p, &none, clerk()),
        Err(SecretError::AlreadyExists(_))
    ));
}

#[test]
fn an_ordinary_database_or_another_file_is_not_a_confidential_store() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("nhiemvu.sqlite3");
    nhiemvu_core::store::Store::open(&plain).unwrap();
    let vault = MemoryVault::new();
    assert!(matches!(
        SecretStore::how_to_open(&plain, &vault),
        Err(SecretError::WrongKey)
    ));
    let junk = dir.path().join("so-mat.nvm");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    let key = fixture().code.as_str().to_string();
    let e = SecretStore::open_with_recovery_code(&junk, &key, None, &vault, clerk()).unwrap_err();
    assert!(matches!(e, SecretError::WrongKey), "{e}");
    let missing = dir.path().join("khong-co.nvm");
    assert_eq!(SecretStore::how_to_open(&missing, &vault).unwrap(), None);
}

trait WithoutSummary {
    fn without_summary(self) -> Self;
}

impl WithoutSummary for nhiemvu_secret::NewIncoming {
    fn without_summary(mut self) -> Self {
        self.summary = None;
        self
    }
}
