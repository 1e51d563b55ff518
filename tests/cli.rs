//! The `nhiemvu` command line: demo generation, Vietnamese errors, exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use nhiemvu_core::store::Store;

fn nhiemvu() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nhiemvu"));
    command.env_remove("NHIEMVU_DB");
    command
}

#[test]
fn demo_writes_the_requested_number_of_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let output = nhiemvu()
        .args(["demo", "--tasks", "40", "--seed", "7", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stdout.contains("Đã tạo dữ liệu mẫu: 40 nhiệm vụ"),
        "{stdout}"
    );
    assert!(stderr.contains("Đang tạo dữ liệu mẫu:"), "{stderr}");
    assert!(
        stderr.contains("40/40"),
        "the last progress step is shown: {stderr}"
    );

    let store = Store::open(&db).unwrap();
    assert_eq!(store.task_count().unwrap(), 40);
    assert!(store.unit_count().unwrap() > 0);
}

#[test]
fn the_database_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite3");
    let status = nhiemvu()
        .args(["demo", "--tasks", "5"])
        .env("NHIEMVU_DB", &db)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    assert_eq!(Store::open(&db).unwrap().task_count().unwrap(), 5);
}

#[test]
fn errors_are_in_vietnamese_with_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("not-a-database.sqlite3");
    std::fs::write(
        &db,
        "đây không phải là cơ sở dữ liệu SQLite, chỉ là một tệp văn bản.\n".repeat(100),
    )
    .unwrap();
    let output = nhiemvu()
        .args(["demo", "--tasks", "5", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("Lỗi: Không mở được cơ sở dữ liệu"),
        "{stderr}"
    );

    let output = nhiemvu()
        .args(["demo", "--tasks", "nhiều"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("Lỗi: Giá trị «nhiều» của «--tasks» không hợp lệ"),
        "{stderr}"
    );
}

/// The text of a PDF as poppler extracts it, whitespace collapsed.
fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn report_prints_a_pdf_for_automation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    let demo = nhiemvu()
        .args(["demo", "--tasks", "600", "--seed", "5", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(demo.status.success());
    let out = dir.path().join("Báo cáo quý.pdf");
    let year = nhiemvu_core::timeliness::today_local()
        .format("%Y")
        .to_string();
    let output = nhiemvu()
        .args([
            "report",
            "periodic",
            "--period",
            &year,
            "--number",
            "125/BC-VP",
            "--date",
            "2026-12-04",
            "--origin",
            "QC45",
            "--out",
        ])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("Đã tạo báo cáo: "), "{stdout}");
    let text = pdf_text(&out);
    assert!(text.contains("Số: 125/BC-VP"), "{text}");
    assert!(text.contains("ngày 04 tháng 12 năm 2026"), "{text}");
    assert!(
        text.contains(&format!(
            "do UBND tỉnh, Chủ tịch UBND tỉnh giao (QC45) năm {year}"
        )),
        "{text}"
    );
    // The figures are those of the same store.
    let store = Store::open(&db).unwrap();
    let y: i32 = year.parse().unwrap();
    let from = chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(y, 12, 31).unwrap();
    let filter = nhiemvu_core::stats::StatsFilter {
        origin: Some(nhiemvu_core::model::Origin::Qc45),
        lead_unit_id: None,
    };
    let st = store
        .statistics_where(
            from,
            to,
            to.min(nhiemvu_core::timeliness::today_local()),
            &filter,
        )
        .unwrap();
    assert!(
        text.contains(&format!(
            "Tổng số nhiệm vụ được giao: {} nhiệm vụ.",
            st.total.assigned
        )),
        "{text}"
    );
}

#[test]
fn report_mistakes_are_explained_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    assert!(nhiemvu()
        .args(["demo", "--tasks", "50", "--db"])
        .arg(&db)
        .output()
        .unwrap()
        .status
        .success());
    let out = dir.path().join("x.pdf");
    let run = |args: &[&str]| {
        let o = nhiemvu()
            .arg("report")
            .args(args)
            .arg("--out")
            .arg(&out)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        String::from_utf8(o.stderr).unwrap()
    };
    assert!(run(&["weekly", "--period", "2026"]).contains("Loại báo cáo «weekly» không có"));
    assert!(run(&["periodic", "--period", "2026-Q5"]).contains("Kỳ báo cáo «2026-Q5» không hợp lệ"));
    assert!(run(&["urging", "--period", "2026"]).contains("Công văn đôn đốc cần chọn đơn vị"));
    assert!(
        run(&["register", "--period", "2026", "--unit", "Sở Không Có"])
            .contains("Không có đơn vị «Sở Không Có»")
    );
    assert!(run(&["periodic", "--period", "2026", "--origin", "qc99"])
        .contains("Nguồn giao «qc99» không có"));
    assert!(!out.exists(), "nothing written on a mistake");
}

