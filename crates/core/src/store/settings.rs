//! Settings kept in the database (they travel with the office's data).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::outbox::{self, Mutation};
use super::{audit, Store};
use crate::error::{CoreError, Result};
use crate::lifecycle::Actor;
use crate::model::Classification;

/// Configuration of the province (DOMAIN.md: where provinces differ, the rule is configuration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Settings {
    /// Tên tỉnh, e.g. "Quảng Trị".
    pub province_name: String,
    /// Cơ quan ban hành báo cáo, e.g. "Văn phòng UBND tỉnh".
    pub issuing_body: String,
    /// "Sắp đến hạn": due within this many working days (default 3).
    pub due_soon_days: u32,
    /// Which classes the province tracks (Đồng Tháp tracks only tasks with deadlines).
    pub tracked_classes: Vec<Classification>,
    /// Cơ quan chủ quản in report headers, e.g. "UBND TỈNH QUẢNG TRỊ".
    pub parent_body: String,
    /// Place in the date line of reports ("Quảng Trị, ngày … tháng … năm …").
    pub report_place: String,
    /// Signing authority line: "TM. ỦY BAN NHÂN DÂN", "KT. CHÁNH VĂN PHÒNG", …
    pub signer_authority: String,
    /// Chức vụ of the signer, e.g. "PHÓ CHÁNH VĂN PHÒNG".
    pub signer_title: String,
    pub signer_name: String,
    /// Ký hiệu of the office's reports after "Số: …/", e.g. "BC-VP" (empty: "BC-" and the
    /// initials of the issuing body).
    pub report_symbol: String,
    /// Ký hiệu of its urging letters, e.g. "VP-TH" (empty: the initials and "-TH").
    pub urging_symbol: String,
    /// Nơi nhận of the consolidated report, after "Như trên".
    pub report_recipients: Vec<String>,
    /// Nơi nhận of urging letters, after "Như trên".
    pub urging_recipients: Vec<String>,
    /// What follows "- Lưu:" on every document, e.g. "VT, TH".
    pub filed: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            province_name: String::new(),
            issuing_body: "Văn phòng UBND tỉnh".into(),
            due_soon_days: 3,
            tracked_classes: Classification::ALL.to_vec(),
            parent_body: String::new(),
            report_place: String::new(),
            signer_authority: String::new(),
            signer_title: String::new(),
            signer_name: String::new(),
            report_symbol: String::new(),
            urging_symbol: String::new(),
            report_recipients: vec![
                "Chủ tịch, các PCT UBND tỉnh".into(),
                "Lãnh đạo Văn phòng".into(),
            ],
            urging_recipients: vec!["Lãnh đạo Văn phòng".into()],
            filed: "VT, TH".into(),
        }
    }
}

pub(super) fn load(conn: &Connection) -> Result<Settings> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'settings'",
            [],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| {
            if e == rusqlite::Error::QueryReturnedNoRows {
                Ok(None)
            } else {
                Err(e)
            }
        })?;
    Ok(v.and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

impl Settings {
    /// The settings as they may be saved: cleaned (NFC, trimmed), checked field by field.
    /// Saving on this PC and settings arriving from the office database go through it.
    pub fn validated(self) -> Result<Settings> {
        let mut new = self;
        new.tracked_classes.sort_by_key(|c| c.as_str());
        new.tracked_classes.dedup();
        if new.due_soon_days > 30 {
            return Err(CoreError::invalid(
                "due_soon_days",
                "Số ngày \"sắp đến hạn\" phải từ 0 đến 30 ngày làm việc.",
            ));
        }
        if new.tracked_classes.is_empty() {
            return Err(CoreError::invalid(
                "tracked_classes",
                "Cần theo dõi ít nhất một loại nhiệm vụ.",
            ));
        }
        let new = Settings {
            province_name: crate::text::clean(
                "province_name",
                "Tên tỉnh",
                &new.province_name,
                100,
                false,
            )?,
            issuing_body: crate::text::clean(
                "issuing_body",
                "Cơ quan ban hành",
                &new.issuing_body,
                200,
                false,
            )?,
            parent_body: crate::text::clean(
                "parent_body",
                "Cơ quan chủ quản",
                &new.parent_body,
                200,
                false,
            )?,
            report_place: crate::text::clean(
                "report_place",
                "Địa danh",
                &new.report_place,
                100,
                false,
            )?,
            signer_authority: crate::text::clean(
                "signer_authority",
                "Thẩm quyền ký",
                &new.signer_authority,
                100,
                false,
            )?,
            signer_title: crate::text::clean(
                "signer_title",
                "Chức vụ người ký",
                &new.signer_title,
                100,
                false,
            )?,
            signer_name: crate::text::clean(
                "signer_name",
                "Người ký",
                &new.signer_name,
                100,
                false,
            )?,
            report_symbol: symbol("report_symbol", "Ký hiệu báo cáo", &new.report_symbol)?,
            urging_symbol: symbol(
                "urging_symbol",
                "Ký hiệu công văn đôn đốc",
                &new.urging_symbol,
            )?,
            report_recipients: lines(
                "report_recipients",
                "Nơi nhận báo cáo",
                &new.report_recipients,
            )?,
            urging_recipients: lines(
                "urging_recipients",
                "Nơi nhận công văn đôn đốc",
                &new.urging_recipients,
            )?,
            filed: crate::text::clean("filed", "Lưu", &new.filed, 100, false)?,
            ..new
        };
        Ok(new)
    }
}

impl Store {
    pub fn save_settings(&mut self, actor: &Actor, new: Settings) -> Result<()> {
        let new = new.validated()?;
        let before = self.settings.clone();
        let json = serde_json::to_string(&new).expect("settings serialise");
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('settings', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [&json],
            )?;
            outbox::append(
                tx,
                actor,
                chrono::Utc::now(),
                &Mutation::SaveSettings {
                    settings: new.clone(),
                },
            )?;
            audit::record(
                tx,
                actor,
                "settings",
                None,
                "update",
                Some(&before),
                Some(&new),
            )
        })?;
        self.settings = new;
        Ok(())
    }
}

/// A document symbol: letters, digits and "-" (e.g. "BC-VP"), without the number.
fn symbol(field: &'static str, label: &str, value: &str) -> Result<String> {
    let v = crate::text::clean(field, label, value, 30, false)?;
    if v.chars().any(|c| c.is_whitespace() || c == '/') {
        return Err(CoreError::invalid(
            field,
            format!(
                "{label} chỉ gồm chữ, số và dấu gạch ngang, ví dụ BC-VP (không có số và dấu /)."
            ),
        ));
    }
    Ok(v)
}

/// A list of lines (recipients): each cleaned, empty ones dropped, at most 20.
fn lines(field: &'static str, label: &str, items: &[String]) -> Result<Vec<String>> {
    let out: Vec<String> = items
        .iter()
        .map(|l| crate::text::clean(field, label, l, 200, false))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    if out.len() > 20 {
        return Err(CoreError::invalid(
            field,
            format!("{label}: tối đa 20 dòng."),
        ));
    }
    Ok(out)
}
