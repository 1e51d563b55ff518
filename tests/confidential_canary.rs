//! The canary: records of the confidential store holding unique marker strings, ordinary
//! work holding another marker, then a full office sync in the same process. The secret
//! markers appear nowhere: not on the wire, not in PostgreSQL (its dump, its data files,
//! its log), not in the ordinary database or its outbox, not in a temporary file, not in
//! any file the app wrote — and the encrypted store itself does not hold them in plain text.
//! The ordinary marker is found on the wire and in PostgreSQL, so the search does find a
//! marker that travels.
//!
//! Alone in its binary: it points the process's temporary folder at a folder of its own.

#![cfg(feature = "office-sync")]

use chrono::Days;
use nhiemvu_app::confidential::print::SecretPrint;
use nhiemvu_app::confidential::{Confidential, SecretCreate};
use nhiemvu_app::AppState;
use nhiemvu_core::model::{
    DocumentKind, Issuer, Person, ProgressUpdate, Role, Secrecy, Unit, UnitKind, Urgency,
};
use nhiemvu_core::store::{NewDocument, NewTask, Store, TaskAction};
use nhiemvu_core::timeliness::today_local;
use nhiemvu_pgtest::canary::{contains, dump_text, files_under, Recorder};
use nhiemvu_pgtest::PgCluster;
use nhiemvu_secret::{
    CopyMethod, DecisionKind, MemoryVault, NewCopy, NewDecision, NewHandover, NewIncoming,
    NewOutgoing, NewSecretTask, Protection, Register,
};
use nhiemvu_sync::{provision, schema, SyncSession};

const PW: &str = "Mật khẩu của Thu 2026";

