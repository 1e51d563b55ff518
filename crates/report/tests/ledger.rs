//! The printed registers (sổ) read back with poppler: landscape A4, the header and its
//! row of column numbers on every page, "Trang x/y" at the foot of every page, the red
//! secrecy stamp at the top right of every page, every entry printed once and never split
//! between pages, the exact Vietnamese text, the fonts embedded and subset, and page 1
//! compared with a reviewed reference image (`tests/reference/ledger-p1.png`, regenerated
//! with `UPDATE_REFERENCES=1 cargo test --workspace --test ledger`, then looked at).

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use nhiemvu_report::layout::MM;
use nhiemvu_report::ledger::{column_widths, NO_ENTRIES};
use nhiemvu_report::nd30::Secrecy;
use nhiemvu_report::{render_ledger, Align, Fonts, Ledger, LedgerColumn, Orientation, ReportError};
use support::{bbox_words, flat, poppler, Word};

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(Fonts::load)
}

fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &p, "-l", &p], pdf)
}

/// Whitespace collapsed to single spaces: pdftotext breaks lines where the layout did.

/// `pdfinfo`'s page count and the size of page 1 in points.
fn info(pdf: &[u8]) -> (usize, String) {
    let text = poppler("pdfinfo", &[], pdf);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .trim()
            .to_string()
    };
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

const SENDERS: [&str; 6] = [
    "Bộ Chỉ huy Quân sự tỉnh; Ủy ban nhân dân xã Hải Lăng",
    "Công an tỉnh Quảng Trị",
    "Sở Nội vụ",
    "Văn phòng Tỉnh ủy",
    "Ban Cơ yếu Chính phủ",
    "Sở Ngoại vụ",
];

const SUBJECTS: [&str; 5] = [
    "Kế hoạch bảo đảm an ninh, trật tự dịp Tết Nguyên đán",
    "Báo cáo tình hình biên giới quý I",
    "Phương án phòng thủ dân sự khu vực ven biển\nkèm phụ lục danh sách lực lượng",
    "Danh sách cán bộ được cử đi đào tạo",
    "Đề án sắp xếp lực lượng dân quân tự vệ trên địa bàn các xã biên giới, ven biển giai đoạn 2026 - 2030, kèm theo dự toán kinh phí và phương án bố trí nhân lực",
];

const RECIPIENTS: [&str; 3] = [
    "Đ/c Trần Thị Lan",
    "Phòng Tổng hợp",
    "Đ/c Nguyễn Văn Minh, Phó Chánh Văn phòng",
];

/// The incoming confidential register's columns: 280 mm, wider than the 252 mm of
/// landscape A4's text, so they are scaled down together.
fn columns() -> Vec<LedgerColumn> {
    let c = LedgerColumn::new;
    vec![
        c("Số đến", 12.0, Align::Center),
        c("Ngày đến", 22.0, Align::Center),
        c("Nơi gửi", 40.0, Align::Left),
        c("Số, ký hiệu", 28.0, Align::Center),
        c("Ngày tháng văn bản", 22.0, Align::Center),
        c("Trích yếu nội dung", 70.0, Align::Left),
        c("Độ mật", 16.0, Align::Center),
        c("Người nhận", 32.0, Align::Left),
        c("Ký nhận", 22.0, Align::Center),
        c("Ghi chú", 16.0, Align::Left),
    ]
}

/// Entry `i` (from 1): its number first, a token only it has ("HS017") in the subject,
/// an empty signature cell.
fn entry(i: usize) -> Vec<String> {
    let day = |offset: usize| format!("{:02}/{:02}/2026", (i + offset) % 28 + 1, i % 12 + 1);
    vec![
        i.to_string(),
        day(3),
        SENDERS[i % SENDERS.len()].to_string(),
        format!("{i}/BCH-TM"),
        day(0),
        format!("{}; hồ sơ HS{i:03}", SUBJECTS[i % SUBJECTS.len()]),
        if i.is_multiple_of(3) {
            "Mật"
        } else {
            "Tối mật"
        }
        .to_string(),
        RECIPIENTS[i % RECIPIENTS.len()].to_string(),
        String::new(),
        if i.is_multiple_of(7) {
            "Trả lại sau khi xử lý".to_string()
        } else {
            String::new()
        },
    ]
}

const ENTRIES: usize = 120;
const MIN_ROW_MM: f32 = 12.0;