// ---- help and argument errors in Vietnamese ------------------------------------------------

/// English words clap (or a careless description) would print. Whole words, any case;
/// options (`--help`) are names, not words, and are left out of the check.
const ENGLISH: &[&str] = &[
    "error",
    "errors",
    "argument",
    "arguments",
    "arg",
    "required",
    "invalid",
    "found",
    "usage",
    "for",
    "more",
    "information",
    "try",
    "tip",
    "options",
    "option",
    "commands",
    "command",
    "subcommand",
    "subcommands",
    "print",
    "help",
    "version",
    "default",
    "possible",
    "values",
    "value",
    "was",
    "were",
    "not",
    "provided",
    "unexpected",
    "unrecognized",
    "expected",
    "similar",
    "exists",
    "pass",
    "missing",
    "cannot",
    "with",
    "multiple",
    "times",
    "digit",
    "string",
    "none",
    "supplied",
    "only",
    "and",
    "is",
    "of",
    "the",
    "equal",
    "sign",
    "needed",
    "too",
    "many",
    "few",
];

/// The English words of `text` (see `ENGLISH`).
fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.starts_with('-'))
        .map(str::to_lowercase)
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

fn assert_vietnamese(what: &str, text: &str) {
    let english = english_words(text);
    assert!(english.is_empty(), "{what}: English {english:?} in\n{text}");
    assert_eq!(
        nhiemvu_core::text::nfc(text),
        text,
        "{what}: not in NFC:\n{text}"
    );
}

