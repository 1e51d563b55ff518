//! The records of the confidential registers (DOMAIN.md §8), as the window sees them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use nhiemvu_core::model::{Id, Secrecy, Urgency};

/// Which register an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Register {
    /// Sổ đăng ký bí mật nhà nước đến.
    Incoming,
    /// Sổ đăng ký bí mật nhà nước đi.
    Outgoing,
}

impl Register {
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Incoming => "incoming",
            Register::Outgoing => "outgoing",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "incoming" => Some(Register::Incoming),
            "outgoing" => Some(Register::Outgoing),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Register::Incoming => "Sổ đăng ký bí mật nhà nước đến",
            Register::Outgoing => "Sổ đăng ký bí mật nhà nước đi",
        }
    }
}

/// Where an entry stands. Nothing is deleted: a mistaken entry is cancelled and keeps its
/// number; a declassified or destroyed document keeps its row with the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryStatus {
    Active,
    /// Hủy (vào sổ nhầm).
    Cancelled,
    /// Đã giải mật.
    Declassified,
    /// Đã tiêu hủy.
    Destroyed,
}

impl EntryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Active => "active",
            EntryStatus::Cancelled => "cancelled",
            EntryStatus::Declassified => "declassified",
            EntryStatus::Destroyed => "destroyed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "active" => EntryStatus::Active,
            "cancelled" => EntryStatus::Cancelled,
            "declassified" => EntryStatus::Declassified,
            "destroyed" => EntryStatus::Destroyed,
            _ => return None,
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            EntryStatus::Active => "Đang bảo vệ",
            EntryStatus::Cancelled => "Đã hủy (vào sổ nhầm)",
            EntryStatus::Declassified => "Đã giải mật",
            EntryStatus::Destroyed => "Đã tiêu hủy",
        }
    }
}

/// An entry of the incoming or outgoing register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Entry {
    pub id: Id,
    pub register: Register,
    pub year: i32,
    /// Số đến (incoming) or số thứ tự, which is also the document's number (outgoing).
    pub number: u32,
    pub registered_at: DateTime<Utc>,
    /// Ngày đến / ngày vào sổ (local date).
    pub registered_on: NaiveDate,
    /// Số, ký hiệu of the document.
    pub doc_number: String,
    /// Ngày tháng of the document.
    pub doc_date: Option<NaiveDate>,
    /// Tên loại.
    pub doc_kind: String,
    /// Trích yếu: none for an envelope registered from the outside, and for a tuyệt mật
    /// document until the leader who classified it agrees.
    pub summary: Option<String>,
    pub summary_approved_by: Option<String>,
    pub summary_approved_on: Option<NaiveDate>,
    pub secrecy: Secrecy,
    pub urgency: Urgency,
    /// Cơ quan ban hành (incoming).
    pub issuer: String,
    /// Người ký (outgoing).
    pub signer: String,
    /// Đơn vị, người nhận (incoming), and who signed for it and when.
    pub handler: String,
    pub handler_signed_by: Option<String>,
    pub handler_signed_at: Option<DateTime<Utc>>,
    /// Đơn vị lưu (outgoing).
    pub keeping_unit: String,
    /// Số lượng bản (outgoing).
    pub copies: Option<u32>,
    /// "Chỉ người có tên mới được bóc bì": the person named on the envelope, which is
    /// registered from its outside and passed on unopened.
    pub sealed_for: Option<String>,
    pub note: String,
    /// Thời hạn bảo vệ: protected until this date (from the document's date: 30 years
    /// tuyệt mật, 20 tối mật, 10 mật), unless a decision changed it.
    pub protected_until: Option<NaiveDate>,
    pub status: EntryStatus,
    pub cancel_reason: Option<String>,
    pub created_by: String,
    /// Nơi nhận of an outgoing entry.
    pub recipients: Vec<Recipient>,
}

/// A nơi nhận of an outgoing document, with who signed for it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Recipient {
    pub id: Id,
    pub position: u32,
    pub recipient: String,
    pub received_by: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
}

/// What the clerk enters to register an incoming document (or a sealed envelope).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NewIncoming {
    /// Ngày đến: when it arrived (default: now).
    pub received_at: Option<DateTime<Utc>>,
    pub issuer: String,
    pub doc_number: String,
    pub doc_date: Option<NaiveDate>,
    pub doc_kind: String,
    pub summary: Option<String>,
    pub summary_approved_by: Option<String>,
    pub summary_approved_on: Option<NaiveDate>,
    pub secrecy: Option<Secrecy>,
    pub urgency: Option<Urgency>,
    pub handler: String,
    /// Registered from the outside of an envelope for this named person.
    pub sealed_for: Option<String>,
    pub note: String,
}

