//! The generated PDFs read back with poppler: the exact Vietnamese text, the fonts embedded
//! and subset, every figure equal to the core's statistics, and a long table that repeats
//! its header on each page and never leaves part of a row on another page.

mod support;

use std::process::Command;
use std::sync::OnceLock;

use chrono::NaiveDate;
use nhiemvu_core::demo::{self, DemoOptions};
use nhiemvu_core::stats::StatsFilter;
use nhiemvu_core::store::Store;
use nhiemvu_report::documents::{rate, totals_sentence};
use nhiemvu_report::{generate, Fonts, Period, ReportError, ReportKind, ReportRequest};
use support::{bbox_words, flat, poppler, Word};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// A 3,000-task demo province, the same on every run.
fn store() -> &'static std::sync::Mutex<Store> {
    static STORE: OnceLock<std::sync::Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut s = Store::open_in_memory().unwrap();
        let opts = DemoOptions {
            seed: 2026,
            tasks: 3_000,
            end: today(),
            years: 4,
        };
        demo::generate(&mut s, &opts, &mut |_, _| true).unwrap();
        std::sync::Mutex::new(s)
    })
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(Fonts::load)
}

fn request(s: &Store, kind: ReportKind, period: &str, unit: Option<&str>) -> ReportRequest {
    let unit_id = unit.map(|name| {
        s.units()
            .unwrap()
            .into_iter()
            .find(|u| u.name == name)
            .unwrap_or_else(|| panic!("no unit {name}"))
            .id
    });
    let mut r = ReportRequest::defaults(
        s,
        kind,
        Period::parse(period).unwrap(),
        unit_id,
        None,
        today(),
    )
    .unwrap();
    if r.signature.name.is_empty() {
        r.signature.name = "Trần Thị Lan".into();
    }
    r
}

fn pages(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo");
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Whitespace collapsed to single spaces: pdftotext breaks lines where the layout did.

#[test]
fn the_consolidated_report_prints_the_exact_vietnamese_text() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    let req = request(&s, ReportKind::Periodic, "2026", None);
    let pdf = generate(&s, fonts(), &req).unwrap();
    let text = poppler("pdftotext", &["-layout"], &pdf);
    let all = flat(&text);
    for expected in [
        "UBND TỈNH QUẢNG TRỊ",
        "VĂN PHÒNG UBND TỈNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /BC-VP",
        "Quảng Trị, ngày 30 tháng 11 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện nhiệm vụ do Chính phủ, Thủ tướng Chính phủ, UBND tỉnh, Chủ tịch UBND tỉnh giao năm 2026",
        "Kính gửi: Ủy ban nhân dân tỉnh Quảng Trị.",
        "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, TH.",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Văn Minh",
        "DANH MỤC NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH",
        "Lý do, khó khăn, vướng mắc",
    ] {
        assert!(all.contains(expected), "missing «{expected}» in:\n{text}");
    }
    // Text comes out in NFC (a decomposed "ệ" would extract as two characters).
    assert_eq!(all, nhiemvu_core::text::nfc(&all));

    // The totals sentence, word for word, and its numbers equal to the core's.
    let (from, to) = req.period.dates();
    let st = s
        .statistics_where(from, to, req.as_of, &StatsFilter::default())
        .unwrap();
    assert!(st.total.assigned > 500, "{}", st.total.assigned);
    assert!(all.contains(&totals_sentence(&st.total)), "{text}");
    // And parsed back from the text rather than compared as a whole.
    let sentence_start = all.find("Tổng số nhiệm vụ được giao: ").unwrap();
    let n: u32 = all[sentence_start + "Tổng số nhiệm vụ được giao: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(n, st.total.assigned);

    // The page numbers: none on page 1, then 2, 3, … centred at the top.
    for p in 2..=pages(&pdf) {
        let page = poppler(
            "pdftotext",
            &["-f", &p.to_string(), "-l", &p.to_string()],
            &pdf,
        );
        assert_eq!(
            page.split_whitespace().next(),
            Some(p.to_string().as_str()),
            "page {p}"
        );
    }
}

/// The rows of the per-unit table read back from `pdftotext -layout`: a line whose first
/// token is the row number (or "Tổng cộng") and whose last ten tokens are the figures.
fn table_rows(text: &str) -> Vec<(String, Vec<String>)> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if tokens.len() < 12 {
            continue;
        }
        let figures = &tokens[tokens.len() - 10..];
        let numeric = figures
            .iter()
            .all(|t| t.chars().all(|c| c.is_ascii_digit() || c == ','));
        if !numeric {
            continue;
        }
        let first = if tokens[0] == "Tổng" && tokens[1] == "cộng" {
            "Tổng cộng".to_string()
        } else if tokens[0].chars().all(|c| c.is_ascii_digit()) {
            tokens[0].to_string()
        } else {
            continue;
        };
        rows.push((first, figures.iter().map(|s| s.to_string()).collect()));
    }
    rows
}