fn incoming_register() -> Ledger {
    Ledger {
        parent_body: "UBND tỉnh Quảng Trị".into(),
        issuing_body: "Văn phòng".into(),
        title: "Sổ đăng ký bí mật nhà nước đến".into(),
        subtitle: "Năm 2026".into(),
        secrecy: Some(Secrecy::Secret),
        orientation: Orientation::Landscape,
        columns: columns(),
        rows: (1..=ENTRIES).map(entry).collect(),
        closing: vec![
            format!("Sổ này có {ENTRIES} mục, từ số 1 đến số {ENTRIES}."),
            "Mã kiểm tra sổ: 3f2a9c…".into(),
        ],
        min_row_height_mm: MIN_ROW_MM,
    }
}

/// The 120-entry register, made once.
fn long_pdf() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| render_ledger(fonts(), &incoming_register()).unwrap())
}

#[test]
fn a_long_secret_register_prints_its_header_stamp_and_page_of_total_on_every_page() {
    let pdf = long_pdf();
    let (n_pages, size) = info(pdf);
    assert!(
        size.starts_with("841.89 x 595.2"),
        "not landscape A4: {size}"
    );
    assert!(n_pages >= 3, "{n_pages} pages");
    let numbering: String = (1..=columns().len())
        .map(|k| format!("({k})"))
        .collect::<Vec<_>>()
        .join(" ");
    for p in 1..=n_pages {
        let text = page_text(pdf, p);
        let all = flat(&text);
        let words: Vec<&str> = text.split_whitespace().collect();
        for c in columns() {
            for w in c.title.split_whitespace() {
                assert!(words.contains(&w), "page {p}: no «{w}» of «{}»", c.title);
            }
        }
        assert!(
            all.contains(&numbering),
            "page {p}: no «{numbering}» in\n{text}"
        );
        assert_eq!(
            text.lines().filter(|l| l.trim() == "TỐI MẬT").count(),
            1,
            "page {p}: the stamp on a line of its own, once:\n{text}"
        );
        // The last line of the page is its number.
        let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        assert_eq!(last.trim(), format!("Trang {p}/{n_pages}"), "page {p}");
        assert_eq!(all.matches("Trang ").count(), 1, "page {p}");
    }
    let all = flat(&poppler("pdftotext", &["-layout"], pdf));
    for expected in [
        "UBND TỈNH QUẢNG TRỊ",
        "VĂN PHÒNG",
        "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐẾN",
        "Năm 2026",
        "Sổ này có 120 mục, từ số 1 đến số 120.",
        "Mã kiểm tra sổ: 3f2a9c…",
    ] {
        assert!(all.contains(expected), "missing «{expected}»");
    }
    // The closing lines come after the last entry, on the last page.
    let last = flat(&page_text(pdf, n_pages));
    assert!(last.contains("Sổ này có 120 mục"), "{last}");
}