/// What the clerk enters to register an outgoing document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NewOutgoing {
    /// Ngày vào sổ (default: now).
    pub registered_at: Option<DateTime<Utc>>,
    /// Ký hiệu (the number is the register's, e.g. "BC-VP" → "12/BC-VP").
    pub doc_symbol: String,
    pub doc_date: Option<NaiveDate>,
    pub doc_kind: String,
    pub summary: Option<String>,
    pub summary_approved_by: Option<String>,
    pub summary_approved_on: Option<NaiveDate>,
    pub secrecy: Option<Secrecy>,
    pub urgency: Option<Urgency>,
    pub signer: String,
    pub recipients: Vec<String>,
    pub keeping_unit: String,
    pub copies: Option<u32>,
    pub note: String,
}

/// A leader's agreement to write the trích yếu of a tuyệt mật document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SummaryApproval {
    pub summary: String,
    pub approved_by: String,
    pub approved_on: NaiveDate,
}

/// A line of the Sổ chuyển giao.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Handover {
    pub id: Id,
    pub year: i32,
    pub number: u32,
    pub entry_id: Option<Id>,
    /// What was handed over (số, ký hiệu, tên loại; never a tuyệt mật trích yếu).
    pub document: String,
    pub secrecy: Secrecy,
    pub copies: u32,
    pub giver: String,
    pub receiver: String,
    pub handed_at: DateTime<Utc>,
    /// Trình, giải quyết, lưu giữ, …
    pub purpose: String,
    pub note: String,
    pub created_by: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NewHandover {
    pub entry_id: Option<Id>,
    /// Filled from the entry when empty.
    pub document: String,
    pub secrecy: Option<Secrecy>,
    pub copies: Option<u32>,
    pub giver: String,
    pub receiver: String,
    pub handed_at: Option<DateTime<Utc>>,
    pub purpose: String,
    pub note: String,
}

/// Sao (copy) or chụp (photo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CopyMethod {
    Copy,
    Photo,
}

impl CopyMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            CopyMethod::Copy => "copy",
            CopyMethod::Photo => "photo",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CopyMethod::Copy => "Sao",
            CopyMethod::Photo => "Chụp",
        }
    }
}

/// A line of the Sổ quản lý sao, chụp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CopyRecord {
    pub id: Id,
    pub year: i32,
    pub number: u32,
    pub entry_id: Option<Id>,
    pub document: String,
    pub secrecy: Secrecy,
    pub method: CopyMethod,
    pub count: u32,
    /// Người có thẩm quyền cho phép sao, chụp.
    pub authorized_by: String,
    pub made_by: String,
    pub made_at: DateTime<Utc>,
    /// Nơi nhận bản sao, chụp.
    pub delivered_to: String,
    pub note: String,
    pub created_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewCopy {
    pub entry_id: Option<Id>,
    pub document: String,
    pub secrecy: Option<Secrecy>,
    pub method: CopyMethod,
    pub count: u32,
    pub authorized_by: String,
    pub made_by: String,
    pub made_at: Option<DateTime<Utc>>,
    pub delivered_to: String,
    pub note: String,
}

/// What a decision about a secret document does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DecisionKind {
    /// Gia hạn thời hạn bảo vệ.
    Extend,
    /// Điều chỉnh độ mật.
    ChangeLevel,
    /// Giải mật.
    Declassify,
    /// Tiêu hủy.
    Destroy,
}

impl DecisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Extend => "extend",
            DecisionKind::ChangeLevel => "change_level",
            DecisionKind::Declassify => "declassify",
            DecisionKind::Destroy => "destroy",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "extend" => DecisionKind::Extend,
            "change_level" => DecisionKind::ChangeLevel,
            "declassify" => DecisionKind::Declassify,
            "destroy" => DecisionKind::Destroy,
            _ => return None,
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            DecisionKind::Extend => "Gia hạn thời hạn bảo vệ",
            DecisionKind::ChangeLevel => "Điều chỉnh độ mật",
            DecisionKind::Declassify => "Giải mật",
            DecisionKind::Destroy => "Tiêu hủy",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Decision {
    pub id: Id,
    pub entry_id: Id,
    pub kind: DecisionKind,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub new_secrecy: Option<Secrecy>,
    pub new_until: Option<NaiveDate>,
    pub note: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewDecision {
    pub kind: DecisionKind,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    /// Điều chỉnh độ mật: the new level.
    pub new_secrecy: Option<Secrecy>,
    /// Gia hạn: the new end of protection.
    pub new_until: Option<NaiveDate>,
    pub note: String,
}

/// The confidential store's own settings (kept inside it, audited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretSettings {
    /// Khóa sổ sau bấy nhiêu phút không thao tác (1–120).
    pub idle_lock_minutes: u32,
    /// Cho phép lưu sổ mật ra tệp PDF (mặc định tắt: chỉ in).
    pub export_enabled: bool,
    /// "Sắp hết thời hạn bảo vệ": within this many days (default 180).
    pub expiry_warning_days: u32,
}

impl Default for SecretSettings {
    fn default() -> Self {
        SecretSettings {
            idle_lock_minutes: 10,
            export_enabled: false,
            expiry_warning_days: 180,
        }
    }
}

/// Who is working: the văn thư mật using this computer.
#[derive(Debug, Clone, PartialEq)]
pub struct Clerk {
    pub person_id: Option<Id>,
    pub unit_id: Option<Id>,
    pub name: String,
}
