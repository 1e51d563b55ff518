//! A printed register (sổ): the office's name top left, the register's name and year
//! centred, a table whose header (column titles, then the column numbers "(1)", "(2)", …
//! as paper registers have them) repeats on every page and whose rows are never split,
//! closing lines, "Trang x/y" at the foot of every page and, for the confidential
//! registers (sổ đăng ký bí mật nhà nước đến/đi, sổ chuyển giao, sổ quản lý sao chụp),
//! the red secrecy stamp at the top right of every page.

use crate::error::{ReportError, Result};
use crate::fonts::{Face, Fonts};
use crate::layout::{
    Align, Column, HeaderCell, Layout, Margins, Orientation, PageNumbering, Para, Row, Table,
    TableOptions, MM, STAMP_RED,
};

pub use crate::nd30::Secrecy;

/// Printed in one row across the table when the register has no entries.
pub const NO_ENTRIES: &str = "Không có mục nào.";

/// Font size of the table's rows (the header is half a point smaller).
const TABLE_SIZE: f32 = 10.0;

/// A column of a register.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerColumn {
    /// Its title in the header, wrapped to the column.
    pub title: String,
    /// Its width; all the columns are scaled down together when they are wider than the
    /// page's text width (252 mm in landscape A4, 165 mm in portrait).
    pub width_mm: f32,
    pub align: Align,
}

impl LedgerColumn {
    pub fn new(title: &str, width_mm: f32, align: Align) -> Self {
        LedgerColumn {
            title: title.into(),
            width_mm,
            align,
        }
    }
}

/// A register to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// Tên cơ quan chủ quản, e.g. "UBND TỈNH QUẢNG TRỊ" (may be empty).
    pub parent_body: String,
    /// Tên cơ quan, e.g. "VĂN PHÒNG": bold, with the short rule under it.
    pub issuing_body: String,
    /// e.g. "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐẾN": bold capitals, centred.
    pub title: String,
    /// e.g. "Năm 2026": italic, centred under the title (may be empty).
    pub subtitle: String,
    /// Độ mật: when set, its stamp ("MẬT", "TỐI MẬT", "TUYỆT MẬT") is printed in red, in a
    /// frame, at the top right of every page.
    pub secrecy: Option<Secrecy>,
    pub orientation: Orientation,
    pub columns: Vec<LedgerColumn>,
    /// The entries, one cell per column (missing trailing cells are blank). A cell may
    /// hold several lines ("\n") and long text, wrapped to its column; an empty cell
    /// under a "Ký nhận" title is where the signature goes.
    pub rows: Vec<Vec<String>>,
    /// Lines printed after the table, e.g. "Sổ này có 12 mục, từ số 1 đến số 12.".
    pub closing: Vec<String>,
    /// Least height of a row in millimetres (room for a signature); 0 for none.
    pub min_row_height_mm: f32,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger {
            parent_body: String::new(),
            issuing_body: String::new(),
            title: String::new(),
            subtitle: String::new(),
            secrecy: None,
            orientation: Orientation::Landscape,
            columns: Vec::new(),
            rows: Vec::new(),
            closing: Vec::new(),
            min_row_height_mm: 0.0,
        }
    }
}

impl Ledger {
    fn validate(&self) -> Result<()> {
        if self.issuing_body.trim().is_empty() {
            return Err(ReportError::Invalid(
                "Chưa nhập tên cơ quan in trên sổ.".into(),
            ));
        }
        if self.title.trim().is_empty() {
            return Err(ReportError::Invalid("Chưa nhập tên sổ.".into()));
        }
        if self.columns.is_empty() {
            return Err(ReportError::Invalid("Sổ chưa có cột nào.".into()));
        }
        if let Some(c) = self
            .columns
            .iter()
            .find(|c| !(c.width_mm.is_finite() && c.width_mm > 0.0))
        {
            return Err(ReportError::Invalid(format!(
                "Cột «{}» của sổ phải rộng hơn 0 mm.",
                c.title
            )));
        }
        if let Some((i, r)) = self
            .rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() > self.columns.len())
        {
            return Err(ReportError::Invalid(format!(
                "Dòng thứ {} của sổ có {} ô, nhiều hơn {} cột của sổ.",
                i + 1,
                r.len(),
                self.columns.len()
            )));
        }
        if !(self.min_row_height_mm.is_finite() && self.min_row_height_mm >= 0.0) {
            return Err(ReportError::Invalid(
                "Chiều cao tối thiểu của dòng phải là một số không âm.".into(),
            ));
        }
        Ok(())
    }
}

/// The widths of the columns in points: as given, or scaled down together to
/// `text_width` when they are wider.
pub fn column_widths(columns: &[LedgerColumn], text_width: f32) -> Vec<f32> {
    let total: f32 = columns.iter().map(|c| c.width_mm * MM).sum();
    let scale = if total > text_width {
        text_width / total
    } else {
        1.0
    };
    columns.iter().map(|c| c.width_mm * MM * scale).collect()
}