#[test]
fn every_entry_is_printed_once_whole_on_one_page_under_a_scaled_header() {
    let pdf = long_pdf();
    let (n_pages, _) = info(pdf);
    let words = bbox_words(pdf);
    let ledger = incoming_register();

    // The column edges: 280 mm of columns scaled to the 252 mm between the margins.
    let widths = column_widths(&ledger.columns, 252.0 * MM);
    assert!((widths.iter().sum::<f32>() - 252.0 * MM).abs() < 0.01);
    let mut xs = vec![30.0 * MM];
    for w in &widths {
        xs.push(xs.last().unwrap() + w);
    }

    // Every page: the stamp in the top margin at the right, and the header, each title
    // and column number inside its column; the header's bottom is where entries start.
    let mut header_bottom = vec![0.0f32; n_pages + 1];
    #[allow(clippy::needless_range_loop)] // pages are numbered from 1, as poppler does
    for p in 1..=n_pages {
        let on_page: Vec<&Word> = words.iter().filter(|w| w.page == p).collect();
        let stamp: Vec<&&Word> = on_page
            .iter()
            .filter(|w| w.text == "TỐI" || w.text == "MẬT")
            .filter(|w| w.y_max < 20.0 * MM)
            .collect();
        assert_eq!(stamp.len(), 2, "page {p}: {stamp:?}");
        assert!(
            stamp.iter().all(|w| w.x_min > 297.0 * MM * 0.75),
            "page {p}: {stamp:?}"
        );
        let numbers: Vec<&&Word> = on_page
            .iter()
            .filter(|w| w.text.starts_with('(') && w.text.ends_with(')'))
            .collect();
        assert_eq!(numbers.len(), ledger.columns.len(), "page {p}");
        let numbers_y = numbers[0].y_min;
        // Above the header: the top margin, or on page 1 the subtitle.
        let band_top = if p == 1 {
            on_page.iter().find(|w| w.text == "Năm").unwrap().y_max
        } else {
            20.0 * MM - 1.0
        };
        for (k, c) in ledger.columns.iter().enumerate() {
            let inside = |w: &&&Word| w.x_min >= xs[k] - 0.5 && w.x_max <= xs[k + 1] + 0.5;
            let mut title: Vec<&&Word> = on_page
                .iter()
                .filter(|w| w.y_min > band_top && w.y_min < numbers_y - 1.0)
                .filter(inside)
                .collect();
            title.sort_by(|a, b| {
                (a.y_min.round(), a.x_min)
                    .partial_cmp(&(b.y_min.round(), b.x_min))
                    .unwrap()
            });
            let title: Vec<&str> = title.iter().map(|w| w.text.as_str()).collect();
            assert_eq!(title.join(" "), c.title, "page {p}, column {}", k + 1);
            let number = numbers
                .iter()
                .find(|w| w.text == format!("({})", k + 1))
                .unwrap_or_else(|| panic!("page {p}: no ({})", k + 1));
            assert!(inside(number), "page {p}: {number:?} outside its column");
            assert!((number.y_min - numbers_y).abs() < 1.0, "page {p}");
        }
        header_bottom[p] = numbers.iter().map(|w| w.y_max).fold(0.0, f32::max) + 2.0;
    }

    // The entry numbers: digits in the first column below the header, each once, in order.
    let mut starts: Vec<&Word> = words
        .iter()
        .filter(|w| {
            w.x_max <= xs[1]
                && w.y_min > header_bottom[w.page]
                && w.y_max < (210.0 - 20.0) * MM
                && w.text.chars().all(|c| c.is_ascii_digit())
        })
        .collect();
    starts.sort_by(|a, b| (a.page, a.y_min).partial_cmp(&(b.page, b.y_min)).unwrap());
    let numbers: Vec<usize> = starts.iter().map(|w| w.text.parse().unwrap()).collect();
    assert_eq!(numbers, (1..=ENTRIES).collect::<Vec<_>>());
    assert!(starts.iter().any(|w| w.page == n_pages));

    // Each entry's words lie between its number and the next one's (or the page's end),
    // on the same page; its own token ("HS017") is there.
    for (i, row) in ledger.rows.iter().enumerate() {
        let start = starts[i];
        let end_y = starts
            .get(i + 1)
            .filter(|n| n.page == start.page)
            .map(|n| n.y_min)
            .unwrap_or((210.0 - 20.0) * MM);
        let region: Vec<&str> = words
            .iter()
            .filter(|w| {
                w.page == start.page && w.y_min >= start.y_min - 1.0 && w.y_min < end_y - 1.0
            })
            .map(|w| w.text.as_str())
            .collect();
        for word in row.iter().flat_map(|c| c.split_whitespace()) {
            assert!(
                region.contains(&word),
                "entry {} lost «{word}» (page {}): {region:?}",
                i + 1,
                start.page
            );
        }
        let token = format!("HS{:03}", i + 1);
        assert_eq!(
            words.iter().filter(|w| w.text == token).count(),
            1,
            "{token}"
        );
        // Room for the signature: at least the least row height.
        if let Some(next) = starts.get(i + 1).filter(|n| n.page == start.page) {
            let height = next.y_min - start.y_min;
            assert!(
                height >= MIN_ROW_MM * MM - 0.5,
                "entry {} is {height} pt high",
                i + 1
            );
        }
    }
    // Nothing of an entry is carried over above the first entry of a page.
    #[allow(clippy::needless_range_loop)] // pages are numbered from 1, as poppler does
    for p in 2..=n_pages {
        let first = starts.iter().find(|w| w.page == p).expect("an entry");
        let stray: Vec<&str> = words
            .iter()
            .filter(|w| w.page == p && w.y_min > header_bottom[p] && w.y_min < first.y_min - 1.0)
            .map(|w| w.text.as_str())
            .collect();
        assert!(stray.is_empty(), "page {p} starts with {stray:?}");
    }
}

