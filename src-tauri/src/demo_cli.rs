//! `nhiemvu demo --tasks N`: a synthetic province written into a database file, with its
//! progress on stderr. A run that fails leaves no file of its own behind: a half-made
//! file would later be taken for a database.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nhiemvu_core::demo::{self, DemoOptions};

use crate::{AppError, Throttle};

pub fn run(db_path: &Path, tasks: u64, seed: Option<u64>) -> Result<(), AppError> {
    let before = Before::look(db_path);
    let result = generate(db_path, tasks, seed);
    if result.is_err() {
        before.remove_what_was_made();
    }
    result
}

fn generate(db_path: &Path, tasks: u64, seed: Option<u64>) -> Result<(), AppError> {
    let mut store = crate::open_store(db_path)?;
    let mut options = DemoOptions::new(tasks);
    if let Some(seed) = seed {
        options.seed = seed;
    }

    let started = Instant::now();
    let mut line = ProgressLine::new();
    let mut progress = |done: u64, total: u64| {
        line.update(done, total);
        true
    };
    let result = demo::generate(&mut store, &options, &mut progress);
    line.finish();
    let summary = result?;

    let seconds = started.elapsed().as_secs_f64();
    let task_count = store.task_count()?;
    let unit_count = store.unit_count()?;
    let path = std::path::absolute(db_path).unwrap_or_else(|_| db_path.to_path_buf());
    println!(
        "Đã tạo dữ liệu mẫu: {} nhiệm vụ, {} văn bản chỉ đạo, {} đơn vị, {} cán bộ trong {} giây (hạt giống {}).",
        summary.tasks,
        summary.documents,
        summary.units,
        summary.people,
        format_decimal(seconds),
        options.seed
    );
    println!(
        "Cơ sở dữ liệu {} hiện có {task_count} nhiệm vụ của {unit_count} đơn vị.",
        path.display()
    );
    Ok(())
}

/// What existed before the run: the database file (and whether it was empty), SQLite's
/// companion files, the attachments folder and the folders above the file (the store
/// creates missing ones).
struct Before {
    db: PathBuf,
    db_existed: bool,
    db_was_empty: bool,
    companions: Vec<(PathBuf, bool)>,
    files_dir: (PathBuf, bool),
    /// Folders the run may create, deepest first.
    missing_dirs: Vec<PathBuf>,
}

impl Before {
    fn look(db: &Path) -> Before {
        let meta = std::fs::symlink_metadata(db).ok();
        let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
        let companions = ["-wal", "-shm", "-journal"]
            .iter()
            .map(|suffix| {
                let mut name = db.as_os_str().to_owned();
                name.push(suffix);
                let path = PathBuf::from(name);
                let existed = exists(&path);
                (path, existed)
            })
            .collect();
        let parent = db.parent().filter(|p| !p.as_os_str().is_empty());
        let files_dir = parent.unwrap_or(Path::new(".")).join("files");
        let files_existed = exists(&files_dir);
        let missing_dirs = parent
            .map(|p| {
                p.ancestors()
                    .take_while(|a| !a.as_os_str().is_empty() && !exists(a))
                    .map(Path::to_path_buf)
                    .collect()
            })
            .unwrap_or_default();
        Before {
            db: db.to_path_buf(),
            db_existed: meta.is_some(),
            db_was_empty: meta.is_some_and(|m| m.is_file() && m.len() == 0),
            companions,
            files_dir: (files_dir, files_existed),
            missing_dirs,
        }
    }

    /// Best effort: a file the run created is removed, an empty file it filled is emptied
    /// again; anything that existed before is left alone, and folders only go if empty.
    fn remove_what_was_made(&self) {
        if !self.db_existed {
            let _ = std::fs::remove_file(&self.db);
        } else if self.db_was_empty {
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .open(&self.db)
                .and_then(|f| f.set_len(0));
        }
        for (path, existed) in &self.companions {
            if !existed {
                let _ = std::fs::remove_file(path);
            }
        }
        if !self.files_dir.1 {
            let _ = std::fs::remove_dir(&self.files_dir.0);
        }
        for dir in &self.missing_dirs {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// "Đang tạo dữ liệu mẫu: 1200/5000 nhiệm vụ (24%)" on stderr: rewritten in place on a
/// terminal (at most 10 times a second), one line per 10 % otherwise (logs, CI).
struct ProgressLine {
    terminal: bool,
    throttle: Throttle,
    last_decile: Option<u64>,
    shown: bool,
}

impl ProgressLine {
    fn new() -> Self {
        ProgressLine {
            terminal: std::io::stderr().is_terminal(),
            throttle: Throttle::new(Duration::from_millis(100)),
            last_decile: None,
            shown: false,
        }
    }

    fn update(&mut self, done: u64, total: u64) {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        let text = format!("Đang tạo dữ liệu mẫu: {done}/{total} nhiệm vụ ({percent}%)");
        let mut stderr = std::io::stderr().lock();
        if self.terminal {
            if self.throttle.ready(done >= total) {
                let _ = write!(stderr, "\r{text}\x1b[K");
                let _ = stderr.flush();
                self.shown = true;
            }
        } else {
            let decile = percent / 10;
            if self.last_decile != Some(decile) {
                self.last_decile = Some(decile);
                let _ = writeln!(stderr, "{text}");
            }
        }
    }

    fn finish(&mut self) {
        if self.terminal && self.shown {
            eprintln!();
        }
    }
}

/// 3.25 → "3,3" (Vietnamese decimal comma).
fn format_decimal(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}
