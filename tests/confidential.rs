//! The confidential workstation's operations without the window: create and unlock the
//! store, register, print for signature (checked with poppler), the idle lock, export only
//! when allowed, a build that syncs refusing all of it, and the network check.

use std::process::Command;
use std::time::{Duration, Instant};

use nhiemvu_app::confidential::print::SecretPrint;
use nhiemvu_app::confidential::{Confidential, SecretCreate, SecretUnlock};
use nhiemvu_app::AppState;
use nhiemvu_core::model::{Secrecy, Urgency};
use nhiemvu_core::store::{NewOffice, NewTask, Store};
use nhiemvu_secret::{
    MemoryVault, NewIncoming, NewOutgoing, NewSecretTask, Protection, Register, SecretError,
    SecretSettings,
};

fn workstation() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nhiemvu.sqlite3");
    let state = AppState::new(Store::open(&db).unwrap(), db.clone())
        .with_confidential(Confidential::new(&db, true, Box::new(MemoryVault::new())));
    state
        .create_office(NewOffice {
            province_name: "Quảng Trị".into(),
            issuing_body: "Văn phòng UBND tỉnh".into(),
            unit_name: "Văn phòng UBND tỉnh".into(),
            full_name: "Lý Thị Mật".into(),
            title: "Văn thư".into(),
            role: Some(nhiemvu_core::model::Role::ConfidentialClerk),
        })
        .unwrap();
    (dir, state)
}

fn create(state: &AppState) -> String {
    let clerk = state.secret_clerk();
    state
        .confidential
        .create(
            clerk,
            SecretCreate {
                protection: Protection::Keychain,
            },
        )
        .unwrap()
        .recovery_code
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("so.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The printed registers are kept under target/tmp for a person to look at.
fn keep_for_review(name: &str, pdf: &[u8]) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("so-mat");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), pdf).unwrap();
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn incoming(summary: &str, secrecy: Secrecy) -> NewIncoming {
    NewIncoming {
        issuer: "Bộ Quốc phòng".into(),
        doc_number: "88/BQP-TM".into(),
        doc_kind: "Công văn".into(),
        summary: Some(summary.into()),
        secrecy: Some(secrecy),
        urgency: Some(Urgency::VeryUrgent),
        handler: "Chánh Văn phòng".into(),
        ..Default::default()
    }
}

