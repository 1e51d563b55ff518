//! `nhiemvu report …`: a report for signature from the command line, for automation
//! (a monthly job that prints the consolidated report, say).

use std::path::{Path, PathBuf};

use nhiemvu_core::model::Origin;
use nhiemvu_core::timeliness;
use nhiemvu_report::{Period, ReportError, ReportKind, ReportRequest};

use crate::reports::{fonts, parse_date, write_atomically};
use crate::AppError;

/// The command's arguments as typed.
#[derive(Debug, Clone)]
pub struct Options {
    pub kind: String,
    pub period: String,
    pub out: PathBuf,
    pub unit: Option<String>,
    pub origin: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub as_of: Option<String>,
    pub signer_name: Option<String>,
}

pub fn run(db_path: &Path, o: Options) -> Result<(), AppError> {
    let kind = ReportKind::parse(&o.kind).ok_or_else(|| {
        ReportError::Invalid(format!(
            "Loại báo cáo «{}» không có: dùng periodic (báo cáo định kỳ), urging (công văn đôn đốc) hoặc register (sổ theo dõi).",
            o.kind
        ))
    })?;
    let period = Period::parse(&o.period)?;
    let store = crate::open_existing_store(db_path)?;
    let unit_id = match &o.unit {
        Some(name) => {
            let wanted = nhiemvu_core::text::nfc(name.trim());
            let unit = store
                .units()?
                .into_iter()
                .find(|u| u.name == wanted)
                .ok_or_else(|| {
                    ReportError::Invalid(format!("Không có đơn vị «{wanted}» trong danh bạ."))
                })?;
            Some(unit.id)
        }
        None => None,
    };
    let origin = match &o.origin {
        Some(origin) => Some(Origin::parse(&origin.to_lowercase()).ok_or_else(|| {
            ReportError::Invalid(format!(
                "Nguồn giao «{origin}» không có: dùng qc45 (UBND tỉnh giao) hoặc qc42 (Chính phủ giao)."
            ))
        })?),
        None => None,
    };
    let mut req = ReportRequest::defaults(
        &store,
        kind,
        period,
        unit_id,
        origin,
        timeliness::today_local(),
    )?;
    // The date printed under the national motto; the figures stay as of --as-of (by
    // default the period's end, or today while the period runs).
    if let Some(d) = &o.date {
        req.letterhead.date = parse_date(d)?;
    }
    if let Some(a) = &o.as_of {
        req.as_of = parse_date(a)?;
    }
    if let Some(n) = &o.number {
        req.letterhead.number = n.clone();
    }
    if let Some(n) = &o.signer_name {
        req.signature.name = n.clone();
    }
    if req.signature.name.trim().is_empty() {
        return Err(ReportError::Invalid(
            "Chưa có họ tên người ký: nhập bằng --signer-name \"Họ và tên\" (hoặc thêm lãnh đạo của đơn vị vào danh bạ).".into(),
        )
        .into());
    }
    let started = std::time::Instant::now();
    let pdf = nhiemvu_report::generate(&store, fonts(), &req)?;
    write_atomically(&o.out, &pdf)?;
    let path = std::path::absolute(&o.out).unwrap_or(o.out);
    println!(
        "Đã tạo {}: {} ({} KB, {} ms).",
        match kind {
            ReportKind::Periodic => "báo cáo",
            ReportKind::Urging => "công văn đôn đốc",
            ReportKind::Register => "sổ theo dõi",
        },
        path.display(),
        pdf.len().div_ceil(1024),
        started.elapsed().as_millis()
    );
    Ok(())
}
