//! Our own page layout on printpdf's op API: measured line breaking, justified text,
//! tables whose header repeats on every page, page breaks and page numbers.
//!
//! Coordinates are points, `y` measured down from the top edge of the page (PDF counts up
//! from the bottom; [`Layout`] converts when it emits an op). Every piece of text is placed
//! with an absolute text matrix in its own text section, so nothing depends on where the
//! previous piece left the cursor.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
};

use crate::error::{ReportError, Result};
use crate::fonts::{Face, Fonts};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// Line height as a multiple of the font size (single spacing of Times New Roman).
const LINE: f32 = 1.15;
/// Ascender of Liberation Serif, as a fraction of the size (hhea: 1825/2048).
const ASCENT: f32 = 0.891;
/// Descender (443/2048).
const DESCENT: f32 = 0.216;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Default for Margins {
    /// NĐ 30/2020 Phụ lục I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    fn default() -> Self {
        Margins {
            top: 20.0,
            bottom: 20.0,
            left: 30.0,
            right: 15.0,
        }
    }
}

/// How [`Layout::finish`] numbers the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageNumbering {
    /// NĐ 30/2020: the number alone, centred in the top margin, from page 2 on.
    #[default]
    Nd30,
    /// "Trang x/y" centred in the bottom margin of every page, page 1 included, `y` the
    /// page count (the printed registers, whose pages are signed and counted).
    PageOfTotal,
}

/// A colour, each component from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

/// The red of the secrecy stamps.
pub const STAMP_RED: Colour = Colour {
    r: 0.86,
    g: 0.0,
    b: 0.0,
};

impl Colour {
    fn color(self) -> Color {
        Color::Rgb(Rgb::new(self.r, self.g, self.b, None))
    }
}

/// A label in a frame printed at the top right of every page, in the top margin (the
/// secrecy stamp of a confidential register): bold capitals, text and frame in one colour.
#[derive(Debug, Clone, PartialEq)]
pub struct PageStamp {
    /// [`printable`] text.
    pub label: String,
    /// Font size in points.
    pub size: f32,
    pub colour: Colour,
}

/// Height of a [`PageStamp`]'s frame.
const PAGE_STAMP_HEIGHT: f32 = 8.0 * MM;
/// Room between a [`PageStamp`]'s label and its frame, left and right.
const PAGE_STAMP_PAD: f32 = 3.5 * MM;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Both edges straight; the last line of a paragraph is left-aligned.
    Justify,
}

/// Text as it can be printed: NFC (the fonts have only precomposed Vietnamese letters, and
/// printpdf does no shaping), line ends as `\n`, a tab as a space, and no other control or
/// invisible formatting character, which have no glyph (text pasted into a form carries
/// them, and one would stop the whole report).
pub fn printable(text: &str) -> String {
    let text = nhiemvu_core::text::nfc(text).replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\r' => Some('\n'),
            '\t' => Some(' '),
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A run of text in one face, [`printable`].
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub face: Face,
}

impl Span {
    pub fn new(text: &str, face: Face) -> Self {
        Span {
            text: printable(text),
            face,
        }
    }
}

/// A paragraph: spans wrapped to a width. `\n` in a span starts a new line.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub spans: Vec<Span>,
    pub size: f32,
    pub align: Align,
    /// Indent of the first line, in points.
    pub first_indent: f32,
    /// Space above and below, in points.
    pub space_before: f32,
    pub space_after: f32,
}

impl Para {
    pub fn new(text: &str, face: Face, size: f32) -> Self {
        Para {
            spans: vec![Span::new(text, face)],
            size,
            align: Align::Left,
            first_indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
        }
    }

    pub fn spans(spans: Vec<Span>, size: f32) -> Self {
        Para {
            spans,
            ..Para::new("", Face::Regular, size)
        }
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }

    pub fn indent(mut self, points: f32) -> Self {
        self.first_indent = points;
        self
    }

    pub fn before(mut self, points: f32) -> Self {
        self.space_before = points;
        self
    }

    pub fn after(mut self, points: f32) -> Self {
        self.space_after = points;
        self
    }

    fn line_height(&self) -> f32 {
        self.size * LINE
    }
}

/// One word (or a piece of a word too long for the line) with the space after it.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    face: Face,
    width: f32,
    /// Width of the space that follows, 0 at the end of a span without one.
    space: f32,
}

