//! What the user asks for: which document, for which period and unit, and every name,
//! number and title printed on it. [`ReportRequest::defaults`] fills these from the
//! settings; the user edits them before generating.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use nhiemvu_core::model::{Id, Origin, Role, Urgency};
use nhiemvu_core::store::Store;

use crate::error::{ReportError, Result};
use crate::nd30::{Letterhead, Signature};

/// The documents this crate prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportKind {
    /// Báo cáo kết quả thực hiện nhiệm vụ: the office's consolidated report to UBND tỉnh,
    /// or with a unit, that unit's report to the office.
    Periodic,
    /// Công văn đôn đốc: to one unit, its overdue and soon-due tasks.
    Urging,
    /// Sổ theo dõi giải quyết nhiệm vụ: a unit's (or every) task of the period.
    Register,
}

impl ReportKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "periodic" | "bao-cao" => Some(ReportKind::Periodic),
            "urging" | "don-doc" => Some(ReportKind::Urging),
            "register" | "so-theo-doi" => Some(ReportKind::Register),
            _ => None,
        }
    }
}

/// Kỳ báo cáo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Period {
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    /// 6 tháng đầu năm.
    HalfYear {
        year: i32,
    },
    /// 9 tháng.
    NineMonths {
        year: i32,
    },
    Year {
        year: i32,
    },
    /// Đột xuất: any range.
    Range {
        from: NaiveDate,
        to: NaiveDate,
    },
}

impl Period {
    /// "2026-03", "2026-Q1", "2026-6T", "2026-9T", "2026", "2026-01-05..2026-02-10".
    pub fn parse(s: &str) -> Result<Period> {
        let s = s.trim();
        let bad = || {
            ReportError::Invalid(format!(
                "Kỳ báo cáo «{s}» không hợp lệ. Dùng: 2026-03 (tháng), 2026-Q1 (quý), 2026-6T (6 tháng), 2026-9T (9 tháng), 2026 (năm) hoặc 2026-01-05..2026-02-10 (đột xuất)."
            ))
        };
        if let Some((a, b)) = s.split_once("..") {
            let from = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").map_err(|_| bad())?;
            let to = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").map_err(|_| bad())?;
            let p = Period::Range { from, to };
            p.check()?;
            return Ok(p);
        }
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        let p = match rest.map(|r| r.to_uppercase()) {
            None => Period::Year { year },
            Some(r) if r == "6T" || r == "H1" => Period::HalfYear { year },
            Some(r) if r == "9T" => Period::NineMonths { year },
            Some(r) if r.starts_with('Q') => Period::Quarter {
                year,
                quarter: r[1..]
                    .parse()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(bad)?,
            },
            Some(r) => Period::Month {
                year,
                month: r
                    .parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?,
            },
        };
        Ok(p)
    }

    /// Refuse a period that names no real days (the window sends periods as data, not
    /// only as the strings `parse` reads).
    pub fn check(&self) -> Result<()> {
        let year_ok = |y: i32| (2000..=2100).contains(&y);
        let bad = |what: String| Err(ReportError::Invalid(what));
        match *self {
            Period::Range { from, to } => {
                if to < from {
                    return bad("Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu.".into());
                }
                if !year_ok(from.year()) || !year_ok(to.year()) {
                    return bad("Kỳ báo cáo phải nằm trong các năm 2000–2100.".into());
                }
            }
            Period::Month { year, month } if !(1..=12).contains(&month) || !year_ok(year) => {
                return bad(format!("Tháng {month}/{year} không hợp lệ."));
            }
            Period::Quarter { year, quarter } if !(1..=4).contains(&quarter) || !year_ok(year) => {
                return bad(format!("Quý {quarter}/{year} không hợp lệ."));
            }
            Period::HalfYear { year } | Period::NineMonths { year } | Period::Year { year }
                if !year_ok(year) =>
            {
                return bad(format!("Năm {year} không hợp lệ."));
            }
            _ => {}
        }
        Ok(())
    }

    /// First and last day.
    pub fn dates(&self) -> (NaiveDate, NaiveDate) {
        let d = |y: i32, m: u32, day: u32| NaiveDate::from_ymd_opt(y, m, day).expect("valid date");
        let end_of = |y: i32, m: u32| {
            let next = if m == 12 {
                d(y + 1, 1, 1)
            } else {
                d(y, m + 1, 1)
            };
            next.pred_opt().expect("a day before")
        };
        match *self {
            Period::Month { year, month } => (d(year, month, 1), end_of(year, month)),
            Period::Quarter { year, quarter } => {
                let first = (quarter - 1) * 3 + 1;
                (d(year, first, 1), end_of(year, first + 2))
            }
            Period::HalfYear { year } => (d(year, 1, 1), d(year, 6, 30)),
            Period::NineMonths { year } => (d(year, 1, 1), d(year, 9, 30)),
            Period::Year { year } => (d(year, 1, 1), d(year, 12, 31)),
            Period::Range { from, to } => (from, to),
        }
    }

