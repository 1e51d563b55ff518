//! The confidential registers printed A4 landscape for signature (`nhiemvu_report::ledger`):
//! every column of the paper form, the header repeated on each page, "Trang x/y", empty
//! columns for the receivers to sign, the highest độ mật of the rows stamped on every page,
//! and the audit chain's head printed at the end so the paper anchors the log.
//!
//! Printing goes to the printer through a pipe (`lp`), so no copy of a register is left
//! in a file; saving one as a PDF is a separate, permitted-only export.

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{DateTime, NaiveDate, Utc};
use nhiemvu_core::model::Secrecy;
use nhiemvu_core::store::Settings;
use nhiemvu_report::documents::count_cells;
use nhiemvu_report::layout::{Align, Orientation};
use nhiemvu_report::ledger::{self, Ledger, LedgerColumn};
use nhiemvu_secret::{
    CopyRecord, Entry, EntryStatus, Handover, Register, SecretError, SecretStatistics, SecretStore,
};
use serde::Deserialize;
use ts_rs::TS;

/// What to print.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SecretPrint {
    /// Sổ đăng ký bí mật nhà nước đến or đi, of one year.
    Register { register: Register, year: i32 },
    /// Sổ chuyển giao of one year.
    Handovers { year: i32 },
    /// Sổ quản lý sao, chụp of one year.
    Copies { year: i32 },
    /// Thống kê nhiệm vụ mật for a period ("2026-Q1", "2026-6T", "2026").
    Statistics {
        period: String,
        as_of: Option<NaiveDate>,
    },
}

/// The bodies named in the header (from the ordinary settings, which are not secret).
pub struct Bodies {
    parent: String,
    issuing: String,
}