/// A line ready to draw.
#[derive(Debug, Clone)]
struct LaidLine {
    pieces: Vec<Piece>,
    /// Natural width (without the last piece's trailing space).
    width: f32,
    indent: f32,
    /// The last line of its paragraph (or before a `\n`): never stretched.
    last: bool,
}

/// Breaks a paragraph into lines no wider than `width`.
fn break_lines(fonts: &Fonts, p: &Para, width: f32) -> Result<Vec<LaidLine>> {
    // Words with their trailing spaces; `None` marks a forced break.
    let mut words: Vec<Option<Piece>> = Vec::new();
    for span in &p.spans {
        let space = fonts.width(span.face, p.size, " ")?;
        for (i, segment) in span.text.split('\n').enumerate() {
            if i > 0 {
                words.push(None);
            }
            let mut parts = segment.split(' ').peekable();
            while let Some(w) = parts.next() {
                let followed = parts.peek().is_some();
                if w.is_empty() {
                    // Two spaces in a row, or a span starting with one: keep the gap.
                    if followed || segment.ends_with(' ') {
                        if let Some(Some(prev)) = words.last_mut() {
                            prev.space += space;
                            continue;
                        }
                    }
                    continue;
                }
                words.push(Some(Piece {
                    text: w.to_string(),
                    face: span.face,
                    width: fonts.width(span.face, p.size, w)?,
                    space: if followed { space } else { 0.0 },
                }));
            }
        }
    }

    let mut lines = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut used = 0.0f32; // width including trailing spaces of all but the last piece
    let mut indent = p.first_indent;
    let flush = |current: &mut Vec<Piece>, lines: &mut Vec<LaidLine>, indent: f32, last: bool| {
        let width = line_width(current);
        lines.push(LaidLine {
            pieces: std::mem::take(current),
            width,
            indent,
            last,
        });
    };
    for w in words {
        let Some(mut w) = w else {
            flush(&mut current, &mut lines, indent, true);
            used = 0.0;
            indent = 0.0;
            continue;
        };
        let avail = width - indent;
        let before = current.last().map(|l| l.space).unwrap_or(0.0);
        if !current.is_empty() && used + before + w.width > avail + 0.01 {
            flush(&mut current, &mut lines, indent, false);
            used = 0.0;
            indent = 0.0;
        }
        let avail = width - indent;
        // A word wider than the whole line: cut it where it must be cut.
        while current.is_empty() && w.width > avail + 0.01 {
            let (head, tail) = split_word(fonts, p.size, &w, avail)?;
            current.push(head);
            flush(&mut current, &mut lines, indent, false);
            indent = 0.0;
            w = tail;
        }
        let before = current.last().map(|l| l.space).unwrap_or(0.0);
        used += before + w.width;
        current.push(w);
    }
    if !current.is_empty() || lines.is_empty() {
        flush(&mut current, &mut lines, indent, true);
    } else if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    Ok(lines)
}

fn line_width(pieces: &[Piece]) -> f32 {
    let n = pieces.len();
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| p.width + if i + 1 < n { p.space } else { 0.0 })
        .sum()
}

/// The longest head of `w` that fits in `avail` (at least one character), and the rest.
fn split_word(fonts: &Fonts, size: f32, w: &Piece, avail: f32) -> Result<(Piece, Piece)> {
    let chars: Vec<char> = w.text.chars().collect();
    let mut cut = 1;
    let mut head_width = 0.0;
    for n in 1..chars.len() {
        let head: String = chars[..n].iter().collect();
        let hw = fonts.width(w.face, size, &head)?;
        if hw > avail {
            break;
        }
        cut = n;
        head_width = hw;
    }
    // A document number ("25/2025/QĐ-UBND") reads best cut after a slash or a hyphen.
    if let Some(n) = (2..=cut).rev().find(|&n| matches!(chars[n - 1], '/' | '-')) {
        if n < chars.len() {
            cut = n;
            head_width = fonts.width(w.face, size, &chars[..n].iter().collect::<String>())?;
        }
    }
    if head_width == 0.0 {
        head_width = fonts.width(w.face, size, &chars[..1].iter().collect::<String>())?;
    }
    let tail: String = chars[cut..].iter().collect();
    Ok((
        Piece {
            text: chars[..cut].iter().collect(),
            face: w.face,
            width: head_width,
            space: 0.0,
        },
        Piece {
            width: fonts.width(w.face, size, &tail)?,
            text: tail,
            face: w.face,
            space: w.space,
        },
    ))
}