#[test]
fn every_figure_in_the_report_equals_the_core_statistics() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    for (period, origin) in [
        ("2026", None),
        ("2025-Q4", Some("qc45")),
        ("2026-6T", Some("qc42")),
        ("2026-03", None),
        ("2026-9T", Some("qc45")),
        ("2026-01-05..2026-02-10", None),
    ] {
        let mut req = request(&s, ReportKind::Periodic, period, None);
        req.origin = origin.map(|o| nhiemvu_core::model::Origin::parse(o).unwrap());
        let pdf = generate(&s, fonts(), &req).unwrap();
        let text = poppler("pdftotext", &["-layout"], &pdf);
        let (from, to) = req.period.dates();
        let filter = StatsFilter {
            origin: req.origin,
            lead_unit_id: None,
        };
        let st = s.statistics_where(from, to, req.as_of, &filter).unwrap();
        let figures = |c: &nhiemvu_core::stats::Counts| {
            vec![
                c.assigned.to_string(),
                c.done_on_time.to_string(),
                c.done_late.to_string(),
                c.in_progress_on_time.to_string(),
                c.overdue.to_string(),
                c.not_started.to_string(),
                c.no_deadline.to_string(),
                rate(c.done_rate()),
                rate(c.on_time_rate()),
                rate(c.overdue_rate()),
            ]
        };
        let mut expected: Vec<(String, Vec<String>)> = st
            .by_unit
            .iter()
            .enumerate()
            .map(|(i, u)| ((i + 1).to_string(), figures(&u.counts)))
            .collect();
        expected.push(("Tổng cộng".into(), figures(&st.total)));
        let got = table_rows(&text);
        assert_eq!(got, expected, "{period} {origin:?}");
        // The sums hold in the printed numbers too.
        let assigned: u64 = got[..got.len() - 1]
            .iter()
            .map(|(_, f)| f[0].parse::<u64>().unwrap())
            .sum();
        assert_eq!(assigned.to_string(), got.last().unwrap().1[0]);
        // The appendix lists exactly the overdue tasks.
        let flat_text = flat(&text);
        if st.overdue.is_empty() {
            assert!(flat_text.contains("Trong kỳ không có nhiệm vụ quá hạn chưa hoàn thành."));
        } else {
            assert!(
                flat_text.contains(&format!(
                    "Còn {} nhiệm vụ quá hạn chưa hoàn thành",
                    st.overdue.len()
                )),
                "{period}"
            );
            for t in &st.overdue {
                assert!(
                    flat_text.contains(&t.document_number),
                    "{}",
                    t.document_number
                );
            }
        }
    }
}

#[test]
fn the_fonts_are_embedded_and_subset() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    let pdf = generate(
        &s,
        fonts(),
        &request(&s, ReportKind::Periodic, "2026", None),
    )
    .unwrap();
    let out = poppler("pdffonts", &[], &pdf);
    let fonts: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(fonts.len(), 4, "{out}");
    for face in [
        "LiberationSerif ",
        "LiberationSerif-Bold ",
        "LiberationSerif-Italic ",
        "LiberationSerif-BoldItalic ",
    ] {
        let line = fonts
            .iter()
            .find(|l| {
                l.split_once('+').is_some_and(|(tag, rest)| {
                    tag.len() == 6 && format!("{rest} ").starts_with(face)
                })
            })
            .unwrap_or_else(|| panic!("no subset {face} in\n{out}"));
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name, type (2 words), encoding, emb, sub, uni, object, generation
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{line}"
        );
    }
    // Subset: the whole regular face alone is bigger than the whole report.
    assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
}