/// `nhiemvu <path> --help`, which must succeed on stdout.
fn help_of(path: &[String]) -> String {
    let output = nhiemvu().args(path).arg("--help").output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{path:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The lines of a help section ("Lệnh:", "Tùy chọn:", …) up to the next blank line.
fn section<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

/// Every option and positional in the help has a description: on its own line, or on
/// the next, more indented one.
fn assert_described(path: &[String], help: &str) {
    for heading in ["Tùy chọn:", "Tham số:"] {
        let lines = section(help, heading);
        for (i, line) in lines.iter().enumerate() {
            let spec = line.trim_start();
            if !(spec.starts_with('-') || spec.starts_with('<')) {
                continue;
            }
            let on_same_line = spec
                .split_once("  ")
                .is_some_and(|(_, description)| !description.trim().is_empty());
            let on_next_line = lines.get(i + 1).is_some_and(|next| {
                let text = next.trim_start();
                !text.starts_with('-')
                    && !text.starts_with('<')
                    && next.len() - text.len() > line.len() - spec.len()
            });
            assert!(
                on_same_line || on_next_line,
                "{path:?}: no description for {spec:?}:\n{help}"
            );
        }
    }
}

#[test]
fn help_of_every_command_is_in_vietnamese() {
    // Walk the commands from the help itself, so that a command added later is checked too.
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    let mut seen = Vec::new();
    while let Some(path) = todo.pop() {
        let help = help_of(&path);
        assert_vietnamese(&format!("{path:?}"), &help);
        let usage = format!(
            "Cách dùng: nhiemvu{}",
            path.iter().map(|p| format!(" {p}")).collect::<String>()
        );
        assert!(help.contains(&usage), "{path:?}: {help}");
        assert!(help.contains("Tùy chọn:"), "{path:?}: {help}");
        assert!(help.contains("-h, --help"), "{path:?}: {help}");
        assert!(
            !help.contains("[OPTIONS]") && !help.contains("<COMMAND>"),
            "{help}"
        );
        assert_described(&path, &help);
        for line in section(&help, "Lệnh:") {
            let mut words = line.split_whitespace();
            let name = words.next().unwrap().to_string();
            assert!(
                words.next().is_some(),
                "{path:?}: {name} has no description"
            );
            let mut sub = path.clone();
            sub.push(name);
            todo.push(sub);
        }
        seen.push(path.join(" "));
    }
    seen.sort();
    for wanted in [
        "",
        "demo",
        "report",
        "kiem-tra-mang",
        "so-mat",
        "so-mat kiem-tra",
        "office-db",
        "office-db init",
        "office-db migrate",
        "office-db seed",
        "office-db prune",
        "office-db add-login",
        "sync",
    ] {
        let office = wanted.starts_with("office-db") || wanted == "sync";
        if office && !cfg!(feature = "office-sync") {
            continue;
        }
        assert!(
            seen.iter().any(|s| s == wanted),
            "{wanted:?} not reached: {seen:?}"
        );
    }

    let root = help_of(&[]);
    assert!(root.contains("Tạo dữ liệu mẫu"), "{root}");
    assert!(
        root.contains("\n           nhiemvu demo --tasks <SỐ>"),
        "{root}"
    );

    // What was missing or English before.
    if !cfg!(feature = "office-sync") {
        return;
    }
    let prune = help_of(&["office-db".into(), "prune".into()]);
    assert!(prune.contains("(mặc định: 90)"), "{prune}");
    assert!(prune.contains("từ 61 đến 36.500"), "{prune}");
    let init = help_of(&["office-db".into(), "init".into()]);
    for line in section(&init, "Tùy chọn:") {
        assert!(line.trim_start().split_once("  ").is_some(), "{init}");
    }
}

/// Runs `nhiemvu args`, which must be refused as a usage mistake: exit code 1, nothing on
/// stdout, a Vietnamese explanation on stderr with the usage and where to read more.
fn refused(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let output = nhiemvu()
        .args(args)
        .current_dir(dir.path())
        .env("NHIEMVU_DB", dir.path().join("nothing.sqlite3"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}");
    assert!(stderr.starts_with("Lỗi: "), "{args:?}: {stderr}");
    assert!(
        stderr.contains("\nCách dùng: nhiemvu"),
        "{args:?}: {stderr}"
    );
    assert!(stderr.contains("\nXem thêm: nhiemvu"), "{args:?}: {stderr}");
    // What the user typed is quoted back as typed («help»): the rest must be Vietnamese.
    let ours: String = stderr
        .split('«')
        .map(|part| part.split_once('»').map_or(part, |(_, after)| after))
        .collect();
    assert_vietnamese(&format!("{args:?}"), &ours);
    assert_eq!(nhiemvu_core::text::nfc(&stderr), stderr);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "{args:?}: a refused command wrote nothing"
    );
    stderr
}

#[test]
fn argument_mistakes_are_explained_in_vietnamese() {
    let url = "postgresql://qt_an@127.0.0.1:1/nhiemvu";
    // (arguments, what the explanation must say)
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--khong-co"],
            &["không có tùy chọn «--khong-co»", "Xem thêm: nhiemvu --help"],
        ),
        (&["lam-gi-do"], &["Không có lệnh «lam-gi-do»", "demo"]),
        (&["help"], &["Không có lệnh «help»"]),
        (
            &["demo"],
            &[
                "Thiếu tham số bắt buộc «--tasks <SỐ>»",
                "Xem thêm: nhiemvu demo --help",
            ],
        ),
        (&["demo", "--tasks"], &["Thiếu giá trị cho «--tasks»"]),
        (
            &["demo", "--tasks", "-5"],
            &["«--tasks» không nhận số âm «-5»"],
        ),
        (
            &["demo", "--tasks", "mười"],
            &["Giá trị «mười» của «--tasks» không hợp lệ"],
        ),
        (&["demo", "--tasks", "0"], &["«0»", "từ 1 đến 5.000.000"]),
        (&["demo", "--tasks", "99999999999"], &["từ 1 đến 5.000.000"]),
        (
            &["demo", "--tasks", "5", "--seed", "x7"],
            &["Giá trị «x7» của «--seed»", "số nguyên"],
        ),
        (
            &["demo", "--tasks", "5", "--seed", "99999999999999999999999"],
            &["số quá lớn"],
        ),
        (
            &["demo", "--tasks", "5", "--tasks", "6"],
            &["«--tasks» chỉ được ghi một lần"],
        ),
        (
            &["demo", "--task", "5"],
            &["«--task»", "Có phải ý bạn là «--tasks»?"],
        ),
        (
            &["--tasks", "5"],
            &["Tùy chọn «--tasks» thuộc lệnh «nhiemvu demo»"],
        ),
        (&["kiem-tra-mang", "thua"], &["Thừa tham số «thua»"]),
        (
            &["report", "periodic"],
            &["«--period <KỲ>»", "«--out <TỆP>»"],
        ),
        (
            &["report", "--period", "2026", "--out", "x.pdf"],
            &["«<LOẠI>»"],
        ),
        (
            &[
                "report", "periodic", "them", "--period", "2026", "--out", "x.pdf",
            ],
            &["Thừa tham số «them»", "Xem thêm: nhiemvu report --help"],
        ),
        (
            &["so-mat"],
            &["«nhiemvu so-mat» cần thêm một lệnh con: kiem-tra"],
        ),
        (
            &["so-mat", "kiem-tra", "--stdin=co"],
            &["«co»", "«--stdin»"],
        ),
        (
            &["office-db"],
            &["init", "migrate", "seed", "prune", "add-login"],
        ),
        (
            &["office-db", "lam-gi-do"],
            &["Không có lệnh «lam-gi-do» trong «nhiemvu office-db»"],
        ),
        (
            &["office-db", "init"],
            &[
                "«--url <ĐỊA_CHỈ>»",
                "Xem thêm: nhiemvu office-db init --help",
            ],
        ),
        (
            &["office-db", "init", "--url"],
            &["Thiếu giá trị cho «--url»"],
        ),
        (
            &[
                "office-db",
                "add-login",
                "--url",
                url,
                "--person",
                "Trần Thị Thu",
            ],
            &["«--login <TÊN>»"],
        ),
        (
            &[
                "office-db",
                "prune",
                "--url",
                url,
                "--keep-days",
                "4000000000",
            ],
            &["«4000000000» của «--keep-days»", "từ 61 đến 36.500"],
        ),
        (
            &["office-db", "prune", "--url", url, "--keep-days", "30"],
            &["từ 61 đến 36.500"],
        ),
        (
            &["office-db", "prune", "--url", url, "--keep-days", "-1"],
            &["«--keep-days» không nhận số âm"],
        ),
        (
            &["office-db", "prune", "--url", url, "--keep-days", "ba"],
            &["«ba»"],
        ),
        (
            &["sync", "--url"],
            &["Thiếu giá trị cho «--url»", "Xem thêm: nhiemvu sync --help"],
        ),
        (
            &["--db", "demo", "lam-gi-do"],
            &["Không có lệnh «lam-gi-do» trong «nhiemvu»"],
        ),
    ];
    for (args, says) in cases {
        // The confidential workstation's build has no office database.
        if ["office-db", "sync"].contains(&args[0]) && !cfg!(feature = "office-sync") {
            continue;
        }
        let stderr = refused(args);
        for said in *says {
            assert!(
                stderr.contains(said),
                "{args:?} should say {said:?}:\n{stderr}"
            );
        }
    }
}