/// A table column: relative width and how its cells align.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub weight: f32,
    pub align: Align,
}

/// A header cell placed on the header grid (spans for the two-level headers of the
/// statistics tables).
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderCell {
    pub text: String,
    pub row: usize,
    pub col: usize,
    pub col_span: usize,
    pub row_span: usize,
}

impl HeaderCell {
    pub fn new(text: &str, row: usize, col: usize) -> Self {
        HeaderCell {
            text: printable(text),
            row,
            col,
            col_span: 1,
            row_span: 1,
        }
    }
    pub fn span(mut self, cols: usize, rows: usize) -> Self {
        self.col_span = cols;
        self.row_span = rows;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    /// A totals row: bold.
    pub bold: bool,
}

impl Row {
    pub fn new(cells: Vec<String>) -> Self {
        Row {
            cells: cells.into_iter().map(|c| printable(&c)).collect(),
            bold: false,
        }
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub header: Vec<HeaderCell>,
    pub header_rows: usize,
    pub rows: Vec<Row>,
    pub size: f32,
}

/// What [`Layout::table_with`] may change from [`Layout::table`]'s defaults.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableOptions {
    /// Least height of a body row, in points (room for a signature); 0 for none. Never
    /// more than a page holds under the header.
    pub min_row_height: f32,
    /// Width of the whole table in points, centred in the content width; `None` (or more
    /// than the content width) for the content width. Column weights share it.
    pub width: Option<f32>,
    /// Printed in one row across all the columns when the table has no rows.
    pub empty: Option<String>,
}

/// Inner padding of a table cell, in points.
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 2.5;

/// A document being laid out, page by page.
pub struct Layout<'f> {
    fonts: &'f Fonts,
    doc: PdfDocument,
    font_ids: Vec<FontId>,
    width: f32,
    height: f32,
    margins: Margins,
    /// Each page's size and drawing ops; the last one is being filled.
    pages: Vec<(f32, f32, Vec<Op>)>,
    y: f32,
    numbering: PageNumbering,
    page_stamp: Option<PageStamp>,
}

fn size_of(orientation: Orientation) -> (f32, f32) {
    match orientation {
        Orientation::Portrait => (210.0 * MM, 297.0 * MM),
        Orientation::Landscape => (297.0 * MM, 210.0 * MM),
    }
}

impl<'f> Layout<'f> {
    pub fn new(fonts: &'f Fonts, title: &str, orientation: Orientation, margins: Margins) -> Self {
        let mut doc = PdfDocument::new(title);
        let font_ids = Face::ALL
            .iter()
            .map(|f| {
                let parsed = ParsedFont::from_bytes(f.bytes(), 0, &mut Vec::new())
                    .expect("bundled font parses");
                doc.add_font(&parsed)
            })
            .collect();
        let (width, height) = size_of(orientation);
        Layout {
            fonts,
            doc,
            font_ids,
            width,
            height,
            margins,
            pages: vec![(width, height, Vec::new())],
            y: margins.top * MM,
            numbering: PageNumbering::default(),
            page_stamp: None,
        }
    }

    /// How [`Layout::finish`] numbers the pages (NĐ 30 style unless set).
    pub fn set_page_numbering(&mut self, numbering: PageNumbering) {
        self.numbering = numbering;
    }

    /// Prints `label` in a frame at the top right of every page, in the top margin, bold,
    /// text and frame in `colour` (the secrecy stamp of a confidential register). The
    /// label goes through [`printable`]; a character the font lacks is an error.
    pub fn stamp_every_page(&mut self, label: &str, colour: Colour) -> Result<()> {
        let label = printable(label).trim().to_string();
        if label.is_empty() {
            return Err(ReportError::Invalid(
                "Dấu in trên mỗi trang không có chữ.".into(),
            ));
        }
        self.fonts.check(Face::Bold, &label)?;
        self.page_stamp = Some(PageStamp {
            label,
            size: 13.0,
            colour,
        });
        Ok(())
    }

