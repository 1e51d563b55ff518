//! The parts of an administrative document as Decree 30/2020/NĐ-CP (Phụ lục I) places
//! them: the header (tên cơ quan chủ quản, tên cơ quan ban hành with its short rule,
//! "Số: …", Quốc hiệu and Tiêu ngữ with its rule, địa danh and ngày tháng), the document's
//! name and trích yếu, "Kính gửi", "Nơi nhận" and the signature block, and the urgency
//! (độ khẩn) and secrecy (độ mật) stamps.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use nhiemvu_core::model::Urgency;

use crate::error::{ReportError, Result};
use crate::fonts::Face;
use crate::layout::{Align, Layout, Para, Span, MM};

pub use nhiemvu_core::model::Secrecy;

/// The header of the first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Letterhead {
    /// Tên cơ quan chủ quản, e.g. "UBND TỈNH QUẢNG TRỊ" (may be empty).
    pub parent_body: String,
    /// Tên cơ quan ban hành, e.g. "VĂN PHÒNG".
    pub issuing_body: String,
    /// Số, ký hiệu after "Số: ", e.g. "05/BC-VP".
    pub number: String,
    /// Địa danh, e.g. "Quảng Trị".
    pub place: String,
    pub date: NaiveDate,
    /// Độ khẩn stamp; `Normal` prints none.
    pub urgency: Urgency,
    pub secrecy: Option<Secrecy>,
}

/// "Quảng Trị, ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 get a
/// leading zero (NĐ 30/2020 Phụ lục I, mục 6).
pub fn place_and_date(place: &str, date: NaiveDate) -> String {
    let month = if date.month() <= 2 {
        format!("{:02}", date.month())
    } else {
        date.month().to_string()
    };
    format!(
        "{}, ngày {:02} tháng {} năm {}",
        place.trim(),
        date.day(),
        month,
        date.year()
    )
}

/// The signature block: quyền hạn (TM., KT., Q., TL., TUQ. and the authority), chức vụ,
/// room for the signature and seal, họ tên.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Signature {
    /// e.g. "KT. CHÁNH VĂN PHÒNG" or "TM. ỦY BAN NHÂN DÂN"; empty when the head signs.
    pub authority: String,
    /// e.g. "PHÓ CHÁNH VĂN PHÒNG".
    pub title: String,
    pub name: String,
}

/// The prefixes NĐ 30/2020 Điều 13 allows before a signing authority.
pub const AUTHORITY_PREFIXES: [&str; 5] = ["TM.", "KT.", "Q.", "TL.", "TUQ."];

impl Signature {
    pub fn validate(&self) -> Result<()> {
        let a = self.authority.trim();
        let upper = a.to_uppercase();
        if !a.is_empty() && !AUTHORITY_PREFIXES.iter().any(|p| upper.starts_with(p)) {
            return Err(ReportError::Invalid(format!(
                "Dòng thẩm quyền ký «{a}» phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. (Nghị định 30/2020/NĐ-CP, Điều 13), hoặc để trống khi người đứng đầu ký."
            )));
        }
        if self.title.trim().is_empty() {
            return Err(ReportError::Invalid(
                "Chưa nhập chức vụ của người ký.".into(),
            ));
        }
        if self.name.trim().is_empty() {
            return Err(ReportError::Invalid("Chưa nhập họ tên người ký.".into()));
        }
        Ok(())
    }
}

/// "Số: 05/BC-VP"; without a number yet ("/BC-VP"), room is left for the clerk to write
/// it in when the document is signed and registered.
fn number_line(number: &str) -> String {
    let n = number.trim();
    if n.starts_with('/') {
        format!("Số:{}{n}", " ".repeat(9))
    } else {
        format!("Số: {n}")
    }
}

/// Share of the content width the left header column takes.
const LEFT_SHARE: f32 = 0.42;