#[test]
fn help_and_version_exit_with_0() {
    let output = nhiemvu().arg("-V").output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("nhiemvu "));
    let output = nhiemvu().args(["demo", "-h"]).output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Cách dùng: nhiemvu demo"));
}

// ---- what a command leaves on disk ---------------------------------------------------------

/// Every path under `dir` with its size (a directory as None), sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Option<u64>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        if meta.is_dir() {
            out.push((entry.path(), None));
            out.extend(tree(&entry.path()));
        } else {
            out.push((entry.path(), Some(meta.len())));
        }
    }
    out.sort();
    out
}

#[test]
fn report_on_a_missing_or_empty_database_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("trống.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let before = tree(dir.path());
    let out = dir.path().join("bao-cao.pdf");
    let report = |db: &Path| {
        let output = nhiemvu()
            .args(["report", "periodic", "--period", "2026", "--out"])
            .arg(&out)
            .arg("--db")
            .arg(db)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8(output.stderr).unwrap()
    };

    let stderr = report(&dir.path().join("khong-co.sqlite3"));
    assert!(stderr.starts_with("Lỗi: "), "{stderr}");
    assert!(stderr.contains("Không có cơ sở dữ liệu"), "{stderr}");
    let stderr = report(&dir.path().join("thư mục mới").join("khong-co.sqlite3"));
    assert!(stderr.contains("Không có cơ sở dữ liệu"), "{stderr}");
    let stderr = report(&empty);
    assert!(
        stderr.contains("trống, chưa phải cơ sở dữ liệu của Nhiệm Vụ"),
        "{stderr}"
    );
    assert_eq!(
        tree(dir.path()),
        before,
        "no file, -wal, -shm or folder made"
    );
}