/// The table: the titles, the column numbers under them, the entries.
fn table(ledger: &Ledger) -> Table {
    let n = ledger.columns.len();
    let mut header: Vec<HeaderCell> = ledger
        .columns
        .iter()
        .enumerate()
        .map(|(k, c)| HeaderCell::new(c.title.trim(), 0, k))
        .collect();
    header.extend((0..n).map(|k| HeaderCell::new(&format!("({})", k + 1), 1, k)));
    Table {
        columns: ledger
            .columns
            .iter()
            .map(|c| Column {
                weight: c.width_mm,
                align: c.align,
            })
            .collect(),
        header,
        header_rows: 2,
        rows: ledger.rows.iter().map(|r| Row::new(r.clone())).collect(),
        size: TABLE_SIZE,
    }
}

/// Makes the register's PDF.
pub fn render(fonts: &Fonts, ledger: &Ledger) -> Result<Vec<u8>> {
    ledger.validate()?;
    let mut l = Layout::new(
        fonts,
        ledger.title.trim(),
        ledger.orientation,
        Margins::default(),
    );
    l.set_page_numbering(PageNumbering::PageOfTotal);
    if let Some(s) = ledger.secrecy {
        l.stamp_every_page(s.stamp(), STAMP_RED)?;
    }

    // The office, top left, as in the decree's header.
    let body = ledger.issuing_body.trim().to_uppercase();
    let parent = ledger.parent_body.trim().to_uppercase();
    let x0 = l.left();
    let w = l.content_width() * 0.4;
    let mut y = l.y();
    if !parent.is_empty() {
        y += l.para_at(
            &Para::new(&parent, Face::Regular, 12.5).align(Align::Center),
            x0,
            w,
            y,
        )?;
    }
    y += l.para_at(
        &Para::new(&body, Face::Bold, 12.5).align(Align::Center),
        x0,
        w,
        y,
    )?;
    let rw = l.text_width(&body, Face::Bold, 12.5)?.min(w) * 0.45;
    l.rule(
        x0 + w / 2.0 - rw / 2.0,
        x0 + w / 2.0 + rw / 2.0,
        y + 1.5,
        0.6,
    );
    l.set_y(y + 14.0);

    l.para(&Para::new(&ledger.title.trim().to_uppercase(), Face::Bold, 15.0).align(Align::Center))?;
    if ledger.subtitle.trim().is_empty() {
        l.space(10.0);
    } else {
        l.para(
            &Para::new(ledger.subtitle.trim(), Face::Italic, 13.0)
                .align(Align::Center)
                .after(10.0),
        )?;
    }

    let widths = column_widths(&ledger.columns, l.content_width());
    let options = TableOptions {
        min_row_height: ledger.min_row_height_mm * MM,
        width: Some(widths.iter().sum()),
        empty: Some(NO_ENTRIES.into()),
    };
    l.table_with(&table(ledger), &options)?;

    for (i, line) in ledger
        .closing
        .iter()
        .filter(|c| !c.trim().is_empty())
        .enumerate()
    {
        let before = if i == 0 { 8.0 } else { 0.0 };
        l.para(
            &Para::new(line.trim(), Face::Regular, 12.0)
                .before(before)
                .after(2.0),
        )?;
    }
    l.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(w: f32) -> LedgerColumn {
        LedgerColumn::new("x", w, Align::Left)
    }

    #[test]
    fn columns_wider_than_the_page_are_scaled_together() {
        let text = 252.0 * MM;
        let w = column_widths(&[col(100.0), col(180.0)], text);
        assert!((w.iter().sum::<f32>() - text).abs() < 0.01);
        assert!((w[1] / w[0] - 1.8).abs() < 1e-4);
        // Narrower ones keep their widths.
        let w = column_widths(&[col(20.0), col(30.0)], text);
        assert!((w[0] - 20.0 * MM).abs() < 1e-3 && (w[1] - 30.0 * MM).abs() < 1e-3);
    }

    #[test]
    fn a_register_without_columns_or_with_too_many_cells_is_refused() {
        let fonts = Fonts::load();
        let mut l = Ledger {
            issuing_body: "Văn phòng".into(),
            title: "Sổ".into(),
            ..Default::default()
        };
        assert!(render(&fonts, &l).unwrap_err().to_string().contains("cột"));
        l.columns = vec![col(20.0)];
        l.rows = vec![vec!["1".into(), "2".into()]];
        let e = render(&fonts, &l).unwrap_err().to_string();
        assert!(e.contains("Dòng thứ 1"), "{e}");
        l.rows.clear();
        l.columns[0].width_mm = 0.0;
        assert!(matches!(render(&fonts, &l), Err(ReportError::Invalid(_))));
    }
}