#[test]
fn a_character_the_fonts_lack_stops_generation_with_a_clear_message() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    let mut req = request(&s, ReportKind::Periodic, "2026-Q1", None);
    req.remarks = "Đề nghị bổ sung kinh phí ✅ trong quý II.".into();
    match generate(&s, fonts(), &req) {
        Err(e @ ReportError::MissingGlyph { .. }) => {
            let m = e.to_string();
            assert!(m.contains("U+2705"), "{m}");
        }
        other => panic!("expected a missing glyph error, got {other:?}"),
    }
    // Decomposed input is printed composed.
    req.remarks = "Đề nghị bổ sung kinh phí cho Vie\u{302}\u{323}t Nam.".into();
    let pdf = generate(&s, fonts(), &req).unwrap();
    assert!(flat(&poppler("pdftotext", &[], &pdf)).contains("cho Việt Nam."));
}

#[test]
fn the_urging_letter_lists_the_unit_s_overdue_and_soon_due_tasks() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    let req = request(&s, ReportKind::Urging, "2026", Some("Sở Tư pháp"));
    let pdf = generate(&s, fonts(), &req).unwrap();
    let all = flat(&poppler("pdftotext", &["-layout"], &pdf));
    for expected in [
        "V/v đôn đốc thực hiện nhiệm vụ được giao",
        "Kính gửi: Sở Tư pháp.",
        "Số: /VP-TH",
        "DANH MỤC NHIỆM VỤ CẦN ĐÔN ĐỐC CỦA SỞ TƯ PHÁP",
        "Nhiệm vụ quá hạn chưa hoàn thành (",
        "Nhiệm vụ sắp đến hạn (",
    ] {
        assert!(all.contains(expected), "missing «{expected}» in {all}");
    }
    let unit = s
        .units()
        .unwrap()
        .into_iter()
        .find(|u| u.name == "Sở Tư pháp")
        .unwrap();
    let q = |status| nhiemvu_core::store::query::RegisterQuery {
        unit_id: Some(unit.id),
        status: Some(status),
        assigned_from: Some(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
        assigned_to: Some(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
        as_of: Some(today()),
        limit: 1000,
        ..Default::default()
    };
    let overdue = s
        .register_page(&q(nhiemvu_core::status::StatusFilter::Overdue))
        .unwrap();
    let soon = s
        .register_page(&q(nhiemvu_core::status::StatusFilter::DueSoon))
        .unwrap();
    assert!(
        all.contains(&format!(
            "Sở Tư pháp còn {} nhiệm vụ quá hạn chưa hoàn thành và {} nhiệm vụ sắp đến hạn",
            overdue.total, soon.total
        )),
        "{all}"
    );
    assert!(overdue.total > 0);
    for t in overdue.rows.iter().chain(&soon.rows) {
        assert!(all.contains(&t.document_number), "{}", t.document_number);
    }
    // An urging letter needs a unit.
    let mut no_unit = req.clone();
    no_unit.unit_id = None;
    let e = generate(&s, fonts(), &no_unit).unwrap_err();
    assert!(e.to_string().contains("chọn đơn vị"), "{e}");
}

#[test]
fn a_long_register_repeats_its_header_and_keeps_every_row_on_one_page() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    let req = request(&s, ReportKind::Register, "2025", None);
    let pdf = generate(&s, fonts(), &req).unwrap();
    let n_pages = pages(&pdf);
    assert!(n_pages >= 10, "{n_pages} pages");
    let words = bbox_words(&pdf);

    // The register's rows, in order, as the core lists them.
    let rows = {
        let mut all = Vec::new();
        let mut q = nhiemvu_core::store::query::RegisterQuery {
            assigned_from: Some(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()),
            assigned_to: Some(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()),
            as_of: Some(req.as_of),
            limit: 500,
            ..Default::default()
        };
        loop {
            let p = s.register_page(&q).unwrap();
            let n = p.rows.len();
            all.extend(p.rows);
            if n == 0 || all.len() as u32 >= p.total {
                break;
            }
            q.offset += n as u32;
        }
        all
    };
    assert!(all_printed_total(&words, rows.len()));

    // Every page has the header; its bottom edge is where rows may start.
    let mut header_bottom = vec![0.0f32; n_pages + 1];
    #[allow(clippy::needless_range_loop)] // pages are numbered from 1, as poppler does
    for p in 1..=n_pages {
        let on_page: Vec<&Word> = words.iter().filter(|w| w.page == p).collect();
        let Some(trich) = on_page.iter().find(|w| w.text == "Trích") else {
            // Only the closing total may run onto a page of its own.
            let text: Vec<&str> = on_page.iter().map(|w| w.text.as_str()).collect();
            assert_eq!(p, n_pages, "page {p} has no table header");
            assert_eq!(
                text[1..],
                ["Tổng", "số:", &rows.len().to_string(), "nhiệm", "vụ."],
                "page {p}"
            );
            header_bottom[p] = f32::MAX;
            continue;
        };
        let stt = on_page.iter().find(|w| w.text == "STT").unwrap();
        assert!((trich.y_min - stt.y_min).abs() < 20.0);
        // The header's last line ("quá hạn" under "Số ngày") ends it.
        header_bottom[p] = on_page
            .iter()
            .filter(|w| w.text == "hạn" && (w.y_min - stt.y_min).abs() < 20.0)
            .map(|w| w.y_min)
            .fold(stt.y_min, f32::max)
            + 8.0;
    }
    // The row numbers: words in the STT column below the header.
    let stt_right = words.iter().find(|w| w.text == "STT").unwrap().x_min + 20.0;
    let mut starts: Vec<&Word> = words
        .iter()
        .filter(|w| {
            w.x_min < stt_right
                && w.y_min > header_bottom[w.page]
                && w.text.chars().all(|c| c.is_ascii_digit())
        })
        .collect();
    // pdftotext lists words by text flow; the page order is top to bottom.
    starts.sort_by(|a, b| (a.page, a.y_min).partial_cmp(&(b.page, b.y_min)).unwrap());
    let numbers: Vec<usize> = starts.iter().map(|w| w.text.parse().unwrap()).collect();
    assert_eq!(numbers, (1..=rows.len()).collect::<Vec<_>>());

    // Each row's words lie between its number and the next row's (or the page's end), on
    // the same page: nothing of a row is carried over above the first row of a page.
    for (i, row) in rows.iter().enumerate() {
        let start = starts[i];
        let end_y = starts
            .get(i + 1)
            .filter(|n| n.page == start.page)
            .map(|n| n.y_min)
            .unwrap_or(f32::MAX);
        let mut region_words: Vec<&Word> = words
            .iter()
            .filter(|w| {
                w.page == start.page && w.y_min >= start.y_min - 1.0 && w.y_min < end_y - 1.0
            })
            .collect();
        region_words.sort_by(|a, b| {
            (a.y_min.round(), a.x_min)
                .partial_cmp(&(b.y_min.round(), b.x_min))
                .unwrap()
        });
        let region: Vec<&str> = region_words.iter().map(|w| w.text.as_str()).collect();
        for word in row.description.split_whitespace() {
            assert!(
                region.contains(&word),
                "row {} lost «{word}» of «{}» (page {})",
                i + 1,
                row.description,
                start.page
            );
        }
        // A long number may be broken inside the narrow column: compare without the breaks.
        assert!(
            region
                .iter()
                .filter(|w| row.document_number.contains(**w))
                .copied()
                .collect::<String>()
                .contains(&row.document_number.replace(' ', "")),
            "row {}: «{}» not in {region:?}",
            i + 1,
            row.document_number
        );
    }
    for p in (2..=n_pages).filter(|&p| header_bottom[p] < f32::MAX) {
        let first_row = starts
            .iter()
            .find(|w| w.page == p)
            .expect("a row on every page");
        let stray = words
            .iter()
            .any(|w| w.page == p && w.y_min > header_bottom[p] && w.y_min < first_row.y_min - 1.0);
        assert!(!stray, "page {p} starts with the rest of a row");
    }
}

