//! Writes the three documents for a demo province into a folder, to look at them:
//! `cargo run -p nhiemvu-report --example samples -- DIR [TASKS]`.

use chrono::NaiveDate;
use nhiemvu_core::demo::{self, DemoOptions};
use nhiemvu_core::store::Store;
use nhiemvu_report::{generate, Fonts, Period, ReportKind, ReportRequest};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DIR"));
    let tasks: u64 = args.next().map(|s| s.parse().unwrap()).unwrap_or(3_000);
    std::fs::create_dir_all(&dir).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    demo::generate(
        &mut store,
        &DemoOptions {
            seed: 2026,
            tasks,
            end: today,
            years: 4,
        },
        &mut |_, _| true,
    )
    .unwrap();
    let fonts = Fonts::load();
    let unit = store
        .units()
        .unwrap()
        .into_iter()
        .find(|u| u.name.starts_with("Sở"))
        .unwrap();
    let jobs = [
        ("periodic", ReportKind::Periodic, "2026", None),
        (
            "periodic-unit",
            ReportKind::Periodic,
            "2026-Q3",
            Some(unit.id),
        ),
        ("urging", ReportKind::Urging, "2026", Some(unit.id)),
        ("register", ReportKind::Register, "2026-Q3", Some(unit.id)),
    ];
    for (name, kind, period, unit_id) in jobs {
        let mut req = ReportRequest::defaults(
            &store,
            kind,
            Period::parse(period).unwrap(),
            unit_id,
            None,
            today,
        )
        .unwrap();
        if req.signature.name.is_empty() {
            req.signature.name = "Trần Thị Lan".into();
        }
        if kind == ReportKind::Urging {
            req.letterhead.urgency = nhiemvu_core::model::Urgency::VeryUrgent;
            req.letterhead.secrecy = Some(nhiemvu_report::nd30::Secrecy::Confidential);
            req.letterhead.number = "125/VP-TH".into();
        }
        let t = std::time::Instant::now();
        let pdf = generate(&store, &fonts, &req).unwrap();
        println!("{name}: {} bytes in {:?}", pdf.len(), t.elapsed());
        std::fs::write(dir.join(format!("{name}.pdf")), pdf).unwrap();
    }
}