#[test]
fn secret_markers_never_leave_the_encrypted_store() {
    let tmp = tempfile::tempdir().unwrap();
    // SAFETY: set before this test starts any thread (it is the only test in its binary).
    unsafe { std::env::set_var("TMPDIR", tmp.path()) };
    assert_eq!(std::env::temp_dir(), tmp.path());

    let tag = uuid::Uuid::now_v7().simple().to_string();
    let secret: Vec<String> = [
        "TRICHYEU-DEN",
        "TRICHYEU-DI",
        "NOINHAN",
        "CHUYENGIAO",
        "SAOCHUP",
        "QUYETDINH",
        "NHIEMVU",
        "TIENDO",
        "GHICHU",
    ]
    .iter()
    .map(|k| format!("MAT-{k}-{tag}"))
    .collect();
    let ordinary = format!("THUONG-{tag}");

    // ---- The office database and the PC ---------------------------------------------
    let pg = PgCluster::start().unwrap();
    pg.create_database("nhiemvu").unwrap();
    let office = Unit {
        id: uuid::Uuid::now_v7(),
        parent_id: None,
        name: "Văn phòng UBND tỉnh".into(),
        kind: UnitKind::Office,
    };
    let health = Unit {
        id: uuid::Uuid::now_v7(),
        parent_id: None,
        name: "Sở Y tế".into(),
        kind: UnitKind::Department,
    };
    let thu = Person {
        id: uuid::Uuid::now_v7(),
        full_name: "Trần Thị Thu".into(),
        unit_id: office.id,
        role: Role::Office,
        title: String::new(),
    };
    {
        let mut su = pg.connect_superuser("nhiemvu").unwrap();
        schema::init(&mut su).unwrap();
        provision::put_unit(&mut su, &office).unwrap();
        provision::put_unit(&mut su, &health).unwrap();
        provision::put_person(&mut su, &thu, Some("vp_thu"), Some(PW)).unwrap();
    }
    let recorder = Recorder::start(pg.port());
    let url = format!(
        "postgresql://vp_thu@127.0.0.1:{}/nhiemvu?sslmode=disable",
        recorder.port
    );
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("nhiemvu.sqlite3");
    let state = AppState::new(Store::open(&db).unwrap(), db.clone())
        .with_confidential(Confidential::new(&db, true, Box::new(MemoryVault::new())));
    let mut worker_store = Store::open(&db).unwrap();
    let mut session = SyncSession::open(&url, Some(PW)).unwrap();
    session.round(&mut worker_store, &mut |_| {}).unwrap();
    state.store().reload_config().unwrap();
    assert_eq!(
        state.store().profile().unwrap().unwrap().person.id,
        thu.id,
        "the PC is Thu's"
    );

    // ---- Secret work, with every kind of record -------------------------------------
    let clerk = state.secret_clerk();
    let c = &state.confidential;
    c.create(
        clerk,
        SecretCreate {
            protection: Protection::Keychain,
        },
    )
    .unwrap();
    let year: i32 = today_local().format("%Y").to_string().parse().unwrap();
    let entry = c
        .with(|s| {
            let e = s.register_incoming(NewIncoming {
                issuer: "Bộ Công an".into(),
                doc_number: "12/BCA".into(),
                doc_kind: "Chỉ thị".into(),
                summary: Some(secret[0].clone()),
                secrecy: Some(Secrecy::Secret),
                handler: "Chánh Văn phòng".into(),
                note: secret[8].clone(),
                ..Default::default()
            })?;
            s.register_outgoing(NewOutgoing {
                doc_symbol: "BC-VP".into(),
                summary: Some(secret[1].clone()),
                secrecy: Some(Secrecy::Confidential),
                urgency: Some(Urgency::Normal),
                signer: "Trần Văn Minh".into(),
                recipients: vec![secret[2].clone()],
                ..Default::default()
            })?;
            s.record_handover(NewHandover {
                entry_id: Some(e.id),
                document: secret[3].clone(),
                giver: "Lý Thị Mật".into(),
                receiver: "Nguyễn Văn Hùng".into(),
                ..Default::default()
            })?;
            s.record_copy(NewCopy {
                entry_id: Some(e.id),
                document: secret[4].clone(),
                secrecy: None,
                method: CopyMethod::Photo,
                count: 1,
                authorized_by: "Chánh Văn phòng".into(),
                made_by: "Lý Thị Mật".into(),
                made_at: None,
                delivered_to: String::new(),
                note: String::new(),
            })?;
            s.record_decision(
                e.id,
                NewDecision {
                    kind: DecisionKind::Extend,
                    decision_number: secret[5].clone(),
                    decision_date: today_local(),
                    new_secrecy: None,
                    new_until: Some(today_local() + Days::new(365 * 30)),
                    note: String::new(),
                },
            )?;
            Ok(e)
        })
        .unwrap();
    let task = state
        .secret_add_task(NewSecretTask {
            entry_id: entry.id,
            task: NewTask {
                description: secret[6].clone(),
                lead_unit_id: Some(health.id),
                must_report: true,
                ..Default::default()
            },
            origin: None,
        })
        .unwrap();
    state
        .secret_task_action(task.task.id, None, TaskAction::Accept)
        .unwrap();
    state
        .secret_task_action(
            task.task.id,
            None,
            TaskAction::Progress(ProgressUpdate {
                text: secret[7].clone(),
                ..Default::default()
            }),
        )
        .unwrap();
    // Printed (in memory, as for the preview and the printer).
    for what in [
        SecretPrint::Register {
            register: Register::Incoming,
            year,
        },
        SecretPrint::Handovers { year },
        SecretPrint::Copies { year },
    ] {
        assert!(state.secret_pdf(&what).unwrap().starts_with(b"%PDF-"));
    }

    // ---- Ordinary work, and the sync ---------------------------------------------------
    state
        .register_document(
            NewDocument {
                kind: DocumentKind::Directive,
                number: "05".into(),
                symbol: "CT-UBND".into(),
                issued_on: today_local(),
                summary: format!("Về việc {ordinary}"),
                signer_name: "Nguyễn Văn Phước".into(),
                signer_title: "Chủ tịch".into(),
                issuer: Issuer::Chairman,
                submitting_agency: None,
                director: None,
                drafter: None,
                urgency: Urgency::Normal,
                origin: None,
                attachments: vec![],
            },
            vec![NewTask {
                description: "Triển khai".into(),
                lead_unit_id: Some(health.id),
                must_report: true,
                ..Default::default()
            }],
        )
        .unwrap();
    let r = session.round(&mut worker_store, &mut |_| {}).unwrap();
    assert!(r.pushed >= 1, "{r:?}");
    // A second round, as the worker keeps doing.
    session.round(&mut worker_store, &mut |_| {}).unwrap();
    drop(session);

    // ---- Where the markers are not ----------------------------------------------------
    let traffic = recorder.traffic();
    let dump = dump_text(&pg, "nhiemvu");
    assert!(
        contains(&traffic, &ordinary),
        "the search finds a marker that travels"
    );
    assert!(contains(&dump, &ordinary));
    let mut pg_files = files_under(pg.data_dir());
    pg_files.push((
        pg.log_path().to_path_buf(),
        std::fs::read(pg.log_path()).unwrap_or_default(),
    ));
    let outbox: Vec<String> = state
        .store()
        .outbox_entries(None, 10_000)
        .unwrap()
        .iter()
        .map(|e| serde_json::to_string(&e.mutation).unwrap())
        .collect();
    drop(worker_store);
    let app_files = files_under(data.path());
    assert!(
        app_files.iter().any(|(p, _)| p.ends_with("so-mat.nvm")),
        "the encrypted store is among the files searched"
    );
    let tmp_files = files_under(tmp.path());
    for m in &secret {
        assert!(!contains(&traffic, m), "{m} went over the wire");
        assert!(!contains(&dump, m), "{m} is in PostgreSQL");
        for (p, b) in pg_files.iter().chain(&app_files).chain(&tmp_files) {
            assert!(!contains(b, m), "{m} is in {}", p.display());
        }
        assert!(
            !outbox.iter().any(|o| o.contains(m.as_str())),
            "{m} is in the outbox"
        );
    }
    // And the store does hold them, so they were really written.
    let back = c.with(|s| s.entry(entry.id)).unwrap();
    assert_eq!(back.summary.as_deref(), Some(secret[0].as_str()));
}
