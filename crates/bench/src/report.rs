//! `report`: the office's consolidated yearly report over the demo province (100,000 tasks
//! by default) with its appendix of overdue tasks, laid out and written as a PDF; the floor
//! is the same figures and the same appendix text written as plain unformatted text.

use std::io::Write;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use nhiemvu_core::demo::{self, DemoOptions};
use nhiemvu_core::stats::StatsFilter;
use nhiemvu_core::store::Store;
use nhiemvu_report::documents::{rate, totals_sentence};
use nhiemvu_report::{Fonts, Period, ReportKind, ReportRequest};

use crate::{figure, ms, peak_rss_mb, remove_db, BoxResult};

pub struct ReportArgs {
    pub tasks: u64,
    pub seed: u64,
}

pub fn run(args: &ReportArgs) -> BoxResult<()> {
    let dir = std::env::temp_dir().join(format!("nhiemvu-bench-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.sqlite3");
    remove_db(&path);
    let (period, today) = last_year();
    let mut store = Store::open(&path)?;
    let t0 = Instant::now();
    let opts = DemoOptions {
        seed: args.seed,
        tasks: args.tasks,
        end: today,
        years: 4,
    };
    demo::generate(&mut store, &opts, &mut |_, _| true)?;
    println!(
        "# suite report: {} tasks generated in {:.1} s into {}",
        args.tasks,
        t0.elapsed().as_secs_f64(),
        path.display()
    );
    // The last whole year of the data: its tasks are mostly done, a share overdue.
    let (from, to) = period.dates();
    let as_of = today;

    // Warm the page cache and the statement cache once, for both sides alike.
    store.statistics_where(from, to, as_of, &StatsFilter::default())?;

    // ---- the floor: the same content as plain text ---------------------------------------
    let floor_path = dir.join("report.txt");
    let t = Instant::now();
    let st = store.statistics_where(from, to, as_of, &StatsFilter::default())?;
    let mut text = String::new();
    text.push_str(&totals_sentence(&st.total));
    text.push('\n');
    for (i, u) in st.by_unit.iter().enumerate() {
        let c = &u.counts;
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            i + 1,
            u.unit_name,
            c.assigned,
            c.done_on_time,
            c.done_late,
            c.in_progress_on_time,
            c.overdue,
            c.not_started,
            c.no_deadline,
            rate(c.done_rate()),
            rate(c.on_time_rate()),
            rate(c.overdue_rate())
        ));
    }
    for (i, o) in st.overdue.iter().enumerate() {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}; {}\t{}\n",
            i + 1,
            o.document_number,
            o.description,
            o.lead_unit_name,
            o.deadline.format("%d/%m/%Y"),
            o.days_overdue,
            o.delay_reasons,
            o.difficulties,
            o.proposals
        ));
    }
    let mut f = std::fs::File::create(&floor_path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    let floor = t.elapsed();

    // ---- the PDF, in a fresh process so that its memory is the report's alone ---------
    drop(store);
    let out = std::process::Command::new(std::env::current_exe()?)
        .args(["report-pdf", "--db"])
        .arg(&path)
        .output()?;
    if !out.status.success() {
        return Err(format!("report-pdf: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    print!("{}", String::from_utf8_lossy(&out.stdout));
    println!(
        "# floor: the same figures and appendix text unformatted ({} KB, {} overdue tasks) in {:.0} ms",
        text.len() / 1024,
        st.overdue.len(),
        ms(floor)
    );
    figure("report_yearly_100k_ms.plain_text", ms(floor), "ms");
    remove_db(&path);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The child of [`run`]: opens the generated database, makes the consolidated report of
/// the last whole year and writes it, then prints its figures and its peak memory.
pub fn pdf_child(path: &std::path::Path) -> BoxResult<()> {
    let t_open = Instant::now();
    let store = Store::open(path)?;
    let fonts = Fonts::load();
    let opened = t_open.elapsed();
    let (period, as_of) = last_year();
    let (from, to) = period.dates();
    let mut req = ReportRequest::defaults(&store, ReportKind::Periodic, period, None, None, as_of)?;
    req.as_of = as_of;
    // Warm the statement cache as the floor's run was.
    let st = store.statistics_where(from, to, as_of, &StatsFilter::default())?;
    let t = Instant::now();
    let stats_again = store.statistics_where(from, to, as_of, &StatsFilter::default())?;
    let stats_only = t.elapsed();
    drop(stats_again);

    let pdf_path = path.with_extension("pdf");
    let t = Instant::now();
    let pdf = nhiemvu_report::generate(&store, &fonts, &req)?;
    let generated = t.elapsed();
    let mut f = std::fs::File::create(&pdf_path)?;
    f.write_all(&pdf)?;
    f.sync_all()?;
    let total = t.elapsed();
    let rss_peak = peak_rss_mb().unwrap_or(0.0);
    let pages = count_pages(&pdf);
    let appendix_pages = count_landscape_pages(&pdf);
    println!(
        "# consolidated report for {}: {} tasks assigned, {} units, {} overdue tasks in the appendix; {pages} pages ({appendix_pages} landscape appendix pages), {} KB",
        from.year(),
        st.total.assigned,
        st.by_unit.len(),
        st.overdue.len(),
        pdf.len() / 1024
    );
    println!(
        "# split: statistics {:.0} ms, layout + PDF {:.0} ms, write + fsync {:.0} ms (open + fonts {:.0} ms not counted)",
        ms(stats_only),
        ms(generated) - ms(stats_only),
        ms(total) - ms(generated),
        ms(opened)
    );
    figure("report_yearly_100k_ms", ms(total), "ms");
    figure("report_yearly_100k_pages", pages as f64, "pages");
    figure(
        "report_yearly_100k_appendix_pages",
        appendix_pages as f64,
        "pages",
    );
    println!("# peak resident memory of the process that opened the database and made the report");
    figure("report_yearly_100k_peak_rss_mb", rss_peak, "MB");
    let _ = std::fs::remove_file(&pdf_path);
    Ok(())
}

/// The data's "today" and the last whole year before it.
fn last_year() -> (Period, NaiveDate) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    (
        Period::Year {
            year: today.year() - 1,
        },
        today,
    )
}

/// Page objects in the PDF: "/Type/Page" (not "/Pages"), spaces ignored.
fn count_pages(pdf: &[u8]) -> usize {
    let squeezed: Vec<u8> = pdf.iter().copied().filter(|b| *b != b' ').collect();
    squeezed
        .windows(11)
        .filter(|w| w.starts_with(b"/Type/Page") && w[10] != b's')
        .count()
}

/// Pages whose MediaBox is A4 turned (842 wide): the appendix.
fn count_landscape_pages(pdf: &[u8]) -> usize {
    let squeezed: Vec<u8> = pdf.iter().copied().filter(|b| *b != b' ').collect();
    squeezed
        .windows(17)
        .filter(|w| w.starts_with(b"MediaBox[00841.8"))
        .count()
}
