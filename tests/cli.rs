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