#[test]
fn the_register_s_fonts_are_embedded_and_subset() {
    let pdf = long_pdf();
    let out = poppler("pdffonts", &[], pdf);
    let fonts: Vec<&str> = out.lines().skip(2).collect();
    assert!(fonts.len() >= 3, "{out}");
    for line in &fonts {
        let (tag, _) = line.split_once('+').unwrap_or_else(|| panic!("{line}"));
        assert_eq!(tag.len(), 6, "not a subset: {line}");
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name, type (2 words), encoding, emb, sub, uni, object, generation
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{line}"
        );
    }
    for face in [
        "LiberationSerif ",
        "LiberationSerif-Bold ",
        "LiberationSerif-Italic ",
    ] {
        assert!(
            fonts.iter().any(|l| l
                .split_once('+')
                .is_some_and(|(_, rest)| format!("{rest} ").starts_with(face))),
            "no {face} in\n{out}"
        );
    }
    assert!(pdf.len() < 600_000, "{} bytes", pdf.len());
}

fn small_register() -> Ledger {
    let c = LedgerColumn::new;
    Ledger {
        parent_body: String::new(),
        issuing_body: "Văn phòng UBND tỉnh".into(),
        title: "Sổ chuyển giao bí mật nhà nước".into(),
        subtitle: "Năm 2026".into(),
        secrecy: Some(Secrecy::Confidential),
        orientation: Orientation::Portrait,
        columns: vec![
            c("STT", 12.0, Align::Center),
            c("Nơi nhận", 110.0, Align::Left),
            c("Ký nhận", 30.0, Align::Center),
        ],
        rows: vec![
            vec![
                "1".into(),
                "Bộ Chỉ huy Quân sự tỉnh; Ủy ban nhân dân xã Hải Lăng".into(),
            ],
            // Decomposed letters, as some keyboards send them, and two lines.
            vec![
                "2".into(),
                "Ủy ban nhân dân xã Ha\u{309}i La\u{306}ng\nDòng thứ hai của ô".into(),
                String::new(),
            ],
        ],
        closing: vec!["Sổ này có 2 mục, từ số 1 đến số 2.".into()],
        min_row_height_mm: 0.0,
    }
}

#[test]
fn the_vietnamese_text_is_printed_exactly() {
    let pdf = render_ledger(fonts(), &small_register()).unwrap();
    let (n_pages, size) = info(&pdf);
    assert_eq!(n_pages, 1);
    assert!(size.starts_with("595.27"), "not portrait A4: {size}");
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let all = flat(&text);
    for expected in [
        "VĂN PHÒNG UBND TỈNH",
        "SỔ CHUYỂN GIAO BÍ MẬT NHÀ NƯỚC",
        "Năm 2026",
        "STT Nơi nhận Ký nhận",
        "(1) (2) (3)",
        "1 Bộ Chỉ huy Quân sự tỉnh; Ủy ban nhân dân xã Hải Lăng",
        "2 Ủy ban nhân dân xã Hải Lăng",
        "Sổ này có 2 mục, từ số 1 đến số 2.",
    ] {
        assert!(all.contains(expected), "missing «{expected}» in\n{text}");
    }
    // The cell's second line under its first.
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let first = lines
        .iter()
        .position(|l| flat(l) == "2 Ủy ban nhân dân xã Hải Lăng")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(lines[first + 1], "Dòng thứ hai của ô");
    assert_eq!(all, nhiemvu_core::text::nfc(&all));
    // 152 mm of columns keep their widths, centred in the 165 mm between the margins:
    // the first column is 12 mm wide from 36.5 mm.
    let words = bbox_words(&pdf);
    let centre = |text: &str| {
        let w = words.iter().find(|w| w.text == text).unwrap();
        (w.x_min + w.x_max) / 2.0
    };
    for text in ["STT", "(1)", "1", "2"] {
        assert!(
            (centre(text) - (36.5 + 6.0) * MM).abs() < 1.0,
            "«{text}» at {} mm",
            centre(text) / MM
        );
    }
    assert!((centre("(3)") - (36.5 + 12.0 + 110.0 + 15.0) * MM).abs() < 1.0);
    assert_eq!(
        text.lines().filter(|l| l.trim() == "MẬT").count(),
        1,
        "{text}"
    );
    assert!(all.ends_with("Trang 1/1"), "{all}");

    // A character the fonts lack stops the register with the usual error.
    let mut bad = small_register();
    bad.rows[0][1] = "Đã nhận ✅".into();
    match render_ledger(fonts(), &bad) {
        Err(e @ ReportError::MissingGlyph { .. }) => {
            assert!(e.to_string().contains("U+2705"), "{e}")
        }
        other => panic!("expected a missing glyph error, got {other:?}"),
    }
}

