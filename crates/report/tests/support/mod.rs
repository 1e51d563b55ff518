//! Pages compared with reference images a person reviewed (`tests/reference/*.png`),
//! shared by the tests that keep references. After an intended change of layout,
//! regenerate them with `UPDATE_REFERENCES=1`, look at every image, and commit them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Rendering resolution: enough to see every line and rule.
const DPI: &str = "60";
/// A pixel counts as changed when its grey level moves by more than this (of 255).
const PIXEL_TOLERANCE: u8 = 96;
/// The share of changed pixels a page may have: room for anti-aliasing noise, while one
/// word of the header moved by a few millimetres already changes 0.06 % of the page.
const PAGE_TOLERANCE: f64 = 0.0002;

pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

pub fn read_png(path: &Path) -> Gray {
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
pub fn render(pdf: &[u8], page: usize, out: &Path) {
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

pub fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

/// Render `page` of `pdf` as `name` under target/tmp/report-pages and compare it with the
/// reference of that name (or, with `UPDATE_REFERENCES`, make it the reference). Returns
/// what is wrong, if anything.
pub fn compare_with_reference(name: &str, pdf: &[u8], page: usize) -> Result<(), String> {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-pages");
    std::fs::create_dir_all(&out_dir).unwrap();
    let got_path = out_dir.join(format!("{name}.png"));
    render(pdf, page, &got_path);
    let reference = reference_dir().join(format!("{name}.png"));
    if std::env::var_os("UPDATE_REFERENCES").is_some() {
        std::fs::create_dir_all(reference_dir()).unwrap();
        std::fs::copy(&got_path, &reference).unwrap();
        return Ok(());
    }
    if !reference.exists() {
        return Err(format!(
            "no reference image {} (make it with UPDATE_REFERENCES=1 and look at it)",
            reference.display()
        ));
    }
    let (got, want) = (read_png(&got_path), read_png(&reference));
    if (got.width, got.height) != (want.width, want.height) {
        return Err(format!(
            "{name}: {}×{} instead of {}×{}",
            got.width, got.height, want.width, want.height
        ));
    }
    let changed = got
        .pixels
        .iter()
        .zip(&want.pixels)
        .filter(|(a, b)| a.abs_diff(**b) > PIXEL_TOLERANCE)
        .count();
    let share = changed as f64 / got.pixels.len() as f64;
    if share > PAGE_TOLERANCE {
        return Err(format!(
            "{name}: {:.2}% of pixels differ (allowed {:.2}%); see {}",
            share * 100.0,
            PAGE_TOLERANCE * 100.0,
            got_path.display()
        ));
    }
    Ok(())
}

/// Runs a poppler tool on the PDF and returns what it printed.
pub fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed for this test: {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whitespace collapsed to single spaces: pdftotext breaks lines where the layout did.
pub fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A word of `pdftotext -bbox` output: its page, box and text.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
    pub text: String,
}

pub fn bbox_words(pdf: &[u8]) -> Vec<Word> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let mut words = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let attr = |name: &str| -> f32 {
                let start = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                rest[start..].split('"').next().unwrap().parse().unwrap()
            };
            let text = rest.split_once('>').unwrap().1.trim_end_matches("</word>");
            let text = text
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'");
            words.push(Word {
                page,
                x_min: attr("xMin"),
                y_min: attr("yMin"),
                x_max: attr("xMax"),
                y_max: attr("yMax"),
                text,
            });
        }
    }
    words
}
