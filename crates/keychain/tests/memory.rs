//! MemoryKeychain, Credentials and the error type; no OS keychain involved.

use std::sync::Arc;

use nhiemvu_keychain::{Credentials, Keychain, KeychainError, MemoryKeychain, FALLBACK_NOTICE};

/// A keychain that exists but fails every call.
struct Broken;

impl Keychain for Broken {
    fn get(&self, _: &str) -> Result<Option<String>, KeychainError> {
        Err(KeychainError::Failed("hỏng".into()))
    }
    fn set(&self, _: &str, _: &str) -> Result<(), KeychainError> {
        Err(KeychainError::Failed("hỏng".into()))
    }
    fn delete(&self, _: &str) -> Result<(), KeychainError> {
        Err(KeychainError::Failed("hỏng".into()))
    }
}

/// No combining marks: Vietnamese in NFC is all precomposed letters.
fn assert_precomposed(text: &str) {
    for c in text.chars() {
        let cp = c as u32;
        assert!(
            !(0x0300..=0x036F).contains(&cp),
            "combining mark U+{cp:04X} in {text:?}"
        );
    }
}

#[test]
fn memory_roundtrip_overwrite_delete() {
    let k = MemoryKeychain::new();
    assert!(k.is_empty());
    assert_eq!(k.get("postgres:office").unwrap(), None);

    k.set("postgres:office", "mật-khẩu-1").unwrap();
    assert_eq!(
        k.get("postgres:office").unwrap().as_deref(),
        Some("mật-khẩu-1")
    );

    k.set("postgres:office", "mật-khẩu-2").unwrap();
    assert_eq!(
        k.get("postgres:office").unwrap().as_deref(),
        Some("mật-khẩu-2")
    );
    assert_eq!(k.len(), 1);

    k.set("store-key", "00ff").unwrap();
    k.delete("postgres:office").unwrap();
    assert_eq!(k.get("postgres:office").unwrap(), None);
    assert_eq!(k.get("store-key").unwrap().as_deref(), Some("00ff"));

    // Deleting a missing entry is fine.
    k.delete("postgres:office").unwrap();
    k.delete("never-set").unwrap();
}

#[test]
fn memory_debug_hides_secrets() {
    let k = MemoryKeychain::new();
    k.set("a", "bí-mật").unwrap();
    let shown = format!("{k:?}");
    assert!(!shown.contains("bí-mật"), "{shown}");
    let c = Credentials::new(MemoryKeychain::unavailable());
    c.set("a", "bí-mật").unwrap();
    let shown = format!("{c:?}");
    assert!(!shown.contains("bí-mật"), "{shown}");
}

#[test]
fn unavailable_memory_always_unavailable() {
    let k = MemoryKeychain::unavailable();
    for result in [k.get("a").map(|_| ()), k.set("a", "b"), k.delete("a")] {
        let err = result.unwrap_err();
        assert!(err.is_unavailable());
        assert_eq!(err.code(), "keychain_unavailable");
    }
}

#[test]
fn credentials_use_the_keychain_when_it_works() {
    let os = Arc::new(MemoryKeychain::new());
    let c = Credentials::new(os.clone());
    c.set("postgres:office", "s3cret").unwrap();
    assert_eq!(
        os.get("postgres:office").unwrap().as_deref(),
        Some("s3cret")
    );
    assert_eq!(c.get("postgres:office").unwrap().as_deref(), Some("s3cret"));
    assert_eq!(c.fallback_notice(), None);
    assert!(!c.is_fallback());
    c.delete("postgres:office").unwrap();
    assert_eq!(os.get("postgres:office").unwrap(), None);
    c.delete("postgres:office").unwrap();
}

#[test]
fn credentials_fall_back_to_memory_with_a_notice() {
    let c = Credentials::new(MemoryKeychain::unavailable());
    assert_eq!(
        c.fallback_notice(),
        None,
        "no notice before the keychain was tried"
    );

    assert_eq!(c.get("postgres:office").unwrap(), None);
    let notice = c.fallback_notice().expect("notice after Unavailable");
    assert_eq!(notice, FALLBACK_NOTICE);
    assert!(notice.contains("không có kho khóa"), "{notice}");
    assert!(notice.contains("đóng ứng dụng"), "{notice}");
    assert!(notice.contains("nhập lại"), "{notice}");
    assert_precomposed(&notice);
    assert!(c.fallback_reason().unwrap().is_unavailable());

    c.set("postgres:office", "mật-khẩu").unwrap();
    assert_eq!(
        c.get("postgres:office").unwrap().as_deref(),
        Some("mật-khẩu")
    );
    c.set("postgres:office", "mới").unwrap();
    assert_eq!(c.get("postgres:office").unwrap().as_deref(), Some("mới"));
    c.delete("postgres:office").unwrap();
    assert_eq!(c.get("postgres:office").unwrap(), None);
    c.delete("postgres:office").unwrap();
    assert!(c.fallback_notice().is_some());
}

#[test]
fn credentials_fall_back_on_first_set_too() {
    let c = Credentials::new(MemoryKeychain::unavailable());
    c.set("k", "v").unwrap();
    assert!(c.fallback_notice().is_some());
    assert_eq!(c.get("k").unwrap().as_deref(), Some("v"));
}

#[test]
fn credentials_pass_failures_on_without_falling_back() {
    let c = Credentials::new(Broken);
    assert_eq!(c.get("k").unwrap_err().code(), "keychain_failed");
    assert_eq!(c.set("k", "v").unwrap_err().code(), "keychain_failed");
    assert_eq!(c.delete("k").unwrap_err().code(), "keychain_failed");
    assert_eq!(c.fallback_notice(), None);
}

#[test]
fn credentials_are_shared_between_threads() {
    let c = Arc::new(Credentials::new(MemoryKeychain::unavailable()));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let c = c.clone();
            std::thread::spawn(move || c.set(&format!("a{i}"), &format!("s{i}")).unwrap())
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    for i in 0..4 {
        assert_eq!(c.get(&format!("a{i}")).unwrap(), Some(format!("s{i}")));
    }
}

#[test]
fn errors_have_codes_and_vietnamese_messages() {
    let u = KeychainError::Unavailable("không có D-Bus".into());
    let f = KeychainError::Failed("x".into());
    assert_eq!(u.code(), "keychain_unavailable");
    assert_eq!(f.code(), "keychain_failed");
    assert_eq!(
        u.to_string(),
        "Không có kho khóa của hệ điều hành (không có D-Bus)"
    );
    assert_eq!(
        f.to_string(),
        "Không đọc hoặc ghi được kho khóa của hệ điều hành (x)"
    );
    assert_precomposed(&u.to_string());
    assert_precomposed(&f.to_string());
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(u);
    assert!(boxed.to_string().starts_with("Không có kho khóa"));
}
