//! Pages rendered with `pdftoppm` compared with reference images a person reviewed
//! (`tests/reference/*.png`). After an intended change of layout, regenerate them with
//! `UPDATE_REFERENCES=1 cargo test -p nhiemvu-report --test reference`, look at every
//! image, and commit them.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use nhiemvu_core::demo::{self, DemoOptions};
use nhiemvu_core::store::Store;
use nhiemvu_report::{generate, Fonts, Period, ReportKind, ReportRequest};

/// Rendering resolution: enough to see every line and rule.
const DPI: &str = "60";
/// A pixel counts as changed when its grey level moves by more than this (of 255).
const PIXEL_TOLERANCE: u8 = 96;
/// The share of changed pixels a page may have: room for anti-aliasing noise, while one
/// word of the header moved by a few millimetres already changes 0.06 % of the page.
const PAGE_TOLERANCE: f64 = 0.0002;

struct Gray {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

fn read_png(path: &Path) -> Gray {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight, "{}", path.display());
    let pixels = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|px| {
            if channels >= 3 {
                ((px[0] as u32 + px[1] as u32 + px[2] as u32) / 3) as u8
            } else {
                px[0]
            }
        })
        .collect();
    Gray {
        width: info.width,
        height: info.height,
        pixels,
    }
}

/// Renders page `page` of the PDF to a grey PNG.
fn render(pdf: &[u8], page: usize, out: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("r.pdf");
    std::fs::write(&input, pdf).unwrap();
    let root = dir.path().join("page");
    let p = page.to_string();
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            DPI,
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &p,
            "-l",
            &p,
        ])
        .arg(&input)
        .arg(&root)
        .status()
        .expect("pdftoppm (poppler-utils) is needed for this test");
    assert!(status.success());
    std::fs::copy(root.with_extension("png"), out).unwrap();
}

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

#[test]
fn pages_look_like_the_reviewed_references() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let opts = DemoOptions {
        seed: 2026,
        tasks: 3_000,
        end: today,
        years: 4,
    };
    demo::generate(&mut store, &opts, &mut |_, _| true).unwrap();
    let fonts = Fonts::load();
    let unit = |name: &str| {
        store
            .units()
            .unwrap()
            .into_iter()
            .find(|u| u.name == name)
            .unwrap()
            .id
    };
    let doc = |kind, period: &str, unit_id| {
        let mut r = ReportRequest::defaults(
            &store,
            kind,
            Period::parse(period).unwrap(),
            unit_id,
            None,
            today,
        )
        .unwrap();
        if r.signature.name.is_empty() {
            r.signature.name = "Trần Thị Lan".into();
        }
        generate(&store, &fonts, &r).unwrap()
    };
    let periodic = doc(ReportKind::Periodic, "2026", None);
    let unit_report = doc(
        ReportKind::Periodic,
        "2026-Q3",
        Some(unit("Sở Công Thương")),
    );
    let urging = doc(ReportKind::Urging, "2026", Some(unit("Sở Tư pháp")));
    let register = doc(ReportKind::Register, "2026-Q3", Some(unit("Sở Xây dựng")));
    let appendix_page = {
        // The first landscape page: where the appendix starts.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("p.pdf");
        std::fs::write(&f, &periodic).unwrap();
        let out = Command::new("pdfinfo")
            .args(["-f", "1", "-l", "99"])
            .arg(&f)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines()
            .filter(|l| l.starts_with("Page") && l.contains("size:"))
            .position(|l| l.contains("841.89 x 595.2"))
            .map(|i| i + 1)
            .expect("a landscape appendix")
    };
    let cases: [(&str, &[u8], usize); 6] = [
        ("periodic-p1", &periodic, 1),
        ("periodic-p2", &periodic, 2),
        ("periodic-appendix", &periodic, appendix_page),
        ("unit-report-p1", &unit_report, 1),
        ("urging-p1", &urging, 1),
        ("register-p1", &register, 1),
    ];

    let update = std::env::var_os("UPDATE_REFERENCES").is_some();
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-pages");
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut failures = Vec::new();
    for (name, pdf, page) in cases {
        let got_path = out_dir.join(format!("{name}.png"));
        render(pdf, page, &got_path);
        let reference = reference_dir().join(format!("{name}.png"));
        if update {
            std::fs::create_dir_all(reference_dir()).unwrap();
            std::fs::copy(&got_path, &reference).unwrap();
            continue;
        }
        assert!(
            reference.exists(),
            "no reference image {} (make it with UPDATE_REFERENCES=1 and look at it)",
            reference.display()
        );
        let (got, want) = (read_png(&got_path), read_png(&reference));
        if (got.width, got.height) != (want.width, want.height) {
            failures.push(format!(
                "{name}: {}×{} instead of {}×{}",
                got.width, got.height, want.width, want.height
            ));
            continue;
        }
        let changed = got
            .pixels
            .iter()
            .zip(&want.pixels)
            .filter(|(a, b)| a.abs_diff(**b) > PIXEL_TOLERANCE)
            .count();
        let share = changed as f64 / got.pixels.len() as f64;
        if share > PAGE_TOLERANCE {
            failures.push(format!(
                "{name}: {:.2}% of pixels differ (allowed {:.2}%); see {}",
                share * 100.0,
                PAGE_TOLERANCE * 100.0,
                got_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