#[test]
fn commands_that_only_read_a_database_do_not_create_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("khong-co.sqlite3");
    for args in [
        vec!["so-mat", "kiem-tra", "--stdin"],
        vec![
            "office-db",
            "seed",
            "--url",
            "postgresql://postgres@127.0.0.1:1/nhiemvu",
            "--password-stdin",
        ],
    ] {
        if args[0] == "office-db" && !cfg!(feature = "office-sync") {
            continue;
        }
        let output = nhiemvu().args(&args).arg("--db").arg(&db).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("Không có cơ sở dữ liệu"),
            "{args:?}: {stderr}"
        );
        assert!(tree(dir.path()).is_empty(), "{args:?}");
    }
}

#[test]
fn a_refused_demo_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();

    // Refused by its arguments: nothing is even opened.
    let new = dir.path().join("mới").join("demo.sqlite3");
    let output = nhiemvu()
        .args(["demo", "--tasks", "0", "--db"])
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(tree(dir.path()).is_empty());

    // Refused by the store: a file that is not a database stays as it was.
    let text = dir.path().join("ghi-chu.txt");
    std::fs::write(&text, "Ghi chú họp giao ban.\n".repeat(200)).unwrap();
    // Refused by the generator: a database with an office's own data.
    let office = dir.path().join("van-phong.sqlite3");
    let mut store = Store::open(&office).unwrap();
    store
        .create_office(nhiemvu_core::store::NewOffice {
            province_name: "Gia Lai".into(),
            issuing_body: "Văn phòng UBND tỉnh".into(),
            unit_name: "Văn phòng UBND tỉnh".into(),
            full_name: "Trần Thị Thu".into(),
            title: "Chuyên viên".into(),
            role: Some(nhiemvu_core::model::Role::Office),
        })
        .unwrap();
    drop(store);
    let before = tree(dir.path());
    let office_bytes = std::fs::read(&office).unwrap();
    for (db, says) in [
        (&text, "không phải là cơ sở dữ liệu của Nhiệm Vụ"),
        (&office, "đã có dữ liệu"),
    ] {
        let output = nhiemvu()
            .args(["demo", "--tasks", "20", "--db"])
            .arg(db)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
    }
    assert_eq!(tree(dir.path()), before);
    assert_eq!(std::fs::read(&office).unwrap(), office_bytes);
}

/// Runs the demo with files limited to 64 KiB (SIGXFSZ ignored, so a write past it fails
/// with EFBIG instead of killing the process): it fails after creating the file.
fn demo_on_a_full_disk(db: &Path) -> std::process::Output {
    Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f 128; exec \"$@\"", "sh"])
        .arg(env!("CARGO_BIN_EXE_nhiemvu"))
        .args(["demo", "--tasks", "20000", "--db"])
        .arg(db)
        .env_remove("NHIEMVU_DB")
        .output()
        .unwrap()
}