    /// "tháng 3 năm 2026", "quý I năm 2026", "6 tháng đầu năm 2026", …
    pub fn label(&self) -> String {
        match *self {
            Period::Month { year, month } => format!("tháng {month} năm {year}"),
            Period::Quarter { year, quarter } => {
                let roman = ["I", "II", "III", "IV"][(quarter - 1) as usize];
                format!("quý {roman} năm {year}")
            }
            Period::HalfYear { year } => format!("6 tháng đầu năm {year}"),
            Period::NineMonths { year } => format!("9 tháng năm {year}"),
            Period::Year { year } => format!("năm {year}"),
            Period::Range { from, to } => format!(
                "từ ngày {} đến ngày {}",
                from.format("%d/%m/%Y"),
                to.format("%d/%m/%Y")
            ),
        }
    }

    /// The period that holds `today`'s previous month (the default of the report form).
    pub fn last_month(today: NaiveDate) -> Period {
        let (year, month) = if today.month() == 1 {
            (today.year() - 1, 12)
        } else {
            (today.year(), today.month() - 1)
        };
        Period::Month { year, month }
    }
}

/// Everything a document needs; all printed words can be edited before generating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportRequest {
    pub kind: ReportKind,
    pub period: Period,
    /// Statuses are derived as of this date (default: the period's end, or today if
    /// earlier).
    pub as_of: NaiveDate,
    /// The unit: its own report (periodic), the addressee (urging, required), the
    /// register's unit (none: every unit).
    pub unit_id: Option<Id>,
    /// Only QC45 or only QC42 tasks.
    pub origin: Option<Origin>,
    pub letterhead: Letterhead,
    /// Kính gửi.
    pub addressees: Vec<String>,
    /// Nơi nhận, without the "Lưu" line.
    pub recipients: Vec<String>,
    /// What follows "- Lưu:", e.g. "VT, TH".
    pub filed: String,
    pub signature: Signature,
    /// Đề xuất, kiến nghị (periodic report) or the closing request (urging letter).
    pub remarks: String,
    /// Urging letter: the date the unit must report back by.
    pub reply_by: Option<NaiveDate>,
}