/// Draws the header of the first page. `subject` is the trích yếu of a công văn, printed
/// under its number ("V/v …"); reports have theirs under the title instead.
pub fn letterhead(l: &mut Layout<'_>, h: &Letterhead, subject: Option<&str>) -> Result<()> {
    if h.issuing_body.trim().is_empty() {
        return Err(ReportError::Invalid(
            "Chưa nhập tên cơ quan ban hành (thiết lập «Cơ quan ban hành báo cáo»).".into(),
        ));
    }
    let top = l.y();
    let x0 = l.left() - 12.0 * MM; // the header may use part of the left margin
    let left_w = (l.content_width() + 12.0 * MM) * LEFT_SHARE;
    let right_x = x0 + left_w;
    let right_w = l.right() - right_x + 5.0 * MM;

    // Left column.
    let mut y = top;
    let parent = h.parent_body.trim().to_uppercase();
    if !parent.is_empty() {
        y += l.para_at(
            &Para::new(&parent, Face::Regular, 12.5).align(Align::Center),
            x0,
            left_w,
            y,
        )?;
    }
    let body = h.issuing_body.trim().to_uppercase();
    y += l.para_at(
        &Para::new(&body, Face::Bold, 12.5).align(Align::Center),
        x0,
        left_w,
        y,
    )?;
    let rule_w = l.text_width(&body, Face::Bold, 12.5)?.min(left_w) * 0.45;
    let cx = x0 + left_w / 2.0;
    l.rule(cx - rule_w / 2.0, cx + rule_w / 2.0, y + 1.5, 0.6);
    y += 6.0;
    y += l.para_at(
        &Para::new(&number_line(&h.number), Face::Regular, 13.0).align(Align::Center),
        x0,
        left_w,
        y,
    )?;
    if let Some(s) = subject {
        y += l.para_at(
            &Para::new(s, Face::Regular, 12.0).align(Align::Center),
            x0,
            left_w,
            y + 2.0,
        )? + 2.0;
    }
    let mut stamps: Vec<&str> = Vec::new();
    if let Some(s) = h.secrecy {
        stamps.push(s.stamp());
    }
    let urgency = h.urgency.label().to_uppercase();
    if h.urgency != Urgency::Normal {
        stamps.push(&urgency);
    }
    for label in stamps {
        y += 4.0;
        y += stamp(l, label, cx, y)?;
    }

    // Right column.
    let mut ry = top;
    let motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    ry += l.para_at(
        &Para::new(motto, Face::Bold, 12.5).align(Align::Center),
        right_x,
        right_w,
        ry,
    )?;
    let slogan = "Độc lập - Tự do - Hạnh phúc";
    ry += l.para_at(
        &Para::new(slogan, Face::Bold, 13.5).align(Align::Center),
        right_x,
        right_w,
        ry,
    )?;
    let sw = l.text_width(slogan, Face::Bold, 13.5)?;
    let rcx = right_x + right_w / 2.0;
    l.rule(rcx - sw / 2.0, rcx + sw / 2.0, ry + 1.5, 0.6);
    ry += 6.0;
    if h.place.trim().is_empty() {
        return Err(ReportError::Invalid(
            "Chưa nhập địa danh ghi ngày tháng (thiết lập «Địa danh»).".into(),
        ));
    }
    ry += l.para_at(
        &Para::new(&place_and_date(&h.place, h.date), Face::Italic, 13.5).align(Align::Center),
        right_x,
        right_w,
        ry,
    )?;
    l.set_y(y.max(ry) + 10.0);
    Ok(())
}

/// A stamp: bold capitals in a frame, centred on `cx`; returns its height.
fn stamp(l: &mut Layout<'_>, label: &str, cx: f32, top: f32) -> Result<f32> {
    let size = 13.0;
    let w = l.text_width(label, Face::Bold, size)? + 8.0;
    let p = Para::new(label, Face::Bold, size).align(Align::Center);
    let h = l.para_at(&p, cx - w / 2.0, w, top + 2.0)? + 4.0;
    l.frame(cx - w / 2.0, top, w, h, 1.0);
    Ok(h)
}

/// The document's name and trích yếu, centred, with the short rule under the summary.
pub fn title(l: &mut Layout<'_>, name: &str, summary: &str) -> Result<()> {
    l.para(&Para::new(&name.to_uppercase(), Face::Bold, 14.0).align(Align::Center))?;
    let summary_para = Para::new(summary, Face::Bold, 14.0).align(Align::Center);
    let width = l.content_width();
    let before = l.y();
    l.para(&summary_para)?;
    let one_line = l.text_width(summary, Face::Bold, 14.0)?.min(width * 0.9);
    let rule = one_line.clamp(width / 3.0, width / 2.0) * 0.6;
    let cx = l.left() + width / 2.0;
    if l.y() > before {
        let y = l.y() + 1.0;
        l.rule(cx - rule / 2.0, cx + rule / 2.0, y, 0.6);
    }
    l.space(10.0);
    Ok(())
}

/// "Kính gửi: …" (one recipient on the line, several as a list under it).
pub fn addressees(l: &mut Layout<'_>, to: &[String]) -> Result<()> {
    let to: Vec<&str> = to
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    match to.as_slice() {
        [] => {}
        [one] => {
            l.para(
                &Para::new(&format!("Kính gửi: {one}."), Face::Regular, 14.0).align(Align::Center),
            )?;
        }
        many => {
            l.para(&Para::new("Kính gửi:", Face::Regular, 14.0).indent(90.0))?;
            let n = many.len();
            for (i, r) in many.iter().enumerate() {
                let end = if i + 1 == n { "." } else { ";" };
                l.para(&Para::new(&format!("- {r}{end}"), Face::Regular, 14.0).indent(150.0))?;
            }
        }
    }
    l.space(8.0);
    Ok(())
}

