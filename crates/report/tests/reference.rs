//! Pages rendered with `pdftoppm` compared with reference images a person reviewed
//! (`tests/reference/*.png`). After an intended change of layout, regenerate them with
//! `UPDATE_REFERENCES=1 cargo test -p nhiemvu-report --test reference`, look at every
//! image, and commit them.

mod support;

use std::process::Command;

use chrono::NaiveDate;
use nhiemvu_core::demo::{self, DemoOptions};
use nhiemvu_core::store::Store;
use nhiemvu_report::{generate, Fonts, Period, ReportKind, ReportRequest};

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

    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(name, pdf, page)| support::compare_with_reference(name, pdf, page).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