impl ReportRequest {
    /// A request filled from the settings and the unit directory.
    pub fn defaults(
        store: &Store,
        kind: ReportKind,
        period: Period,
        unit_id: Option<Id>,
        origin: Option<Origin>,
        today: NaiveDate,
    ) -> Result<ReportRequest> {
        period.check()?;
        let s = store.settings();
        let (_, to) = period.dates();
        let as_of = to.min(today);
        let unit_name = match unit_id {
            Some(id) => Some(
                store
                    .units()?
                    .into_iter()
                    .find(|u| u.id == id)
                    .map(|u| u.name)
                    .ok_or_else(|| ReportError::Invalid("Không tìm thấy đơn vị đã chọn.".into()))?,
            ),
            None => None,
        };
        let office = s.issuing_body.clone();
        let province = if s.province_name.trim().is_empty() {
            String::new()
        } else {
            format!(" tỉnh {}", s.province_name.trim())
        };
        // A unit's own report is issued by the unit, to the office.
        let unit_report = kind == ReportKind::Periodic && unit_name.is_some();
        let issuing = if unit_report {
            unit_name.clone().unwrap_or_default()
        } else {
            office.clone()
        };
        // The unit's report is signed by its head: the unit's leader in the directory
        // when there is one, otherwise left for the user to fill in.
        let signature = if unit_report {
            let leader = store
                .people()?
                .into_iter()
                .find(|p| Some(p.unit_id) == unit_id && p.role == Role::Leader);
            Signature {
                authority: String::new(),
                title: leader
                    .as_ref()
                    .map(|p| p.title.to_uppercase())
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| "GIÁM ĐỐC".into()),
                name: leader.map(|p| p.full_name).unwrap_or_default(),
            }
        } else {
            Signature {
                authority: s.signer_authority.clone(),
                title: s.signer_title.clone(),
                name: s.signer_name.clone(),
            }
        };
        // Số: left blank for the văn thư, who numbers outgoing documents in their own
        // register; the ký hiệu comes from the settings (a unit's own report: its initials).
        let own = |setting: &str, derived: String| {
            if setting.trim().is_empty() {
                derived
            } else {
                setting.trim().to_string()
            }
        };
        let symbol = match kind {
            _ if unit_report => format!("BC-{}", abbreviation(&issuing)),
            ReportKind::Periodic | ReportKind::Register => {
                own(&s.report_symbol, format!("BC-{}", abbreviation(&issuing)))
            }
            ReportKind::Urging => own(&s.urging_symbol, format!("{}-TH", abbreviation(&issuing))),
        };
        let number = format!("      /{symbol}");
        let addressees = match (kind, &unit_name) {
            (ReportKind::Periodic, Some(_)) => vec![office.clone()],
            // Tasks of the Government and the Prime Minister are also reported to the
            // Government Office (DOMAIN.md §6).
            (ReportKind::Periodic, None) if origin == Some(Origin::Qc42) => vec![
                "Văn phòng Chính phủ".into(),
                format!("Ủy ban nhân dân{province}"),
            ],
            (ReportKind::Periodic, None) => vec![format!("Ủy ban nhân dân{province}")],
            (ReportKind::Urging, Some(u)) => vec![u.clone()],
            _ => Vec::new(),
        };
        let as_above = |rest: &[String]| {
            std::iter::once("Như trên".to_string())
                .chain(rest.iter().cloned())
                .collect::<Vec<_>>()
        };
        let recipients = match kind {
            ReportKind::Periodic if unit_report => as_above(&[]),
            ReportKind::Periodic => as_above(&s.report_recipients),
            ReportKind::Urging => as_above(&s.urging_recipients),
            ReportKind::Register => Vec::new(),
        };
        let remarks = match kind {
            ReportKind::Periodic if unit_report => String::new(),
            ReportKind::Periodic => "Đề nghị các cơ quan, đơn vị, địa phương khẩn trương thực hiện các nhiệm vụ quá hạn; trường hợp không thể hoàn thành đúng hạn, báo cáo rõ lý do và đề xuất gia hạn bằng văn bản.".into(),
            ReportKind::Urging => String::new(),
            ReportKind::Register => String::new(),
        };
        let reply_by =
            (kind == ReportKind::Urging).then(|| store.calendar().add_working_days(today, 5));
        Ok(ReportRequest {
            kind,
            period,
            as_of,
            unit_id,
            origin,
            letterhead: Letterhead {
                parent_body: s.parent_body.clone(),
                issuing_body: issuing,
                number,
                place: s.report_place.clone(),
                date: today,
                urgency: Urgency::Normal,
                secrecy: None,
            },
            addressees,
            recipients,
            filed: if s.filed.trim().is_empty() {
                "VT".into()
            } else {
                s.filed.clone()
            },
            signature,
            remarks,
            reply_by,
        })
    }
}

/// "Văn phòng UBND tỉnh" → "VP", "Sở Kế hoạch và Đầu tư" → "SKHĐT": the initials of
/// the body's name for its document symbol (the user edits it where the office uses
/// another).
pub fn abbreviation(body: &str) -> String {
    let name = body.trim();
    if name.to_lowercase().starts_with("văn phòng") {
        return "VP".into();
    }
    name.split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "và" | "tỉnh" | "của"))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .flat_map(|c| c.to_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_span_their_days() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let cases = [
            ("2026-02", d(2026, 2, 1), d(2026, 2, 28), "tháng 2 năm 2026"),
            (
                "2026-Q4",
                d(2026, 10, 1),
                d(2026, 12, 31),
                "quý IV năm 2026",
            ),
            (
                "2026-6T",
                d(2026, 1, 1),
                d(2026, 6, 30),
                "6 tháng đầu năm 2026",
            ),
            ("2026-9T", d(2026, 1, 1), d(2026, 9, 30), "9 tháng năm 2026"),
            ("2026", d(2026, 1, 1), d(2026, 12, 31), "năm 2026"),
            (
                "2026-01-05..2026-02-10",
                d(2026, 1, 5),
                d(2026, 2, 10),
                "từ ngày 05/01/2026 đến ngày 10/02/2026",
            ),
        ];
        for (s, from, to, label) in cases {
            let p = Period::parse(s).unwrap();
            assert_eq!(p.dates(), (from, to), "{s}");
            assert_eq!(p.label(), label);
        }
        for bad in [
            "2026-13",
            "2026-Q5",
            "tháng 3",
            "2026-02-10..2026-01-05",
            "",
        ] {
            let e = Period::parse(bad).unwrap_err();
            assert!(e.to_string().contains("không"), "{bad}: {e}");
        }
    }

    #[test]
    fn symbols_come_from_the_body_s_initials() {
        assert_eq!(abbreviation("Văn phòng UBND tỉnh"), "VP");
        assert_eq!(abbreviation("Sở Kế hoạch và Đầu tư"), "SKHĐT");
    }
}
