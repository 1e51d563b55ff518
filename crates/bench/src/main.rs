//! Nhiệm Vụ benchmarks. Prints one line per figure, `FIGURE <name> <value> <unit>`, each
//! followed where one applies by the same work done the simplest possible way with rusqlite
//! (`FIGURE <name>.raw_sqlite …`), measured in the same run, so figures read as ratios.
//!
//! ```text
//! cargo run --release -p nhiemvu-bench -- core --tasks 1000000 [--seed 2026] [--db PATH]
//! ```
//!
//! ```text
//! cargo run --release -p nhiemvu-bench -- ui --db PATH [--app target/release/nhiemvu]
//! ```
//!
//! `ui`: the real window on an existing database (see `ui.rs`).
//!
//! ```text
//! cargo run --release -p nhiemvu-bench -- sync [--tasks 100000]
//! ```
//!
//! `sync`: the office sync against a throw-away PostgreSQL cluster (see `sync.rs`): first
//! download of N tasks, 1,000 changes from one PC visible on another, 200 PCs through
//! PgBouncer.
//!
//! ```text
//! cargo run --release -p nhiemvu-bench -- report [--tasks 100000]
//! ```
//!
//! `report`: the consolidated yearly report with its appendix as a PDF, against the same
//! text written unformatted (see `report.rs`).
//!
//! `core`: generates the demo province of N tasks into a database file (a temporary one,
//! or `--db PATH`, which is reused when it already holds N tasks), then measures one page of
//! the register, accent-insensitive search, quarterly statistics and peak memory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, Months, NaiveDate};
use nhiemvu_core::demo::{self, DemoOptions};
use nhiemvu_core::model::{Id, UnitKind};
use nhiemvu_core::status::StatusFilter;
use nhiemvu_core::store::query::{RegisterQuery, RegisterSort};
use nhiemvu_core::store::Store;
use nhiemvu_core::text;
use rusqlite::Connection;

mod report;
mod sync;
mod ui;

const USAGE: &str = "usage: nhiemvu-bench core --tasks N [--seed S] [--db PATH] [--generate-only]\n       nhiemvu-bench ui --db PATH [--app PATH]\n       nhiemvu-bench sync [--tasks N]\n       nhiemvu-bench report [--tasks N] [--seed S]";

