#![allow(dead_code)]
//! A store in a temporary folder, its clerk, and documents to register.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use nhiemvu_core::model::{Secrecy, Urgency};
use nhiemvu_secret::{
    Clerk, MemoryVault, NewIncoming, NewOutgoing, Protection, RecoveryCode, SecretStore,
};

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub vault: MemoryVault,
    pub store: SecretStore,
    pub code: RecoveryCode,
}

impl Fixture {
    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("so-mat.nvm")
    }
}

pub fn clerk() -> Clerk {
    Clerk {
        person_id: None,
        unit_id: None,
        name: "Lý Thị Mật".into(),
    }
}

/// A new store whose key is in an in-memory keychain.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    let (store, code) = SecretStore::create(
        &dir.path().join("so-mat.nvm"),
        &Protection::Keychain,
        &vault,
        clerk(),
    )
    .unwrap();
    Fixture {
        dir,
        vault,
        store,
        code,
    }
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A local (UTC+7) wall-clock time as an instant.
pub fn local(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    let offset = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    offset
        .with_ymd_and_hms(y, m, day, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn incoming(summary: &str, secrecy: Secrecy, at: DateTime<Utc>) -> NewIncoming {
    NewIncoming {
        received_at: Some(at),
        issuer: "Bộ Công an".into(),
        doc_number: "15/BCA-A03".into(),
        doc_date: Some(chrono::DateTime::<Utc>::date_naive(&at) - chrono::Days::new(2)),
        doc_kind: "Công văn".into(),
        summary: Some(summary.into()),
        secrecy: Some(secrecy),
        urgency: Some(Urgency::Urgent),
        handler: "Phó Chánh Văn phòng Nguyễn Văn Hùng".into(),
        ..Default::default()
    }
}

pub fn outgoing(summary: &str, secrecy: Secrecy, at: DateTime<Utc>) -> NewOutgoing {
    NewOutgoing {
        registered_at: Some(at),
        doc_symbol: "BC-VP".into(),
        doc_date: Some(chrono::DateTime::<Utc>::date_naive(&at)),
        doc_kind: "Báo cáo".into(),
        summary: Some(summary.into()),
        secrecy: Some(secrecy),
        urgency: Some(Urgency::Normal),
        signer: "Trần Văn Minh".into(),
        recipients: vec!["Bộ Công an".into(), "Thường trực Tỉnh ủy".into()],
        keeping_unit: "Văn thư Văn phòng UBND tỉnh".into(),
        copies: Some(3),
        ..Default::default()
    }
}