    pub fn fonts(&self) -> &Fonts {
        self.fonts
    }
    pub fn left(&self) -> f32 {
        self.margins.left * MM
    }
    pub fn right(&self) -> f32 {
        self.width - self.margins.right * MM
    }
    pub fn content_width(&self) -> f32 {
        self.right() - self.left()
    }
    fn top(&self) -> f32 {
        self.margins.top * MM
    }
    fn bottom(&self) -> f32 {
        self.height - self.margins.bottom * MM
    }
    pub fn y(&self) -> f32 {
        self.y
    }
    pub fn set_y(&mut self, y: f32) {
        self.y = y;
    }
    pub fn space(&mut self, points: f32) {
        self.y += points;
    }
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self) {
        self.pages.push((self.width, self.height, Vec::new()));
        self.y = self.top();
    }

    /// Starts a page turned the other way from here on (a wide appendix in landscape).
    pub fn new_page_turned(&mut self, orientation: Orientation) {
        (self.width, self.height) = size_of(orientation);
        self.new_page();
    }

    /// Starts a new page unless `height` more points fit on this one.
    pub fn keep(&mut self, height: f32) {
        if self.y + height > self.bottom() + 0.01 && self.y > self.top() + 0.01 {
            self.new_page();
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.pages.last_mut().expect("a page").2
    }

    /// Height of `p` wrapped to `width`, spacing included.
    pub fn measure(&self, p: &Para, width: f32) -> Result<f32> {
        let lines = break_lines(self.fonts, p, width)?;
        Ok(p.space_before + lines.len() as f32 * p.line_height() + p.space_after)
    }

    /// Flows a paragraph across the content width, breaking pages between lines.
    pub fn para(&mut self, p: &Para) -> Result<()> {
        let lines = break_lines(self.fonts, p, self.content_width())?;
        let lh = p.line_height();
        self.y += p.space_before;
        let (x, w) = (self.left(), self.content_width());
        for line in &lines {
            self.keep(lh);
            let top = self.y;
            self.draw_line(line, p, x, w, top);
            self.y += lh;
        }
        self.y += p.space_after;
        Ok(())
    }

    /// Places a paragraph in a box on the current page without moving the flow; returns
    /// its height.
    pub fn para_at(&mut self, p: &Para, x: f32, width: f32, top: f32) -> Result<f32> {
        let lines = break_lines(self.fonts, p, width)?;
        let lh = p.line_height();
        let mut y = top + p.space_before;
        for line in &lines {
            self.draw_line(line, p, x, width, y);
            y += lh;
        }
        Ok(y + p.space_after - top)
    }

    /// Width of text in one face (for rules under a header line).
    pub fn text_width(&self, text: &str, face: Face, size: f32) -> Result<f32> {
        self.fonts.width(face, size, &printable(text))
    }

    fn handle(&self, face: Face) -> PdfFontHandle {
        PdfFontHandle::External(self.font_ids[face.index()].clone())
    }

    fn draw_line(&mut self, line: &LaidLine, p: &Para, x: f32, width: f32, top: f32) {
        if line.pieces.is_empty() {
            return;
        }
        let avail = width - line.indent;
        let gaps = line.pieces.len().saturating_sub(1);
        let (start, extra) = match p.align {
            Align::Left => (0.0, 0.0),
            Align::Center => ((avail - line.width) / 2.0, 0.0),
            Align::Right => (avail - line.width, 0.0),
            Align::Justify if !line.last && gaps > 0 => {
                (0.0, ((avail - line.width) / gaps as f32).max(0.0))
            }
            Align::Justify => (0.0, 0.0),
        };
        let lh = p.line_height();
        let baseline = top + (lh - (ASCENT + DESCENT) * p.size) / 2.0 + ASCENT * p.size;
        let origin_x = x + line.indent + start.max(0.0);
        let mut ops = vec![
            Op::StartTextSection,
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(origin_x), Pt(self.height - baseline)),
            },
        ];
        let mut face: Option<Face> = None;
        let mut items: Vec<TextItem> = Vec::new();
        let n = line.pieces.len();
        for (i, piece) in line.pieces.iter().enumerate() {
            if face != Some(piece.face) {
                if !items.is_empty() {
                    ops.push(Op::ShowText {
                        items: std::mem::take(&mut items),
                    });
                }
                ops.push(Op::SetFont {
                    font: self.handle(piece.face),
                    size: Pt(p.size),
                });
                face = Some(piece.face);
            }
            let more = i + 1 < n;
            if more && piece.space > 0.0 {
                // The space glyph (so copied text has its spaces), then any extra gap:
                // TJ offsets are thousandths of the size, negative to the right. A
                // double space is drawn as one space plus the difference.
                items.push(TextItem::Text(format!("{} ", piece.text)));
                let one = self
                    .fonts
                    .width(piece.face, p.size, " ")
                    .unwrap_or(piece.space);
                let gap = piece.space - one + extra;
                if gap.abs() > 0.001 {
                    items.push(TextItem::Offset(-gap * 1000.0 / p.size));
                }
            } else {
                items.push(TextItem::Text(piece.text.clone()));
                if more && extra > 0.0 {
                    items.push(TextItem::Offset(-extra * 1000.0 / p.size));
                }
            }
        }
        if !items.is_empty() {
            ops.push(Op::ShowText { items });
        }
        ops.push(Op::EndTextSection);
        self.ops().extend(ops);
    }

    /// A horizontal rule from `x1` to `x2` at `y` (points from the top).
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        let h = self.height;
        let ops = self.ops();
        ops.push(Op::SetOutlineColor {
            col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, h - y), point(x2, h - y)],
                is_closed: false,
            },
        });
    }

    /// A rectangle's outline (the stamps).
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, thickness: f32) {
        let ph = self.height;
        let ops = self.ops();
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    point(x, ph - y),
                    point(x + w, ph - y),
                    point(x + w, ph - y - h),
                    point(x, ph - y - h),
                ],
                is_closed: true,
            },
        });
    }

    fn vline(&mut self, x: f32, y1: f32, y2: f32) {
        let h = self.height;
        self.ops().push(Op::DrawLine {
            line: Line {
                points: vec![point(x, h - y1), point(x, h - y2)],
                is_closed: false,
            },
        });
    }

    /// Draws a table across the content width. The header row(s) repeat at the top of
    /// every page the table reaches; a row moves whole to the next page when it does not
    /// fit, and only a row taller than a whole page is split, between its lines.
    pub fn table(&mut self, t: &Table) -> Result<()> {
        self.table_with(t, &TableOptions::default())
    }

    /// [`Layout::table`] with a least row height, a narrower width or a line for an empty
    /// table.
    pub fn table_with(&mut self, t: &Table, opts: &TableOptions) -> Result<()> {
        let total: f32 = t.columns.iter().map(|c| c.weight).sum();
        let content = self.content_width();
        let width = opts.width.map_or(content, |w| w.min(content));
        let mut xs = vec![self.left() + (content - width) / 2.0];
        for c in &t.columns {
            let last = *xs.last().expect("x");
            xs.push(last + width * c.weight / total);
        }
        let lh = t.size * LINE;

        // Header: each grid row as tall as its tallest single-row cell, spanning cells
        // grow the last row they cover.
        // Header text a little smaller than the rows, as the decree's samples are set.
        let header_para =
            |text: &str| Para::new(text, Face::Bold, t.size - 0.5).align(Align::Center);
        let mut row_heights = vec![lh + 2.0 * PAD_Y; t.header_rows];
        for pass in 0..2 {
            for c in &t.header {
                let w = xs[c.col + c.col_span] - xs[c.col] - 2.0 * PAD_X;
                let need = self.measure(&header_para(&c.text), w)? + 2.0 * PAD_Y;
                let rows = c.row..c.row + c.row_span;
                let have: f32 = row_heights[rows.clone()].iter().sum();
                let this_pass = (pass == 0 && c.row_span == 1) || (pass == 1 && c.row_span > 1);
                if this_pass && need > have {
                    row_heights[rows.end - 1] += need - have;
                }
            }
        }
        let header_height: f32 = row_heights.iter().sum();
        let row_tops: Vec<f32> = row_heights
            .iter()
            .scan(0.0, |acc, h| {
                let top = *acc;
                *acc += h;
                Some(top)
            })
            .collect();

        let draw_header = |l: &mut Layout<'_>| -> Result<()> {
            let top = l.y;
            l.ops().push(Op::SetOutlineThickness { pt: Pt(0.5) });
            for c in &t.header {
                let x1 = xs[c.col];
                let x2 = xs[c.col + c.col_span];
                let y1 = top + row_tops[c.row];
                let y2 = y1 + row_heights[c.row..c.row + c.row_span].iter().sum::<f32>();
                let p = header_para(&c.text);
                let h = l.measure(&p, x2 - x1 - 2.0 * PAD_X)?;
                // Vertically centred in its box.
                l.para_at(
                    &p,
                    x1 + PAD_X,
                    x2 - x1 - 2.0 * PAD_X,
                    y1 + (y2 - y1 - h) / 2.0,
                )?;
                l.frame(x1, y1, x2 - x1, y2 - y1, 0.5);
            }
            l.y = top + header_height;
            Ok(())
        };

        // A least row height, but never more than a page holds under the header.
        let min_h = opts
            .min_row_height
            .min(self.bottom() - self.top() - header_height)
            .max(0.0);
        self.keep(header_height + (lh + 2.0 * PAD_Y).max(min_h));
        draw_header(self)?;
        if let (true, Some(text)) = (t.rows.is_empty(), &opts.empty) {
            let p = Para::new(text, Face::Italic, t.size).align(Align::Center);
            let (x1, x2) = (xs[0], xs[xs.len() - 1]);
            let height = self.measure(&p, x2 - x1 - 2.0 * PAD_X)? + 2.0 * PAD_Y;
            if self.y + height > self.bottom() + 0.01 {
                self.new_page();
                draw_header(self)?;
            }
            let top = self.y;
            self.para_at(&p, x1 + PAD_X, x2 - x1 - 2.0 * PAD_X, top + PAD_Y)?;
            self.ops().push(Op::SetOutlineThickness { pt: Pt(0.5) });
            self.rule(x1, x2, top + height, 0.5);
            self.vline(x1, top, top + height);
            self.vline(x2, top, top + height);
            self.y = top + height;
        }
        for row in &t.rows {
            let face = if row.bold { Face::Bold } else { Face::Regular };
            let mut cells = Vec::with_capacity(t.columns.len());
            for (k, col) in t.columns.iter().enumerate() {
                let text = row.cells.get(k).map(String::as_str).unwrap_or("");
                let p = Para::new(text, face, t.size).align(col.align);
                let lines = break_lines(self.fonts, &p, xs[k + 1] - xs[k] - 2.0 * PAD_X)?;
                cells.push((p, lines));
            }
            let mut done = 0usize; // lines already drawn (a split row)
            let rows_lines = cells.iter().map(|(_, l)| l.len()).max().unwrap_or(1).max(1);
            while done < rows_lines {
                let left = rows_lines - done;
                let room = ((self.bottom() - self.y - 2.0 * PAD_Y) / lh)
                    .floor()
                    .max(0.0) as usize;
                let fits_whole_page = {
                    let page = self.bottom() - self.top() - header_height - 2.0 * PAD_Y;
                    (page / lh).floor() as usize
                };
                // A least height applies to a row's last (or only) piece.
                let min_fits = min_h <= 0.0 || self.y + min_h <= self.bottom() + 0.01;
                let take = if left <= room && min_fits {
                    left
                } else if left <= fits_whole_page || room == 0 {
                    // Move the rest of the row to a fresh page under a new header.
                    self.new_page();
                    draw_header(self)?;
                    continue;
                } else {
                    room.min(left)
                };
                let top = self.y;
                let mut height = take as f32 * lh + 2.0 * PAD_Y;
                if take == left {
                    height = height.max(min_h);
                }
                for (k, (p, lines)) in cells.iter().enumerate() {
                    let x = xs[k] + PAD_X;
                    let w = xs[k + 1] - xs[k] - 2.0 * PAD_X;
                    for (i, line) in lines.iter().enumerate().skip(done).take(take) {
                        let y = top + PAD_Y + (i - done) as f32 * lh;
                        self.draw_line(line, p, x, w, y);
                    }
                }
                self.ops().push(Op::SetOutlineThickness { pt: Pt(0.5) });
                self.rule(xs[0], xs[xs.len() - 1], top + height, 0.5);
                for &x in &xs {
                    self.vline(x, top, top + height);
                }
                self.y = top + height;
                done += take;
                if done < rows_lines {
                    self.new_page();
                    draw_header(self)?;
                }
            }
        }
        Ok(())
    }

    /// Numbers the pages (from 2 on, centred in the top margin, as NĐ 30/2020 has it, or as
    /// [`Layout::set_page_numbering`] chose), adds the stamp of every page, and writes the
    /// PDF.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        let count = self.pages.len();
        if let Some(stamp) = self.page_stamp.take() {
            for i in 0..count {
                let ops = self.page_stamp_ops(&stamp, self.pages[i].0, self.pages[i].1)?;
                self.pages[i].2.extend(ops);
            }
        }
        if self.numbering == PageNumbering::PageOfTotal {
            let size = 12.0;
            for i in 0..count {
                let text = format!("Trang {}/{count}", i + 1);
                let w = self.fonts.width(Face::Regular, size, &text)?;
                let (pw, ph) = (self.pages[i].0, self.pages[i].1);
                let centre = (self.margins.left * MM + pw - self.margins.right * MM) / 2.0;
                // Centred in the bottom margin, as the NĐ 30 number is in the top one.
                let baseline = ph - self.margins.bottom * MM / 2.0 + size * 0.35;
                let font = self.handle(Face::Regular);
                self.pages[i]
                    .2
                    .extend(text_ops(font, size, centre - w / 2.0, ph - baseline, text));
            }
            return self.save();
        }
        let size = 13.0;
        for i in 1..count {
            let text = (i + 1).to_string();
            let w = self.fonts.width(Face::Regular, size, &text)?;
            let (pw, ph) = (self.pages[i].0, self.pages[i].1);
            let centre = (self.margins.left * MM + pw - self.margins.right * MM) / 2.0;
            let x = centre - w / 2.0;
            let baseline = self.top() / 2.0 + size * 0.35;
            let font = self.handle(Face::Regular);
            self.pages[i].2.extend([
                Op::StartTextSection,
                Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x), Pt(ph - baseline)),
                },
                Op::SetFont {
                    font,
                    size: Pt(size),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text)],
                },
                Op::EndTextSection,
            ]);
        }
        self.save()
    }

    /// The ops of a [`PageStamp`] on a page `pw` × `ph` points: right-aligned with the
    /// content, centred in the top margin, in its own graphics state.
    fn page_stamp_ops(&self, stamp: &PageStamp, pw: f32, ph: f32) -> Result<Vec<Op>> {
        let size = stamp.size;
        let tw = self.fonts.width(Face::Bold, size, &stamp.label)?;
        let (w, h) = (tw + 2.0 * PAGE_STAMP_PAD, PAGE_STAMP_HEIGHT);
        let x = pw - self.margins.right * MM - w;
        let top = (self.margins.top * MM - h) / 2.0;
        let baseline = top + (h - (ASCENT + DESCENT) * size) / 2.0 + ASCENT * size;
        let colour = stamp.colour.color();
        let mut ops = vec![
            Op::SaveGraphicsState,
            Op::SetFillColor {
                col: colour.clone(),
            },
            Op::SetOutlineColor { col: colour },
            Op::SetOutlineThickness { pt: Pt(1.0) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        point(x, ph - top),
                        point(x + w, ph - top),
                        point(x + w, ph - top - h),
                        point(x, ph - top - h),
                    ],
                    is_closed: true,
                },
            },
        ];
        ops.extend(text_ops(
            self.handle(Face::Bold),
            size,
            x + PAGE_STAMP_PAD,
            ph - baseline,
            stamp.label.clone(),
        ));
        ops.push(Op::RestoreGraphicsState);
        Ok(ops)
    }

    fn save(mut self) -> Result<Vec<u8>> {
        let pages: Vec<PdfPage> = std::mem::take(&mut self.pages)
            .into_iter()
            .map(|(w, h, ops)| PdfPage::new(Mm(w / MM), Mm(h / MM), ops))
            .collect();
        self.doc.with_pages(pages);
        let mut warnings = Vec::new();
        let bytes = self.doc.save(&PdfSaveOptions::default(), &mut warnings);
        if bytes.is_empty() {
            return Err(ReportError::Invalid(
                "Không tạo được tệp PDF (thư viện printpdf không trả về dữ liệu).".into(),
            ));
        }
        Ok(bytes)
    }
}

