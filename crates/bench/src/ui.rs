//! `nhiemvu-bench ui`: the window as a user sees it, on a real database. Starts the app
//! (release build next to this binary, or `--app`) on a private Xvfb display in
//! measurement mode (`--perf-out`): the window times start-up to an interactive register,
//! filter changes to new rows on screen and typing in the search box to results, and
//! writes the figures. Meanwhile this process samples the memory of the app and all its
//! processes (WebKit's web and network processes). The baselines are the same queries made
//! straight to the core in this process: the floor any window could reach.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nhiemvu_core::status::StatusFilter;
use nhiemvu_core::store::query::RegisterQuery;
use nhiemvu_core::store::Store;

use crate::{figure, latency_figures, BoxResult};

/// The filters and words the window's script uses (ui/src/perf.ts), for the baselines.
const STATUSES: [StatusFilter; 8] = [
    StatusFilter::Overdue,
    StatusFilter::DueSoon,
    StatusFilter::DoneOnTime,
    StatusFilter::NotStarted,
    StatusFilter::InProgressOnTime,
    StatusFilter::DoneLate,
    StatusFilter::NoDeadline,
    StatusFilter::Unfinished,
];
const SEARCHES: [&str; 6] = [
    "giai ngan",
    "quang tri",
    "ke hoach",
    "cai cach hanh chinh",
    "phong chong",
    "dau tu cong",
];

pub struct UiArgs {
    pub db: PathBuf,
    pub app: Option<PathBuf>,
}

pub fn run(args: &UiArgs) -> BoxResult<()> {
    let app = match &args.app {
        Some(a) => a.clone(),
        None => std::env::current_exe()?
            .parent()
            .ok_or("no directory")?
            .join("nhiemvu"),
    };
    if !app.exists() {
        return Err(format!(
            "{} not found: build it with `cargo build --release --features custom-protocol` (after `npm --prefix ui run build`)",
            app.display()
        )
        .into());
    }
    let tasks = Store::open(&args.db)?.task_count()?;
    if tasks == 0 {
        return Err(format!(
            "{} holds no tasks (make one with `nhiemvu demo`)",
            args.db.display()
        )
        .into());
    }
    println!(
        "# suite ui: {} ({tasks} tasks), app {}",
        args.db.display(),
        app.display()
    );
    baselines(&args.db)?;

    let tmp = std::env::temp_dir().join(format!("nhiemvu-bench-ui-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let result = measure_window(&app, &args.db, &tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// The core's answer to the same first page, filter changes and searches, in-process.
fn baselines(db: &Path) -> BoxResult<()> {
    let t0 = Instant::now();
    let store = Store::open(db)?;
    let page = |q: RegisterQuery| store.register_page(&RegisterQuery { limit: 200, ..q });
    page(RegisterQuery::default())?;
    figure(
        "ui.start_to_register_ms.core_only",
        crate::ms(t0.elapsed()),
        "ms",
    );
    let mut filters = Vec::new();
    for _ in 0..2 {
        for s in STATUSES {
            let t = Instant::now();
            page(RegisterQuery {
                status: Some(s),
                ..Default::default()
            })?;
            filters.push(t.elapsed());
        }
    }
    latency_figures("ui.filter_change", ".core_only", &filters);
    let mut searches = Vec::new();
    for w in SEARCHES {
        let t = Instant::now();
        page(RegisterQuery {
            search: Some(w.into()),
            ..Default::default()
        })?;
        searches.push(t.elapsed());
    }
    latency_figures("ui.search_to_results", ".core_only", &searches);
    Ok(())
}

fn measure_window(app: &Path, db: &Path, tmp: &Path) -> BoxResult<()> {
    let mut xvfb = None;
    let display = match std::env::var("DISPLAY") {
        Ok(d) if !d.is_empty() && std::env::var_os("NHIEMVU_BENCH_XVFB").is_none() => d,
        _ => {
            let (child, display) = start_xvfb()?;
            xvfb = Some(child);
            display
        }
    };
    let out = tmp.join("figures.txt");
    let mut child = Command::new(app)
        .arg("--db")
        .arg(db)
        .arg("--perf-out")
        .arg(&out)
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_DATA_HOME", tmp.join("data"))
        .env("XDG_CONFIG_HOME", tmp.join("config"))
        .env("XDG_CACHE_HOME", tmp.join("cache"))
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let pid = child.id();
    let started = Instant::now();
    let mut peak_kb = 0u64;
    let mut at_finish_kb = 0u64;
    let mut status = None;
    while started.elapsed() < Duration::from_secs(300) {
        let kb = tree_rss_kb(pid);
        peak_kb = peak_kb.max(kb);
        if kb > 0 {
            at_finish_kb = kb;
        }
        if let Some(s) = child.try_wait()? {
            status = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    if let Some(mut x) = xvfb {
        let _ = x.kill();
        let _ = x.wait();
    }
    let text = std::fs::read_to_string(&out).map_err(|e| {
        format!(
            "the window wrote no figures ({e}); exit {status:?}; stderr:\n{}",
            stderr
                .chars()
                .rev()
                .take(3000)
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>()
        )
    })?;
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        if let (Some(name), Some(value), Some(unit)) = (parts.next(), parts.next(), parts.next()) {
            figure(name, value.parse()?, unit);
        }
    }
    figure(
        "ui.memory_all_processes_peak_mb",
        peak_kb as f64 / 1024.0,
        "MB",
    );
    figure(
        "ui.memory_all_processes_at_end_mb",
        at_finish_kb as f64 / 1024.0,
        "MB",
    );
    Ok(())
}

/// Xvfb on a display it chooses itself (-displayfd).
fn start_xvfb() -> BoxResult<(Child, String)> {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1366x900x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start Xvfb ({e}): apt-get install xvfb"))?;
    let mut stdout = child.stdout.take().ok_or("no Xvfb stdout")?;
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte)? == 1 && byte[0] != b'\n' {
        buf.push(byte[0]);
    }
    let n: u32 = String::from_utf8(buf)?.trim().parse()?;
    Ok((child, format!(":{n}")))
}

/// Resident memory of `root` and every process below it, in KB (from /proc).
fn tree_rss_kb(root: u32) -> u64 {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    let mut rss: HashMap<u32, u64> = HashMap::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
            continue;
        };
        let field = |key: &str| {
            status
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        };
        if let Some(pp) = field("PPid:") {
            parent.insert(pid, pp as u32);
        }
        rss.insert(pid, field("VmRSS:").unwrap_or(0));
    }
    let in_tree = |mut p: u32| {
        for _ in 0..64 {
            if p == root {
                return true;
            }
            match parent.get(&p) {
                Some(&pp) if pp != 0 => p = pp,
                _ => return false,
            }
        }
        false
    };
    rss.iter()
        .filter(|(pid, _)| in_tree(**pid))
        .map(|(_, kb)| kb)
        .sum()
}