/// A body paragraph: 14 pt, justified, first line indented 1 cm, 6 pt after.
pub fn body(text: &str) -> Para {
    Para::new(text, Face::Regular, 14.0)
        .align(Align::Justify)
        .indent(10.0 * MM)
        .after(6.0)
}

/// A body paragraph starting with a bold run (a heading inside the text).
pub fn body_heading(text: &str) -> Para {
    Para::spans(vec![Span::new(text, Face::Bold)], 14.0)
        .align(Align::Justify)
        .indent(10.0 * MM)
        .after(6.0)
}

/// "Nơi nhận:" on the left and the signature block on the right, kept on one page.
/// `recipients` are the list's lines; "- Lưu: VT, …" is added from `filed`.
pub fn closing(
    l: &mut Layout<'_>,
    recipients: &[String],
    filed: &str,
    sig: &Signature,
) -> Result<()> {
    sig.validate()?;
    let x0 = l.left();
    let left_w = l.content_width() * 0.45;
    let right_x = x0 + left_w;
    let right_w = l.content_width() - left_w;

    let mut lines: Vec<String> = recipients
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .map(|r| {
            format!(
                "- {};",
                r.trim_start_matches('-')
                    .trim()
                    .trim_end_matches([';', '.'])
            )
        })
        .collect();
    let filed = filed.trim().trim_start_matches('-').trim();
    let filed = filed.strip_prefix("Lưu:").map(str::trim).unwrap_or(filed);
    lines.push(format!(
        "- Lưu: {}.",
        if filed.is_empty() { "VT" } else { filed }.trim_end_matches('.')
    ));
    let list = Para::new(&lines.join("\n"), Face::Regular, 11.0);
    let heading = Para::new("Nơi nhận:", Face::BoldItalic, 12.0);

    let mut sig_paras = Vec::new();
    if !sig.authority.trim().is_empty() {
        sig_paras.push(
            Para::new(&sig.authority.trim().to_uppercase(), Face::Bold, 13.5).align(Align::Center),
        );
    }
    sig_paras
        .push(Para::new(&sig.title.trim().to_uppercase(), Face::Bold, 13.5).align(Align::Center));
    let name = Para::new(sig.name.trim(), Face::Bold, 13.5).align(Align::Center);
    let signing_room = 28.0 * MM;

    let left_h = l.measure(&heading, left_w)? + l.measure(&list, left_w)?;
    let mut right_h = signing_room + l.measure(&name, right_w)?;
    for p in &sig_paras {
        right_h += l.measure(p, right_w)?;
    }
    l.keep(left_h.max(right_h) + 6.0);
    let top = l.y() + 6.0;
    let mut y = top;
    y += l.para_at(&heading, x0, left_w, y)?;
    l.para_at(&list, x0, left_w, y)?;
    let mut ry = top;
    for p in &sig_paras {
        ry += l.para_at(p, right_x, right_w, ry)?;
    }
    ry += signing_room;
    ry += l.para_at(&name, right_x, right_w, ry)?;
    l.set_y(top + left_h.max(ry - top));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_decree_s_way() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            place_and_date("Quảng Trị", d(2026, 1, 5)),
            "Quảng Trị, ngày 05 tháng 01 năm 2026"
        );
        assert_eq!(
            place_and_date("Gia Lai", d(2026, 2, 28)),
            "Gia Lai, ngày 28 tháng 02 năm 2026"
        );
        assert_eq!(
            place_and_date("Đắk Lắk", d(2026, 12, 4)),
            "Đắk Lắk, ngày 04 tháng 12 năm 2026"
        );
        assert_eq!(
            place_and_date("Đắk Lắk", d(2026, 3, 15)),
            "Đắk Lắk, ngày 15 tháng 3 năm 2026"
        );
    }

    #[test]
    fn the_authority_line_must_use_a_decree_prefix() {
        let mut s = Signature {
            authority: "KT. CHÁNH VĂN PHÒNG".into(),
            title: "PHÓ CHÁNH VĂN PHÒNG".into(),
            name: "Nguyễn Văn A".into(),
        };
        s.validate().unwrap();
        s.authority = "Thay mặt UBND".into();
        assert!(s
            .validate()
            .unwrap_err()
            .to_string()
            .contains("TM., KT., Q., TL. hoặc TUQ."));
        s.authority.clear();
        s.validate().unwrap();
    }
}