fn all_printed_total(words: &[Word], n: usize) -> bool {
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    texts
        .windows(4)
        .any(|w| w == ["Tổng", "số:", &n.to_string(), "nhiệm"])
}

#[test]
fn urgency_and_secrecy_stamps_are_printed_under_the_number() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    let mut req = request(&s, ReportKind::Urging, "2026", Some("Sở Tư pháp"));
    req.letterhead.urgency = nhiemvu_core::model::Urgency::VeryUrgent;
    req.letterhead.secrecy = Some(nhiemvu_report::nd30::Secrecy::Secret);
    let pdf = generate(&s, fonts(), &req).unwrap();
    let text = poppler("pdftotext", &["-layout", "-f", "1", "-l", "1"], &pdf);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let number = lines
        .iter()
        .position(|l| flat(l).starts_with("Số: /VP-TH"))
        .unwrap();
    let secret = lines
        .iter()
        .position(|l| *l == "TỐI MẬT")
        .expect("secrecy stamp");
    let urgent = lines
        .iter()
        .position(|l| *l == "THƯỢNG KHẨN")
        .expect("urgency stamp");
    assert!(number < secret && secret < urgent, "{text}");
    // A normal letter has neither.
    let plain = generate(
        &s,
        fonts(),
        &request(&s, ReportKind::Urging, "2026", Some("Sở Tư pháp")),
    )
    .unwrap();
    let plain = poppler("pdftotext", &["-layout"], &plain);
    assert!(!plain.contains("KHẨN") && !plain.contains("MẬT"), "{plain}");
}