#[test]
fn a_demo_that_fails_midway_removes_the_file_it_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mới").join("demo.sqlite3");
    let output = demo_on_a_full_disk(&db);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        tree(dir.path()).is_empty(),
        "no database, -journal, -wal, -shm, files/ or folder left: {:?}",
        tree(dir.path())
    );

    // An empty file given to fill is empty again.
    let empty = dir.path().join("trống.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let output = demo_on_a_full_disk(&empty);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(tree(dir.path()), [(empty.clone(), Some(0))]);
}

// ---- a database the app may not write --------------------------------------------------

/// Makes a file, or only its folder, impossible to write even for root (the tests run as
/// root in CI, and root ignores permission bits): permission bits for another user, else
/// the immutable attribute, else a read-only mount in the command's own mount namespace.
/// Undone when dropped.
struct ReadOnly {
    how: How,
}

enum How {
    Mode {
        path: PathBuf,
        mode: u32,
    },
    Immutable(PathBuf),
    /// `dir` mounted read-only for the command, and `file` writable again inside it.
    Namespace {
        dir: PathBuf,
        file: Option<PathBuf>,
    },
}

/// Mounts $D read-only (and $F writable again when set), then runs the command.
const READ_ONLY_MOUNT: &str = "set -e; mount --bind \"$D\" \"$D\"; mount -o remount,bind,ro \"$D\"; \
    if [ -n \"$F\" ]; then mount --bind \"$F\" \"$F\"; mount -o remount,bind,rw \"$F\"; fi; exec \"$@\"";

impl ReadOnly {
    /// The database file `path` read-only.
    fn file(path: &Path) -> Option<ReadOnly> {
        Self::make(path, None)
    }

    /// The folder of `file` read-only, the file itself still writable.
    fn folder_of(file: &Path) -> Option<ReadOnly> {
        Self::make(file.parent().unwrap(), Some(file))
    }

    fn make(target: &Path, writable_file: Option<&Path>) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target).unwrap().permissions().mode();
        let read_only_mode = if target.is_dir() { 0o555 } else { 0o444 };
        std::fs::set_permissions(target, std::fs::Permissions::from_mode(read_only_mode)).unwrap();
        let lock = ReadOnly {
            how: How::Mode {
                path: target.to_path_buf(),
                mode,
            },
        };
        if lock.holds(target, writable_file) {
            return Some(lock);
        }
        drop(lock);
        let chattr = Command::new("chattr").arg("+i").arg(target).output();
        if chattr.is_ok_and(|o| o.status.success()) {
            let lock = ReadOnly {
                how: How::Immutable(target.to_path_buf()),
            };
            if lock.holds(target, writable_file) {
                return Some(lock);
            }
        }
        let (dir, file) = match writable_file {
            Some(file) => (target.to_path_buf(), Some(file.to_path_buf())),
            None => (target.parent().unwrap().to_path_buf(), None),
        };
        let lock = ReadOnly {
            how: How::Namespace { dir, file },
        };
        if lock.holds(target, writable_file) {
            return Some(lock);
        }
        eprintln!(
            "SKIPPED: cannot make {} read-only here: permission bits do not bind this user, \
             chattr +i and a read-only mount in a mount namespace (unshare -m) both failed",
            target.display()
        );
        None
    }

    /// Whether the command `self.command(…)` really cannot write `target` (and can write
    /// `writable_file`): checked by trying, as the command would.
    fn holds(&self, target: &Path, writable_file: Option<&Path>) -> bool {
        let probe = if target.is_dir() {
            format!("! ( : > \"{}/.probe\" ) 2>/dev/null", target.display())
        } else {
            format!("! ( : >> \"{}\" ) 2>/dev/null", target.display())
        };
        let probe = match writable_file {
            Some(f) => format!("{probe} && ( : >> \"{}\" )", f.display()),
            None => probe,
        };
        let held = self
            .command("sh")
            .args(["-c", &probe])
            .output()
            .is_ok_and(|o| o.status.success());
        let _ = std::fs::remove_file(target.join(".probe"));
        held
    }

    /// `program` run so that the lock applies to it.
    fn command(&self, program: &str) -> Command {
        match &self.how {
            How::Namespace { dir, file } => {
                let mut command = Command::new("unshare");
                command
                    .args(["-m", "sh", "-c", READ_ONLY_MOUNT, "sh", program])
                    .env("D", dir)
                    .env("F", file.as_deref().unwrap_or(Path::new("")));
                command
            }
            _ => Command::new(program),
        }
    }

    fn nhiemvu(&self) -> Command {
        let mut command = self.command(env!("CARGO_BIN_EXE_nhiemvu"));
        command.env_remove("NHIEMVU_DB");
        command
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        match &self.how {
            How::Mode { path, mode } => {
                let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(*mode));
            }
            How::Immutable(path) => {
                let _ = Command::new("chattr").arg("-i").arg(path).status();
            }
            How::Namespace { .. } => {}
        }
    }
}