impl Bodies {
    pub fn from_settings(s: &Settings) -> Self {
        Bodies {
            parent: s.parent_body.to_uppercase(),
            issuing: s.issuing_body.to_uppercase(),
        }
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn moment(t: DateTime<Utc>) -> String {
    let local = t + chrono::Duration::hours(7);
    local.format("%H:%M %d/%m/%Y").to_string()
}

fn col(title: &str, width_mm: f32, align: Align) -> LedgerColumn {
    LedgerColumn {
        title: title.into(),
        width_mm,
        align,
    }
}

/// The highest level among the rows, for the stamp.
fn highest(levels: impl Iterator<Item = Secrecy>) -> Option<Secrecy> {
    levels.max_by_key(|s| match s {
        Secrecy::Confidential => 1,
        Secrecy::Secret => 2,
        Secrecy::TopSecret => 3,
    })
}

/// The trích yếu as the register prints it: never one that was not approved (tuyệt mật),
/// nor one of an envelope registered from the outside.
fn kind_and_summary(e: &Entry) -> String {
    let summary = match (&e.summary, &e.sealed_for) {
        (_, Some(name)) => {
            format!("Bì «Chỉ người có tên mới được bóc bì» gửi {name} (vào sổ theo bên ngoài bì)")
        }
        (Some(s), None) => s.clone(),
        (None, None) if e.secrecy == Secrecy::TopSecret => {
            "(tuyệt mật: chưa ghi trích yếu, chờ lãnh đạo đồng ý)".into()
        }
        (None, None) => String::new(),
    };
    match (e.doc_kind.trim(), summary.is_empty()) {
        ("", _) => summary,
        (k, true) => k.to_string(),
        (k, false) => format!("{k}: {summary}"),
    }
}

fn status_note(e: &Entry) -> String {
    let mut parts = Vec::new();
    match e.status {
        EntryStatus::Active => {}
        EntryStatus::Cancelled => parts.push(format!(
            "Đã hủy: {}",
            e.cancel_reason.as_deref().unwrap_or("")
        )),
        s => parts.push(s.label().to_string()),
    }
    if let Some(until) = e.protected_until {
        parts.push(format!("Bảo vệ đến {}", date(until)));
    }
    if e.secrecy == Secrecy::TopSecret && e.summary.is_some() {
        if let (Some(by), Some(on)) = (&e.summary_approved_by, e.summary_approved_on) {
            parts.push(format!("Trích yếu: {by} đồng ý ngày {}", date(on)));
        }
    }
    if !e.note.trim().is_empty() {
        parts.push(e.note.clone());
    }
    parts.join("\n")
}

fn closing(count: usize, first: Option<u32>, last: Option<u32>, head: &str) -> Vec<String> {
    let mut lines = vec![match (first, last) {
        (Some(a), Some(b)) => {
            format!("Sổ có {count} mục, từ số {a} đến số {b} (mục đã hủy vẫn giữ số của mình).")
        }
        _ => "Sổ chưa có mục nào.".into(),
    }];
    lines.push(format!(
        "Mã kiểm tra nhật ký: {} — in lúc {}.",
        &head[..16.min(head.len())],
        moment(Utc::now())
    ));
    lines
}

fn ledger_of(bodies: &Bodies, title: &str, subtitle: String) -> Ledger {
    Ledger {
        parent_body: bodies.parent.clone(),
        issuing_body: bodies.issuing.clone(),
        title: title.into(),
        subtitle,
        secrecy: None,
        orientation: Orientation::Landscape,
        columns: Vec::new(),
        rows: Vec::new(),
        closing: Vec::new(),
        min_row_height_mm: 12.0,
    }
}

/// A yearly register: its columns, a row per line, the highest độ mật of the lines
/// stamped, and at the end how many lines and which numbers, with the log's head.
#[allow(clippy::too_many_arguments)]
fn yearly<T>(
    bodies: &Bodies,
    title: &str,
    year: i32,
    columns: Vec<LedgerColumn>,
    items: &[T],
    row: impl Fn(&T) -> Vec<String>,
    number: impl Fn(&T) -> u32,
    level: impl Fn(&T) -> Secrecy,
    head: &str,
) -> Ledger {
    let mut l = ledger_of(bodies, title, format!("Năm {year}"));
    l.columns = columns;
    l.rows = items.iter().map(row).collect();
    l.secrecy = highest(items.iter().map(level));
    l.closing = closing(
        items.len(),
        items.first().map(&number),
        items.last().map(&number),
        head,
    );
    l
}

fn incoming(bodies: &Bodies, year: i32, entries: &[Entry], head: &str) -> Ledger {
    yearly(
        bodies,
        "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐẾN",
        year,
        vec![
            col("Số đến", 12.0, Align::Center),
            col("Ngày đến", 22.0, Align::Center),
            col("Cơ quan ban hành", 28.0, Align::Left),
            col("Số, ký hiệu", 22.0, Align::Left),
            col("Ngày tháng văn bản", 22.0, Align::Center),
            col("Tên loại và trích yếu nội dung", 46.0, Align::Left),
            col("Độ mật", 14.0, Align::Center),
            col("Độ khẩn", 14.0, Align::Center),
            col("Đơn vị, người nhận", 26.0, Align::Left),
            col("Ký nhận", 26.0, Align::Left),
            col("Ghi chú", 20.0, Align::Left),
        ],
        entries,
        |e| {
            vec![
                e.number.to_string(),
                date(e.registered_on),
                e.issuer.clone(),
                e.doc_number.clone(),
                e.doc_date.map(date).unwrap_or_default(),
                kind_and_summary(e),
                e.secrecy.label().into(),
                e.urgency.label().into(),
                e.handler.clone(),
                match (&e.handler_signed_by, e.handler_signed_at) {
                    (Some(by), Some(at)) => format!("{by}\n{}", moment(at)),
                    _ => String::new(),
                },
                status_note(e),
            ]
        },
        |x| x.number,
        |x| x.secrecy,
        head,
    )
}

fn outgoing(bodies: &Bodies, year: i32, entries: &[Entry], head: &str) -> Ledger {
    yearly(
        bodies,
        "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐI",
        year,
        vec![
            col("Số thứ tự", 12.0, Align::Center),
            col("Ngày tháng", 22.0, Align::Center),
            col("Số, ký hiệu", 20.0, Align::Left),
            col("Tên loại và trích yếu nội dung", 40.0, Align::Left),
            col("Độ mật", 14.0, Align::Center),
            col("Độ khẩn", 14.0, Align::Center),
            col("Người ký", 20.0, Align::Left),
            col("Nơi nhận", 28.0, Align::Left),
            col("Ký nhận", 28.0, Align::Left),
            col("Đơn vị lưu", 18.0, Align::Left),
            col("Số lượng bản", 14.0, Align::Center),
            col("Ghi chú", 22.0, Align::Left),
        ],
        entries,
        |e| {
            let places: Vec<String> = e
                .recipients
                .iter()
                .map(|r| format!("{}. {}", r.position, r.recipient))
                .collect();
            let signed: Vec<String> = e
                .recipients
                .iter()
                .map(|r| match (&r.received_by, r.received_at) {
                    (Some(by), Some(at)) => format!("{}. {by}, {}", r.position, moment(at)),
                    _ => format!("{}.", r.position),
                })
                .collect();
            vec![
                e.number.to_string(),
                date(e.doc_date.unwrap_or(e.registered_on)),
                e.doc_number.clone(),
                kind_and_summary(e),
                e.secrecy.label().into(),
                e.urgency.label().into(),
                e.signer.clone(),
                places.join("\n"),
                signed.join("\n"),
                e.keeping_unit.clone(),
                e.copies.map(|c| c.to_string()).unwrap_or_default(),
                status_note(e),
            ]
        },
        |x| x.number,
        |x| x.secrecy,
        head,
    )
}

fn handovers(bodies: &Bodies, year: i32, rows: &[Handover], head: &str) -> Ledger {
    yearly(
        bodies,
        "SỔ CHUYỂN GIAO TÀI LIỆU, VẬT CHỨA BÍ MẬT NHÀ NƯỚC",
        year,
        vec![
            col("Số thứ tự", 12.0, Align::Center),
            col("Thời gian giao", 24.0, Align::Center),
            col("Tài liệu, vật chứa bí mật nhà nước", 60.0, Align::Left),
            col("Độ mật", 14.0, Align::Center),
            col("Số bản", 12.0, Align::Center),
            col("Người giao", 28.0, Align::Left),
            col("Người nhận", 28.0, Align::Left),
            col("Mục đích", 22.0, Align::Left),
            col("Người nhận ký", 30.0, Align::Left),
            col("Ghi chú", 22.0, Align::Left),
        ],
        rows,
        |h| {
            vec![
                h.number.to_string(),
                moment(h.handed_at),
                h.document.clone(),
                h.secrecy.label().into(),
                h.copies.to_string(),
                h.giver.clone(),
                h.receiver.clone(),
                h.purpose.clone(),
                String::new(),
                h.note.clone(),
            ]
        },
        |x| x.number,
        |x| x.secrecy,
        head,
    )
}

fn copies(bodies: &Bodies, year: i32, rows: &[CopyRecord], head: &str) -> Ledger {
    yearly(
        bodies,
        "SỔ QUẢN LÝ SAO, CHỤP TÀI LIỆU, VẬT CHỨA BÍ MẬT NHÀ NƯỚC",
        year,
        vec![
            col("Số thứ tự", 12.0, Align::Center),
            col("Thời gian sao, chụp", 24.0, Align::Center),
            col("Tài liệu, vật chứa bí mật nhà nước", 50.0, Align::Left),
            col("Độ mật", 14.0, Align::Center),
            col("Hình thức", 14.0, Align::Center),
            col("Số bản", 12.0, Align::Center),
            col("Người cho phép", 28.0, Align::Left),
            col("Người sao, chụp", 26.0, Align::Left),
            col("Nơi nhận bản sao, chụp", 28.0, Align::Left),
            col("Người nhận ký", 24.0, Align::Left),
            col("Ghi chú", 16.0, Align::Left),
        ],
        rows,
        |c| {
            vec![
                c.number.to_string(),
                moment(c.made_at),
                c.document.clone(),
                c.secrecy.label().into(),
                c.method.label().into(),
                c.count.to_string(),
                c.authorized_by.clone(),
                c.made_by.clone(),
                c.delivered_to.clone(),
                String::new(),
                c.note.clone(),
            ]
        },
        |x| x.number,
        |x| x.secrecy,
        head,
    )
}

fn statistics(bodies: &Bodies, st: &SecretStatistics, period: &str, head: &str) -> Ledger {
    let label = nhiemvu_report::Period::parse(period)
        .map(|p| p.label())
        .unwrap_or_else(|_| period.to_string());
    let mut l = ledger_of(
        bodies,
        "THỐNG KÊ TÌNH HÌNH THỰC HIỆN NHIỆM VỤ TỪ VĂN BẢN MẬT",
        format!(
            "Nhiệm vụ giao {label} (từ ngày {} đến ngày {}), số liệu tính đến ngày {}",
            date(st.from),
            date(st.to),
            date(st.as_of)
        ),
    );
    l.min_row_height_mm = 0.0;
    l.columns = vec![
        col("STT", 10.0, Align::Center),
        col("Đơn vị chủ trì", 56.0, Align::Left),
        col("Tổng số", 16.0, Align::Center),
        col("Hoàn thành đúng hạn", 20.0, Align::Center),
        col("Hoàn thành quá hạn", 20.0, Align::Center),
        col("Đang thực hiện trong hạn", 22.0, Align::Center),
        col("Chưa hoàn thành quá hạn", 22.0, Align::Center),
        col("Chưa thực hiện", 18.0, Align::Center),
        col("Không thời hạn", 18.0, Align::Center),
        col("Tỷ lệ hoàn thành (%)", 16.0, Align::Center),
        col("Tỷ lệ đúng hạn (%)", 16.0, Align::Center),
        col("Tỷ lệ quá hạn (%)", 16.0, Align::Center),
    ];
    l.rows = st
        .by_unit
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let mut row = vec![(i + 1).to_string(), u.unit_name.clone()];
            row.extend(count_cells(&u.counts));
            row
        })
        .collect();
    let mut total = vec![String::new(), "Tổng cộng".to_string()];
    total.extend(count_cells(&st.total));
    l.rows.push(total);
    // Reported on paper under the secret regime (Gia Lai Đ6.2b).
    l.secrecy = Some(Secrecy::Confidential);
    l.closing = vec![format!(
        "Mã kiểm tra nhật ký: {} — in lúc {}.",
        &head[..16.min(head.len())],
        moment(Utc::now())
    )];
    l
}