/// The QC42 report (tasks of the Government and the Prime Minister) says so, and goes to
/// the Government Office too; recipients, the symbol and the filing line come from the
/// settings.
#[test]
fn a_qc42_report_says_whose_tasks_and_the_settings_fill_the_recipients() {
    let mut s = store().lock().unwrap_or_else(|e| e.into_inner());
    let before = s.settings().clone();
    let mut settings = before.clone();
    settings.report_symbol = "BC-VPUBND".into();
    settings.report_recipients = vec!["Thường trực Tỉnh ủy".into(), "Cổng TTĐT tỉnh".into()];
    settings.filed = "VT, TH (Ngân)".into();
    let actor = nhiemvu_core::lifecycle::Actor::system();
    s.save_settings(&actor, settings).unwrap();
    let req = ReportRequest::defaults(
        &s,
        ReportKind::Periodic,
        Period::parse("2026").unwrap(),
        None,
        Some(nhiemvu_core::model::Origin::Qc42),
        today(),
    )
    .unwrap();
    let pdf = generate(&s, fonts(), &req);
    s.save_settings(&actor, before).unwrap();
    let all = flat(&poppler("pdftotext", &["-layout"], &pdf.unwrap()));
    for expected in [
        "Kết quả thực hiện nhiệm vụ do Chính phủ, Thủ tướng Chính phủ giao (QC42) năm 2026",
        "- Văn phòng Chính phủ;",
        "- Ủy ban nhân dân tỉnh Quảng Trị.",
        "Số: /BC-VPUBND",
        "- Thường trực Tỉnh ủy;",
        "- Cổng TTĐT tỉnh;",
        "- Lưu: VT, TH (Ngân).",
    ] {
        assert!(all.contains(expected), "missing «{expected}» in {all}");
    }
    assert!(!all.contains("Chủ tịch, các PCT UBND tỉnh"), "{all}");
}

/// Text pasted with tabs and Windows line ends into a unit's difficulties prints as text.
#[test]
fn pasted_tabs_and_line_ends_print() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    let mut req = request(&s, ReportKind::Periodic, "2026", None);
    req.remarks = "Đề nghị:\tcác sở khẩn trương thực hiện;\r\nbáo cáo trước ngày 15.".into();
    let all = flat(&poppler(
        "pdftotext",
        &[],
        &generate(&s, fonts(), &req).unwrap(),
    ));
    assert!(
        all.contains("Đề nghị: các sở khẩn trương thực hiện; báo cáo trước ngày 15."),
        "{all}"
    );
}

/// A period the window sends as data is checked like a typed one.
#[test]
fn a_period_that_names_no_days_is_refused() {
    let s = store().lock().unwrap_or_else(|e| e.into_inner());
    let mut req = request(&s, ReportKind::Periodic, "2026", None);
    for bad in [
        Period::Quarter {
            year: 2026,
            quarter: 5,
        },
        Period::Month {
            year: 2026,
            month: 13,
        },
        Period::Month {
            year: 2026,
            month: 0,
        },
        Period::Year { year: 1800 },
    ] {
        req.period = bad;
        let e = generate(&s, fonts(), &req).unwrap_err();
        assert!(matches!(e, ReportError::Invalid(_)), "{bad:?}: {e}");
    }
}
