//! The `nhiemvu` command line: demo generation, Vietnamese errors, exit codes.

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
    assert!(
        String::from_utf8_lossy(&output.stderr).starts_with("Lỗi: tham số dòng lệnh không hợp lệ")
    );
}

#[test]
fn help_is_in_vietnamese() {
    let output = nhiemvu().arg("--help").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Cách dùng:"), "{stdout}");
    assert!(stdout.contains("Tạo dữ liệu mẫu"), "{stdout}");
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