/// One piece of text at `(x, y)` in PDF coordinates (points, `y` up from the bottom).
fn text_ops(font: PdfFontHandle, size: f32, x: f32, y: f32, text: String) -> [Op; 5] {
    [
        Op::StartTextSection,
        Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(y)),
        },
        Op::SetFont {
            font,
            size: Pt(size),
        },
        Op::ShowText {
            items: vec![TextItem::Text(text)],
        },
        Op::EndTextSection,
    ]
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(lines: &[LaidLine]) -> Vec<f32> {
        lines.iter().map(|l| l.width).collect()
    }

    #[test]
    fn lines_never_exceed_the_width_and_keep_every_word() {
        let fonts = Fonts::load();
        let text = "Ủy ban nhân dân tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các sở, ngành liên quan tham mưu xây dựng kế hoạch phát triển kinh tế - xã hội năm 2027.";
        let p = Para::new(text, Face::Regular, 13.0).indent(28.0);
        for width in [120.0, 200.0, 450.0] {
            let lines = break_lines(&fonts, &p, width).unwrap();
            for l in &lines {
                assert!(l.width + l.indent <= width + 0.01, "{} > {width}", l.width);
            }
            let words: Vec<String> = lines
                .iter()
                .flat_map(|l| l.pieces.iter().map(|p| p.text.clone()))
                .collect();
            assert_eq!(words.join(" "), text);
            assert!(lines.last().unwrap().last);
        }
        assert!(widths(&break_lines(&fonts, &p, 450.0).unwrap()).len() < 4);
    }

    #[test]
    fn pasted_control_characters_never_reach_the_fonts() {
        let fonts = Fonts::load();
        let pasted = "Khó khăn:\tthiếu vốn\r\nĐề xuất:\u{200B} gia hạn\u{0007}\rHết";
        assert_eq!(
            printable(pasted),
            "Khó khăn: thiếu vốn\nĐề xuất: gia hạn\nHết"
        );
        // Laid out and measured without a missing glyph.
        let p = Para::new(pasted, Face::Regular, 13.0);
        let lines = break_lines(&fonts, &p, 450.0).unwrap();
        assert_eq!(lines.len(), 3);
        let row = Row::new(vec!["a\tb".into()]);
        assert_eq!(row.cells[0], "a b");
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let fonts = Fonts::load();
        let p = Para::new(
            "ab https://congbao.chinhphu.vn/van-ban/nghi-dinh-30-2020",
            Face::Regular,
            12.0,
        );
        let lines = break_lines(&fonts, &p, 60.0).unwrap();
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(l.width <= 60.01);
        }
        let joined: String = lines
            .iter()
            .flat_map(|l| l.pieces.iter().map(|p| p.text.as_str()))
            .collect();
        assert_eq!(
            joined,
            "abhttps://congbao.chinhphu.vn/van-ban/nghi-dinh-30-2020"
        );
    }

    #[test]
    fn a_document_number_is_cut_after_its_slash() {
        let fonts = Fonts::load();
        let p = Para::new("25/2025/QĐ-UBND", Face::Regular, 10.0);
        let full = fonts.width(Face::Regular, 10.0, "25/2025/QĐ-UBND").unwrap();
        let lines = break_lines(&fonts, &p, full - 2.0).unwrap();
        let texts: Vec<&str> = lines.iter().map(|l| l.pieces[0].text.as_str()).collect();
        assert_eq!(texts, ["25/2025/QĐ-", "UBND"]);
    }

    #[test]
    fn a_page_stamp_must_have_printable_text() {
        let fonts = Fonts::load();
        let mut l = Layout::new(&fonts, "t", Orientation::Portrait, Margins::default());
        assert!(matches!(
            l.stamp_every_page("MẬT ✅", STAMP_RED),
            Err(ReportError::MissingGlyph { .. })
        ));
        assert!(matches!(
            l.stamp_every_page(" \u{200B}", STAMP_RED),
            Err(ReportError::Invalid(_))
        ));
        l.stamp_every_page("TỐI MẬT", STAMP_RED).unwrap();
        assert_eq!(l.numbering, PageNumbering::Nd30);
    }

    #[test]
    fn forced_breaks_start_new_lines() {
        let fonts = Fonts::load();
        let p = Para::new("- Như trên;\n- Lưu: VT, TH.", Face::Regular, 11.0);
        let lines = break_lines(&fonts, &p, 300.0).unwrap();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].last && lines[1].last);
    }
}