#[test]
fn an_empty_register_says_it_has_no_entries() {
    let mut ledger = small_register();
    ledger.rows.clear();
    ledger.secrecy = None;
    ledger.closing = vec!["Sổ này có 0 mục.".into()];
    let pdf = render_ledger(fonts(), &ledger).unwrap();
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let all = flat(&text);
    assert!(
        all.contains(&format!("(1) (2) (3) {NO_ENTRIES} Sổ này có 0 mục.")),
        "{text}"
    );
    assert!(all.ends_with("Trang 1/1"), "{all}");
    // No stamp without a secrecy level: nothing red on the page.
    let (red, _) = red_pixels(&pdf, 1);
    assert!(red.is_empty(), "{} red pixels", red.len());
    assert!(!text.lines().any(|l| l.trim() == "MẬT"), "{text}");
}

/// Renders page `page` in colour at 40 DPI; returns the red pixels' positions as shares
/// of the width and height, and the count of dark (black or grey) pixels.
fn red_pixels(pdf: &[u8], page: usize) -> (Vec<(f32, f32)>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("r.pdf");
    std::fs::write(&input, pdf).unwrap();
    let root = dir.path().join("page");
    let p = page.to_string();
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-png", "-singlefile", "-f", &p, "-l", &p])
        .arg(&input)
        .arg(&root)
        .status()
        .expect("pdftoppm (poppler-utils) is needed for this test");
    assert!(status.success());
    let file = std::fs::File::open(root.with_extension("png")).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let (w, h) = (info.width as usize, info.height as usize);
    let mut red = Vec::new();
    let mut dark = 0;
    for (i, px) in buf[..info.buffer_size()].chunks(3).enumerate() {
        let (r, g, b) = (px[0] as i32, px[1] as i32, px[2] as i32);
        if r > 150 && g < 110 && b < 110 {
            red.push(((i % w) as f32 / w as f32, (i / w) as f32 / h as f32));
        } else if r < 100 && g < 100 && b < 100 {
            dark += 1;
        }
    }
    (red, dark)
}

#[test]
fn the_stamp_is_red_at_the_top_right_of_every_page() {
    let pdf = long_pdf();
    let (n_pages, _) = info(pdf);
    for p in [1, 2, n_pages] {
        let (red, dark) = red_pixels(pdf, p);
        assert!(red.len() > 60, "page {p}: {} red pixels", red.len());
        assert!(dark > 1000, "page {p}: the table is black");
        // All of it in the top margin (20 of 210 mm), right of three quarters of the width.
        for (x, y) in &red {
            assert!(*x > 0.75 && *y < 20.0 / 210.0, "page {p}: red at {x}, {y}");
        }
        // A frame: red both left and right of the label, above and below it.
        let (x0, x1) = red
            .iter()
            .fold((1.0f32, 0.0f32), |(a, b), (x, _)| (a.min(*x), b.max(*x)));
        let (y0, y1) = red
            .iter()
            .fold((1.0f32, 0.0f32), |(a, b), (_, y)| (a.min(*y), b.max(*y)));
        let (wide, high) = ((x1 - x0) * 297.0, (y1 - y0) * 210.0);
        assert!(
            wide > 20.0 && (6.0..10.0).contains(&high),
            "page {p}: {wide} × {high} mm"
        );
        // Right-aligned with the text: the frame ends at the right margin (15 mm).
        assert!(((1.0 - x1) * 297.0 - 15.0).abs() < 2.0, "page {p}: {x1}");
    }
}

#[test]
fn the_register_s_first_page_looks_like_the_reviewed_reference() {
    // The whole register beside its page, to look at in colour.
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-pages");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("ledger.pdf"), long_pdf()).unwrap();
    if let Err(e) = support::compare_with_reference("ledger-p1", long_pdf(), 1) {
        panic!("{e}");
    }
}