#[test]
fn the_clerk_creates_registers_and_prints_for_signature() {
    let (_dir, state) = workstation();
    let status = state.confidential.status().unwrap();
    assert!(status.enabled && !status.open && status.unlock.is_none());
    let code = create(&state);
    assert_eq!(code.len(), 69);
    let c = &state.confidential;
    assert!(c.status().unwrap().open);
    let clerk = state.secret_clerk();
    assert_eq!(clerk.name, "Lý Thị Mật");

    let year = nhiemvu_core::timeliness::today_local()
        .format("%Y")
        .to_string();
    let year: i32 = year.parse().unwrap();
    c.with(|s| {
        s.register_incoming(incoming(
            "Kế hoạch diễn tập khu vực phòng thủ",
            Secrecy::Secret,
        ))?;
        s.register_outgoing(NewOutgoing {
            doc_symbol: "BC-VP".into(),
            doc_kind: "Báo cáo".into(),
            summary: Some("Báo cáo tình hình an ninh biên giới".into()),
            secrecy: Some(Secrecy::Confidential),
            signer: "Trần Văn Minh".into(),
            recipients: vec!["Bộ Công an".into(), "Thường trực Tỉnh ủy".into()],
            keeping_unit: "Văn thư".into(),
            copies: Some(3),
            ..Default::default()
        })
    })
    .unwrap();
    let pdf = state
        .secret_pdf(&SecretPrint::Register {
            register: Register::Incoming,
            year,
        })
        .unwrap();
    keep_for_review("so-mat-den.pdf", &pdf);
    let text = flat(&pdf_text(&pdf));
    for expected in [
        "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐẾN",
        &format!("Năm {year}"),
        "VĂN PHÒNG UBND TỈNH",
        "Công văn: Kế hoạch diễn tập",
        "Bộ Quốc phòng",
        "TỐI MẬT",
        "Trang 1/1",
        "Sổ có 1 mục, từ số 1 đến số 1",
        "Mã kiểm tra nhật ký:",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
    let pdf = state
        .secret_pdf(&SecretPrint::Register {
            register: Register::Outgoing,
            year,
        })
        .unwrap();
    keep_for_review("so-mat-di.pdf", &pdf);
    let text = flat(&pdf_text(&pdf));
    for expected in [
        "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐI",
        "1/BC-VP",
        "1. Bộ Công an",
        "2. Thường trực",
        "MẬT",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
    // Printing is noted in the log.
    let lines = c.with(|s| s.audit_lines(1)).unwrap();
    assert_eq!(lines[0].action, "print");

    // Secret tasks use the ordinary directory and calendar.
    let unit = state.units().unwrap()[0].clone();
    let entry = c.with(|s| s.entries(Register::Incoming, None)).unwrap()[0].id;
    let t = state
        .secret_add_task(NewSecretTask {
            entry_id: entry,
            task: NewTask {
                description: "Chuẩn bị phương án".into(),
                lead_unit_id: Some(unit.id),
                must_report: true,
                ..Default::default()
            },
            origin: None,
        })
        .unwrap();
    assert_eq!(t.lead_unit_name, unit.name);
    let st = state.secret_statistics(&format!("{year}"), None).unwrap();
    assert_eq!(st.total.assigned, 1);
    let pdf = state
        .secret_pdf(&SecretPrint::Statistics {
            period: format!("{year}"),
            as_of: None,
        })
        .unwrap();
    keep_for_review("thong-ke.pdf", &pdf);
    let text = flat(&pdf_text(&pdf));
    assert!(
        text.contains("THỐNG KÊ TÌNH HÌNH THỰC HIỆN NHIỆM VỤ TỪ VĂN BẢN MẬT"),
        "{text}"
    );
    assert!(text.contains(&unit.name), "{text}");
}

#[test]
fn the_store_locks_itself_when_idle_and_unlocks_with_the_keychain() {
    let (_dir, state) = workstation();
    let code = create(&state);
    let c = &state.confidential;
    c.with(|s| {
        s.set_settings(&SecretSettings {
            idle_lock_minutes: 1,
            ..SecretSettings::default()
        })
    })
    .unwrap();
    assert!(!c.lock_if_idle(Instant::now()), "just used");
    assert!(c.lock_if_idle(Instant::now() + Duration::from_secs(61)));
    let e = c.with(|s| s.entries(Register::Incoming, None)).unwrap_err();
    assert!(matches!(e, SecretError::Locked), "{e}");
    assert_eq!(e.payload().code, "locked");
    c.unlock(state.secret_clerk(), SecretUnlock::Keychain)
        .unwrap();
    assert!(c.with(|s| s.entries(Register::Incoming, None)).is_ok());
    c.lock();
    c.unlock(
        state.secret_clerk(),
        SecretUnlock::RecoveryCode { code, keep: None },
    )
    .unwrap();
    assert!(c.status().unwrap().open);
}

#[test]
fn saving_a_register_to_a_file_needs_the_clerk_s_permission() {
    let (dir, state) = workstation();
    create(&state);
    let what = SecretPrint::Handovers { year: 2026 };
    let docs = dir.path().join("Tài liệu");
    let e = state.secret_export(&what, &docs).unwrap_err();
    assert!(e.to_string().contains("đang tắt"), "{e}");
    assert!(!docs.exists(), "nothing written");
    let c = &state.confidential;
    c.with(|s| {
        s.set_settings(&SecretSettings {
            export_enabled: true,
            ..SecretSettings::default()
        })
    })
    .unwrap();
    let saved = state.secret_export(&what, &docs).unwrap();
    assert!(saved.path.starts_with(docs.to_str().unwrap()));
    assert!(std::fs::read(&saved.path).unwrap().starts_with(b"%PDF-"));
    let actions: Vec<String> = c
        .with(|s| s.audit_lines(5))
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect();
    assert!(actions.contains(&"export".to_string()), "{actions:?}");
    assert!(actions.contains(&"settings".to_string()), "{actions:?}");
}

#[test]
fn a_build_that_syncs_refuses_the_confidential_registers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nhiemvu.sqlite3");
    let c = Confidential::new(&db, false, Box::new(MemoryVault::new()));
    let clerk = nhiemvu_secret::Clerk {
        person_id: None,
        unit_id: None,
        name: "Ai đó".into(),
    };
    let e = c
        .create(
            clerk,
            SecretCreate {
                protection: Protection::Keychain,
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("Máy tính mật"), "{e}");
    assert!(!dir.path().join("so-mat.nvm").exists());
    assert!(!c.status().unwrap().enabled);
}

/// The network check, in network namespaces of its own: with only loopback it is quiet,
/// with an interface up it warns and names it. (Needs the right to make a network
/// namespace, as root in CI.)
#[test]
fn the_network_check_sees_an_interface_come_up() {
    let app = env!("CARGO_BIN_EXE_nhiemvu");
    let run = |script: &str| {
        let out = Command::new("unshare")
            .args(["--net", "--", "sh", "-c", script])
            .env("APP", app)
            .output()
            .expect("unshare (util-linux)");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = run("\"$APP\" kiem-tra-mang");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("không nối mạng"), "{stdout}");
    let (code, stdout, stderr) = run(
        "ip link add nv0 type veth peer name nv1 && ip link set nv0 up && \"$APP\" kiem-tra-mang",
    );
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        stdout.contains("CẢNH BÁO") && stdout.contains("nv0"),
        "{stdout}"
    );
    // Loopback alone, even up, is not a network.
    let (code, stdout, _) = run("ip link set lo up && \"$APP\" kiem-tra-mang");
    assert_eq!(code, Some(0), "{stdout}");
}

/// Printing hands the PDF to the print program on its standard input, with a title that
/// says nothing of the content, and writes no file of its own.
#[test]
fn printing_pipes_the_register_to_the_print_program() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, state) = workstation();
    create(&state);
    state
        .confidential
        .with(|s| s.register_incoming(incoming("Nội dung mật để in", Secrecy::Confidential)))
        .unwrap();
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    let fake_lp = dir.path().join("lp");
    std::fs::write(
        &fake_lp,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}/args'\ncat > '{0}/job.pdf'\n",
            spool.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake_lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let year: i32 = nhiemvu_core::timeliness::today_local()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap();
    let pdf = state
        .secret_pdf(&SecretPrint::Register {
            register: Register::Incoming,
            year,
        })
        .unwrap();
    nhiemvu_app::confidential::print::to_printer_with(&fake_lp, &pdf).unwrap();
    let job = std::fs::read(spool.join("job.pdf")).unwrap();
    assert!(job.starts_with(b"%PDF-") && job.len() == pdf.len());
    let args = std::fs::read_to_string(spool.join("args")).unwrap();
    assert!(
        args.contains("Nhiệm Vụ") && !args.contains("Nội dung"),
        "{args}"
    );
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(before, after, "no file written next to the database");
    // A missing print program is explained.
    let e =
        nhiemvu_app::confidential::print::to_printer_with(&dir.path().join("khong-co-lp"), &pdf)
            .unwrap_err();
    assert!(e.to_string().contains("máy in"), "{e}");
}