struct Args {
    suite: String,
    tasks: u64,
    seed: u64,
    db: Option<PathBuf>,
    /// Stop after the generation figures (for profiling the generator).
    generate_only: bool,
    /// The app binary for the `ui` suite.
    app: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let suite = it.next().ok_or(USAGE)?;
    let mut args = Args {
        suite,
        tasks: 100_000,
        seed: 2026,
        db: None,
        generate_only: false,
        app: None,
    };
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--tasks" => {
                args.tasks = value()?
                    .replace('_', "")
                    .parse()
                    .map_err(|e| format!("--tasks: {e}"))?
            }
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--db" => args.db = Some(PathBuf::from(value()?)),
            "--generate-only" => args.generate_only = true,
            "--app" => args.app = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    match args.suite.as_str() {
        "core" => {
            if let Err(e) = core(&args) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        "ui" => {
            let Some(db) = args.db.clone() else {
                eprintln!("ui needs --db PATH\n{USAGE}");
                std::process::exit(2);
            };
            if let Err(e) = ui::run(&ui::UiArgs {
                db,
                app: args.app.clone(),
            }) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        "report" => {
            if let Err(e) = report::run(&report::ReportArgs {
                tasks: args.tasks,
                seed: args.seed,
            }) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        // The report suite's child process (see report.rs).
        "report-pdf" => {
            let Some(db) = args.db.clone() else {
                eprintln!("report-pdf needs --db PATH");
                std::process::exit(2);
            };
            if let Err(e) = report::pdf_child(&db) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        "sync" => {
            if let Err(e) = sync::run(&sync::SyncArgs { tasks: args.tasks }) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        other => {
            eprintln!("unknown suite {other}\n{USAGE}");
            std::process::exit(2);
        }
    }
}

type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;

fn figure(name: &str, value: f64, unit: &str) {
    let v = if value >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.3}")
    };
    println!("FIGURE {name} {v} {unit}");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The p-th percentile (nearest rank) of durations, in ms.
/// `{name}_p50_ms{suffix}` and `{name}_p95_ms{suffix}` of a set of timings.
fn latency_figures(name: &str, suffix: &str, samples: &[Duration]) {
    for p in [50, 95] {
        let value = percentile(samples, f64::from(p));
        figure(&format!("{name}_p{p}_ms{suffix}"), value, "ms");
    }
}

fn percentile(samples: &[Duration], p: f64) -> f64 {
    let mut v: Vec<f64> = samples.iter().map(|d| ms(*d)).collect();
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    v[rank.min(v.len()) - 1]
}

/// Same SplitMix64 stream on every run, for the query parameters.
struct Rand(u64);

impl Rand {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn file_bytes(path: &Path) -> u64 {
    let mut total = 0;
    for suffix in ["", "-wal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        total += std::fs::metadata(PathBuf::from(p))
            .map(|m| m.len())
            .unwrap_or(0);
    }
    total
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Peak resident memory of this process (VmHWM), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// First day of the quarter containing `d`.
fn quarter_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1).expect("valid date")
}

fn core(args: &Args) -> BoxResult<()> {
    let n = args.tasks;
    let temp_dir = std::env::temp_dir().join(format!("nhiemvu-bench-{}", std::process::id()));
    let path = match &args.db {
        Some(p) => p.clone(),
        None => temp_dir.join("bench.sqlite3"),
    };
    println!(
        "# suite core: {n} tasks, seed {}, database {}",
        args.seed,
        path.display()
    );

    // ---- generation -------------------------------------------------------------------
    let reusable = path.exists()
        && Store::open(&path).ok().is_some_and(|s| {
            s.task_count().ok() == Some(n) && s.unit_count().ok().is_some_and(|u| u > 0)
        });
    if !reusable {
        remove_db(&path);
    }
    let mut store = Store::open(&path)?;
    if reusable {
        println!(
            "# reusing {} (already {n} tasks): generation not measured",
            path.display()
        );
    } else {
        let opts = DemoOptions {
            seed: args.seed,
            ..DemoOptions::new(n)
        };
        let t0 = Instant::now();
        let summary = demo::generate(&mut store, &opts, &mut |_, _| true)?;
        let elapsed = t0.elapsed();
        println!(
            "# generated {} units, {} people, {} documents, {} tasks in {:.1} s",
            summary.units,
            summary.people,
            summary.documents,
            summary.tasks,
            elapsed.as_secs_f64()
        );
        figure(
            "generate_tasks_per_s",
            n as f64 / elapsed.as_secs_f64(),
            "tasks/s",
        );
        if args.generate_only {
            return Ok(());
        }
        let raw = raw_insert(&path.with_extension("raw.sqlite3"), n)?;
        figure(
            "generate_tasks_per_s.raw_sqlite",
            n as f64 / raw.as_secs_f64(),
            "tasks/s",
        );
    }
    figure(
        "db_bytes_per_task",
        file_bytes(&path) as f64 / n as f64,
        "bytes",
    );
    if args.generate_only {
        return Ok(());
    }

    // The data's "today": the last day anything was assigned.
    let conn = store.connection();
    let end: NaiveDate = conn
        .query_row("SELECT max(assigned_on) FROM tasks", [], |r| {
            r.get::<_, String>(0)
        })?
        .parse()?;
    let begin: NaiveDate = conn
        .query_row("SELECT min(assigned_on) FROM tasks", [], |r| {
            r.get::<_, String>(0)
        })?
        .parse()?;
    let lead_units: Vec<Id> = {
        let mut st = conn.prepare(
            "SELECT id FROM units WHERE EXISTS (SELECT 1 FROM tasks WHERE lead_unit_id = units.id)",
        )?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let quarters: Vec<NaiveDate> = {
        let mut q = quarter_start(begin);
        let mut v = Vec::new();
        while q <= end {
            v.push(q);
            q = q.checked_add_months(Months::new(3)).expect("in range");
        }
        v
    };
    println!(
        "# as of {end}; {} lead units; {} quarters",
        lead_units.len(),
        quarters.len()
    );

    // ---- one page of the register -----------------------------------------------------
    let statuses = [
        StatusFilter::Overdue,
        StatusFilter::InProgressOnTime,
        StatusFilter::Unfinished,
        StatusFilter::DoneOnTime,
    ];
    let mut rand = Rand(args.seed);
    let queries: Vec<(Id, StatusFilter, NaiveDate, NaiveDate)> = (0..240)
        .map(|i| {
            let unit = lead_units[rand.below(lead_units.len())];
            let q = quarters[rand.below(quarters.len())];
            let to = q
                .checked_add_months(Months::new(3))
                .expect("in range")
                .pred_opt()
                .expect("in range");
            (unit, statuses[i % statuses.len()], q, to)
        })
        .collect();
    let page =
        |(unit, status, from, to): &(Id, StatusFilter, NaiveDate, NaiveDate)| RegisterQuery {
            unit_id: Some(*unit),
            status: Some(*status),
            deadline_from: Some(*from),
            deadline_to: Some(*to),
            as_of: Some(end),
            sort: RegisterSort::Deadline,
            limit: 100,
            ..Default::default()
        };
    for q in queries.iter().take(8) {
        store.register_page(&page(q))?; // warm the statement cache
    }
    let mut samples = Vec::with_capacity(queries.len());
    let mut rows = 0usize;
    for q in &queries {
        let t0 = Instant::now();
        rows += store.register_page(&page(q))?.rows.len();
        samples.push(t0.elapsed());
    }
    println!(
        "# register: {} queries, {:.1} rows per page on average",
        queries.len(),
        rows as f64 / queries.len() as f64
    );
    latency_figures("register_page", "", &samples);
    let mut raw = Vec::with_capacity(queries.len());
    {
        let mut st = conn.prepare(
            "SELECT id, description, deadline FROM tasks WHERE lead_unit_id = ?1 AND deadline BETWEEN ?2 AND ?3 ORDER BY deadline LIMIT 100",
        )?;
        for (unit, _, from, to) in &queries {
            let t0 = Instant::now();
            let mut r = st.query((unit, from.to_string(), to.to_string()))?;
            while let Some(row) = r.next()? {
                let _: (Id, String) = (row.get(0)?, row.get(1)?);
            }
            raw.push(t0.elapsed());
        }
    }
    latency_figures("register_page", ".raw_sqlite", &raw);

    // ---- accent-insensitive search ----------------------------------------------------
    let mut words: Vec<String> = {
        let mut st = conn.prepare("SELECT name FROM units WHERE kind = ?1 ORDER BY rowid")?;
        let names = st.query_map([UnitKind::Commune.as_str()], |r| r.get::<_, String>(0))?;
        names
            .filter_map(|n| n.ok())
            .map(|n| text::fold(n.trim_start_matches("Xã ").trim_start_matches("Phường ")))
            .filter(|n| n.split(' ').count() == 2)
            .take(40)
            .collect()
    };
    words.extend(
        [
            "giai ngan",
            "thien tai",
            "chuyen doi",
            "nong thon",
            "mat bang",
            "cai cach",
            "hanh chinh",
            "an toan",
            "ngan sach",
            "du lich",
            "tai dinh",
            "dau tu",
            "khieu nai",
            "moi truong",
            "giao vien",
            "sot xuat",
            "xang dau",
            "nha tam",
            "bo may",
            "thu tuc",
        ]
        .map(String::from),
    );
    let searches: Vec<&str> = (0..240).map(|i| words[i % words.len()].as_str()).collect();
    let search = |s: &str| RegisterQuery {
        search: Some(s.into()),
        as_of: Some(end),
        limit: 100,
        ..Default::default()
    };
    for s in searches.iter().take(4) {
        store.register_page(&search(s))?;
    }
    let mut samples = Vec::with_capacity(searches.len());
    let mut hits = 0u64;
    for s in &searches {
        let t0 = Instant::now();
        hits += u64::from(store.register_page(&search(s))?.total);
        samples.push(t0.elapsed());
    }
    println!(
        "# search: {} queries, {:.0} matching tasks per query on average",
        searches.len(),
        hits as f64 / searches.len() as f64
    );
    latency_figures("search", "", &samples);
    let mut raw = Vec::with_capacity(searches.len());
    {
        let mut st =
            conn.prepare("SELECT rowid FROM task_fts WHERE task_fts MATCH ?1 LIMIT 100")?;
        for s in &searches {
            let q = text::fts_query(s).expect("words");
            let t0 = Instant::now();
            let ids: Vec<i64> = st.query_map([q], |r| r.get(0))?.collect::<Result<_, _>>()?;
            std::hint::black_box(ids);
            raw.push(t0.elapsed());
        }
    }
    latency_figures("search", ".raw_sqlite", &raw);

    // ---- statistics of one quarter across all units -----------------------------------
    // The last complete quarter before the as-of date.
    let q_end = quarter_start(end).pred_opt().expect("in range");
    let q_start = quarter_start(q_end);
    let mut samples = Vec::new();
    let mut assigned = 0;
    for _ in 0..5 {
        let t0 = Instant::now();
        let s = store.statistics(q_start, q_end, end)?;
        samples.push(t0.elapsed());
        assigned = s.total.assigned + s.total.cancelled;
    }
    println!("# statistics {q_start} – {q_end} as of {end}: {assigned} tasks");
    figure("stats_quarter_ms", percentile(&samples, 50.0), "ms");
    let mut raw = Vec::new();
    {
        let mut st = conn.prepare("SELECT lead_unit_id, count(*) FROM tasks WHERE assigned_on BETWEEN ?1 AND ?2 GROUP BY lead_unit_id")?;
        for _ in 0..5 {
            let t0 = Instant::now();
            let groups: Vec<(Id, i64)> = st
                .query_map((q_start.to_string(), q_end.to_string()), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<Result<_, _>>()?;
            std::hint::black_box(groups);
            raw.push(t0.elapsed());
        }
    }
    figure("stats_quarter_ms.raw_sqlite", percentile(&raw, 50.0), "ms");

    if let Some(mb) = peak_rss_mb() {
        figure("rss_mb", mb, "MB");
    }
    drop(store);
    if args.db.is_none() {
        let _ = std::fs::remove_dir_all(&temp_dir);
    }
    Ok(())
}

/// The baseline for generation: N bare rows (id, unit, deadline, description) inserted
/// into a fresh table in one transaction, the simplest way rusqlite allows.
fn raw_insert(path: &Path, n: u64) -> BoxResult<Duration> {
    remove_db(path);
    let mut conn = Connection::open(path)?;
    conn.execute_batch("CREATE TABLE t (id BLOB, unit BLOB, deadline TEXT, description TEXT)")?;
    let units: Vec<[u8; 16]> = (0..150u8).map(|i| [i; 16]).collect();
    let description = "Rà soát, đánh giá tiến độ giải ngân từng dự án sử dụng vốn đầu tư công; đề xuất điều chuyển vốn từ các dự án giải ngân chậm sang các dự án có nhu cầu.";
    let mut rand = Rand(1);
    let t0 = Instant::now();
    let tx = conn.transaction()?;
    {
        let mut st =
            tx.prepare("INSERT INTO t (id, unit, deadline, description) VALUES (?1, ?2, ?3, ?4)")?;
        for i in 0..n {
            let r = rand.next().to_le_bytes();
            let bytes = [
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[0] ^ r[7],
                r[1] ^ r[6],
            ];
            let id = uuid::Builder::from_unix_timestamp_millis(1_700_000_000_000 + i, &bytes)
                .into_uuid();
            let deadline = format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            st.execute((
                id,
                units[rand.below(units.len())].as_slice(),
                deadline,
                description,
            ))?;
        }
    }
    tx.commit()?;
    let elapsed = t0.elapsed();
    drop(conn);
    remove_db(path);
    Ok(elapsed)
}