/// The PDF of `what`.
pub fn render(
    s: &SecretStore,
    what: &SecretPrint,
    bodies: &Bodies,
    stats: Option<&(SecretStatistics, String)>,
) -> Result<Vec<u8>, SecretError> {
    let head = s.verify()?.head;
    let ledger = match what {
        SecretPrint::Register { register, year } => {
            let entries = s.entries(*register, Some(*year))?;
            match register {
                Register::Incoming => incoming(bodies, *year, &entries, &head),
                Register::Outgoing => outgoing(bodies, *year, &entries, &head),
            }
        }
        SecretPrint::Handovers { year } => {
            handovers(bodies, *year, &s.handovers(Some(*year))?, &head)
        }
        SecretPrint::Copies { year } => copies(bodies, *year, &s.copies(Some(*year))?, &head),
        SecretPrint::Statistics { period, .. } => {
            let (st, _) =
                stats.ok_or_else(|| SecretError::invalid("period", "Thiếu kỳ thống kê."))?;
            statistics(bodies, st, period, &head)
        }
    };
    ledger::render(crate::reports::fonts(), &ledger)
        .map_err(|e| SecretError::Storage(e.to_string()))
}

/// A file name that says which register and year, nothing of its content.
pub fn file_name(what: &SecretPrint) -> String {
    match what {
        SecretPrint::Register {
            register: Register::Incoming,
            year,
        } => format!("Sổ mật đến {year}.pdf"),
        SecretPrint::Register {
            register: Register::Outgoing,
            year,
        } => format!("Sổ mật đi {year}.pdf"),
        SecretPrint::Handovers { year } => format!("Sổ chuyển giao {year}.pdf"),
        SecretPrint::Copies { year } => format!("Sổ sao chụp {year}.pdf"),
        SecretPrint::Statistics { period, .. } => format!("Thống kê nhiệm vụ mật {period}.pdf"),
    }
}

/// Send the PDF to the default printer through a pipe (CUPS `lp`): the job's title says
/// nothing of its content.
pub fn to_printer(pdf: &[u8]) -> Result<(), SecretError> {
    to_printer_with(std::path::Path::new("lp"), pdf)
}

/// The same with another print program (tests use one that keeps what it receives).
pub fn to_printer_with(program: &std::path::Path, pdf: &[u8]) -> Result<(), SecretError> {
    let mut child = Command::new(program)
        .args(["-t", "Nhiệm Vụ", "-o", "media=A4"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            SecretError::Refused(format!(
                "Không gửi được lệnh in: chưa có lệnh «lp» (hệ thống in CUPS) trên máy này ({e}). Cài đặt máy in rồi thử lại."
            ))
        })?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(pdf)
        .map_err(|e| SecretError::Refused(format!("Không gửi được dữ liệu tới máy in: {e}.")))?;
    let out = child
        .wait_with_output()
        .map_err(|e| SecretError::Refused(format!("Lệnh in không chạy xong: {e}.")))?;
    if !out.status.success() {
        return Err(SecretError::Refused(format!(
            "Máy in từ chối: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}