/// A demo database of a few tasks in its own folder.
fn small_database(dir: &Path) -> PathBuf {
    let folder = dir.join("dữ liệu");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("nhiemvu.sqlite3");
    let output = nhiemvu()
        .args(["demo", "--tasks", "10", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(output.status.success());
    db
}

/// The window, the demo and a report on `db` under `lock`: each refused as read-only,
/// never as damaged, and the folder left as it was.
fn assert_refused_as_read_only(lock: &ReadOnly, db: &Path, says: &str) {
    let folder = db.parent().unwrap();
    let before = tree(folder);
    let bytes = std::fs::read(db).unwrap();
    let pdf = folder.parent().unwrap().join("bao-cao.pdf");
    let runs: [(&str, Vec<&std::ffi::OsStr>); 3] = [
        ("window", vec!["--db".as_ref(), db.as_os_str()]),
        (
            "demo",
            vec![
                "demo".as_ref(),
                "--tasks".as_ref(),
                "5".as_ref(),
                "--db".as_ref(),
                db.as_os_str(),
            ],
        ),
        (
            "report",
            vec![
                "report".as_ref(),
                "periodic".as_ref(),
                "--period".as_ref(),
                "2026".as_ref(),
                "--out".as_ref(),
                pdf.as_os_str(),
                "--db".as_ref(),
                db.as_os_str(),
            ],
        ),
    ];
    for (what, args) in runs {
        let output = lock
            .nhiemvu()
            .args(args)
            // Should the window get past the database, it must not find a display.
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{what}: {stderr}");
        assert!(stderr.starts_with("Lỗi: "), "{what}: {stderr}");
        assert!(stderr.contains("chỉ đọc"), "{what}: {stderr}");
        assert!(
            stderr.contains("hãy kiểm tra quyền ghi"),
            "{what}: {stderr}"
        );
        assert!(stderr.contains(says), "{what}: {stderr}");
        assert!(!stderr.contains("hỏng"), "{what}: {stderr}");
        assert!(
            !stderr.contains("không phải là cơ sở dữ liệu"),
            "{what}: {stderr}"
        );
        assert_vietnamese(what, &stderr);
        assert_eq!(tree(folder), before, "{what}");
        assert_eq!(std::fs::read(db).unwrap(), bytes, "{what}");
        assert!(!pdf.exists());
    }
}

#[test]
fn a_read_only_database_is_reported_as_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_database(dir.path());
    let Some(lock) = ReadOnly::file(&db) else {
        return;
    };
    assert_refused_as_read_only(&lock, &db, "không được phép ghi vào tệp");
}

#[test]
fn a_database_in_a_read_only_folder_is_reported_as_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_database(dir.path());
    let Some(lock) = ReadOnly::folder_of(&db) else {
        return;
    };
    assert_refused_as_read_only(&lock, &db, "thư mục chứa tệp không cho ghi");

    // A new database there cannot be made either.
    let new = db.parent().unwrap().join("mới.sqlite3");
    let output = lock
        .nhiemvu()
        .args(["demo", "--tasks", "5", "--db"])
        .arg(&new)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("chỉ đọc"), "{stderr}");
    assert_vietnamese("demo", &stderr);
    assert!(!new.exists());
}
