//! Reports for signature from the window and the command line: the request's defaults,
//! the PDF, and saving it where the user keeps documents without ever leaving half a file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use nhiemvu_core::model::{Id, Origin, Role};
use nhiemvu_core::timeliness;
use nhiemvu_report::{Fonts, Period, ReportError, ReportKind, ReportRequest};

use crate::Shared;

/// The bundled fonts, parsed once per process.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(Fonts::load)
}

impl Shared {
    /// The request filled from the settings for `kind`, `period` ("2026-Q1", …) and unit.
    pub fn report_defaults(
        &self,
        kind: ReportKind,
        period: &str,
        unit_id: Option<Id>,
        origin: Option<Origin>,
    ) -> Result<ReportRequest, ReportError> {
        let store = self.store();
        let unit_id = scope_unit(&store, kind, unit_id)?;
        let period = Period::parse(period)?;
        ReportRequest::defaults(
            &store,
            kind,
            period,
            unit_id,
            origin,
            timeliness::today_local(),
        )
    }

    /// The PDF the request describes.
    pub fn report_pdf(&self, req: &ReportRequest) -> Result<Vec<u8>, ReportError> {
        let store = self.store();
        let unit_id = scope_unit(&store, req.kind, req.unit_id)?;
        if unit_id != req.unit_id {
            return Err(ReportError::Invalid(
                "Cán bộ của đơn vị chỉ tạo được báo cáo, sổ theo dõi của đơn vị mình.".into(),
            ));
        }
        nhiemvu_report::generate(&store, fonts(), req)
    }
}

/// Who may print what: the office, leaders and admins any document; a unit's staff only
/// their own unit's report and register (an urging letter comes from the office).
fn scope_unit(
    store: &nhiemvu_core::store::Store,
    kind: ReportKind,
    unit_id: Option<Id>,
) -> Result<Option<Id>, ReportError> {
    let Some(profile) = store.profile()? else {
        return Ok(unit_id);
    };
    match profile.person.role {
        Role::Unit => {
            if kind == ReportKind::Urging {
                return Err(ReportError::Invalid(
                    "Công văn đôn đốc do Văn phòng ban hành; cán bộ đơn vị không tạo được.".into(),
                ));
            }
            Ok(Some(profile.unit.id))
        }
        _ => Ok(unit_id),
    }
}

/// "Báo cáo quý I năm 2026.pdf", "Công văn đôn đốc Sở Tư pháp năm 2026.pdf", …
pub fn file_name(req: &ReportRequest, unit_name: Option<&str>) -> String {
    let what = match req.kind {
        ReportKind::Periodic => "Báo cáo",
        ReportKind::Urging => "Công văn đôn đốc",
        ReportKind::Register => "Sổ theo dõi",
    };
    let unit = unit_name.map(|u| format!(" {u}")).unwrap_or_default();
    let name = format!("{what}{unit} {}.pdf", req.period.label());
    // Characters Windows refuses in a file name.
    let name: String = name
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .collect();
    nhiemvu_core::text::nfc(&name)
}

/// The folder reports go to: "Nhiệm Vụ" in the user's Documents (home when there is none).
pub fn reports_dir() -> PathBuf {
    let base = directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(Path::to_path_buf))
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()))
        .unwrap_or_else(std::env::temp_dir);
    base.join("Nhiệm Vụ")
}

/// `dir/name`, or `dir/name (2)`, `(3)`, … when that file exists: a saved report is never
/// overwritten by the next one.
pub fn unused_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}).{ext}")))
        .find(|p| !p.exists())
        .expect("some number is free")
}

/// Writes the file whole or not at all: a temporary file beside it, flushed to disk, then
/// renamed over the target.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let fail = |source| ReportError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = path.with_extension("pdf.tmp");
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// "2026-12-04" for the command line's --date and --as-of.
pub fn parse_date(s: &str) -> Result<NaiveDate, ReportError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        ReportError::Invalid(format!(
            "Ngày «{s}» không hợp lệ: viết theo dạng năm-tháng-ngày, ví dụ 2026-12-04."
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_never_overwrites_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = unused_path(dir.path(), "Báo cáo năm 2026.pdf");
        write_atomically(&a, b"%PDF-1").unwrap();
        let b = unused_path(dir.path(), "Báo cáo năm 2026.pdf");
        assert_eq!(b.file_name().unwrap(), "Báo cáo năm 2026 (2).pdf");
        write_atomically(&b, b"%PDF-2").unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"%PDF-1");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_report_that_cannot_be_written_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("tệp");
        std::fs::write(&blocker, b"x").unwrap();
        let e = write_atomically(&blocker.join("r.pdf"), b"%PDF").unwrap_err();
        assert!(
            e.to_string().starts_with("Không ghi được tệp báo cáo"),
            "{e}"
        );
    }
}
