//! The app's background sync against a real PostgreSQL: configuring checks the login
//! before keeping anything, the password goes to the keychain (never into the local file),
//! a local write is sent after a nudge, a change made elsewhere arrives by LISTEN/NOTIFY,
//! a transaction held open on the server is reported and then ended, and a server that goes
//! away is "offline", not an error.

#![cfg(feature = "office-sync")]

use std::sync::mpsc;
use std::time::{Duration, Instant};

use nhiemvu_app::sync::SyncHandle;
use nhiemvu_app::sync_view::{SyncPhase, SyncSetup, SyncStatusView};
use nhiemvu_core::model::{DocumentKind, Issuer, Person, Role, Unit, UnitKind, Urgency};
use nhiemvu_core::store::{NewDocument, NewTask, Store};
use nhiemvu_core::timeliness::today_local;
use nhiemvu_keychain::{Keychain, MemoryKeychain};
use nhiemvu_pgtest::PgCluster;
use nhiemvu_sync::{provision, schema};
use std::sync::Arc;

const PW: &str = "Mật khẩu của Thu 2026";

fn document() -> NewDocument {
    NewDocument {
        kind: DocumentKind::Directive,
        number: "05".into(),
        symbol: "CT-UBND".into(),
        issued_on: today_local(),
        summary: "Về tăng cường kỷ luật hành chính".into(),
        signer_name: "Nguyễn Văn Phước".into(),
        signer_title: "Chủ tịch".into(),
        issuer: Issuer::Chairman,
        submitting_agency: None,
        director: None,
        drafter: None,
        urgency: Urgency::Normal,
        origin: None,
        attachments: vec![],
    }
}

fn wait_for(
    rx: &mpsc::Receiver<(SyncStatusView, bool)>,
    what: &str,
    ok: impl Fn(&SyncStatusView) -> bool,
) -> SyncStatusView {
    // Generous: a busy machine is slow, and each state is waited for, not timed.
    let end = Instant::now() + Duration::from_secs(180);
    while Instant::now() < end {
        if let Ok((s, _)) = rx.recv_timeout(Duration::from_millis(200)) {
            if ok(&s) {
                return s;
            }
        }
    }
    panic!("no status with {what}");
}

#[test]
fn configure_send_receive_and_go_offline() {
    let mut pg = PgCluster::start().unwrap();
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
    let lan = Person {
        id: uuid::Uuid::now_v7(),
        full_name: "Lê Thị Lan".into(),
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
        provision::put_person(&mut su, &lan, Some("vp_lan"), Some(PW)).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nhiemvu.sqlite3");
    let mut ui = Store::open(&db).unwrap();
    let keychain = Arc::new(MemoryKeychain::new());
    let handle =
        SyncHandle::with_keychain(db.clone(), Box::new(keychain.clone()), Box::new(|| None));
    let (tx, rx) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    handle.start(move |s, changed| {
        let _ = tx.lock().unwrap().send((s.clone(), changed));
    });

    let url = format!("postgresql://vp_thu@127.0.0.1:{}/nhiemvu", pg.port());
    // A wrong password keeps nothing.
    let e = handle
        .configure(
            &mut ui,
            SyncSetup {
                url: url.clone(),
                password: "sai".into(),
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "login");
    assert!(ui
        .sync_state_get(nhiemvu_app::sync::URL_KEY)
        .unwrap()
        .is_none());
    assert!(keychain.is_empty());

    let s = handle
        .configure(
            &mut ui,
            SyncSetup {
                url: url.clone(),
                password: PW.into(),
            },
        )
        .unwrap();
    assert!(s.configured && s.available);
    assert_eq!(s.login.as_deref(), Some("vp_thu"));
    assert_eq!(
        keychain
            .get("vp_thu@127.0.0.1:".to_string().as_str())
            .ok()
            .flatten(),
        None
    );
    let account = nhiemvu_sync::OfficeDb::parse(&url)
        .unwrap()
        .keychain_account();
    assert_eq!(
        keychain.get(&account).unwrap().as_deref(),
        Some(PW),
        "in the keychain"
    );
    let raw = std::fs::read(&db).unwrap();
    assert!(
        !String::from_utf8_lossy(&raw).contains(PW),
        "never in the local file"
    );

    // The first round downloads the directory and makes this PC Thu's.
    wait_for(&rx, "the first sync", |s| {
        s.phase == SyncPhase::Idle && s.last_sync_at.is_some()
    });
    let me = ui.profile().unwrap().expect("profile from the server");
    assert_eq!(me.person.id, thu.id);

    // Only the admin gives logins: an officer is told so.
    let e = handle
        .create_login(&ui, lan.id, "lan_moi", "một mật khẩu dài 2026")
        .unwrap_err();
    assert!(e.to_string().contains("Chỉ quản trị viên"), "{e}");

    // A local write, a nudge, and it is on the server.
    ui.register_document(
        &me.actor(),
        document(),
        vec![NewTask {
            description: "Rà soát kỷ luật".into(),
            lead_unit_id: Some(health.id),
            must_report: true,
            ..Default::default()
        }],
    )
    .unwrap();
    handle.wake();
    wait_for(&rx, "pending 0 after a write", |s| {
        s.phase == SyncPhase::Idle && s.pending == 0 && s.last_sync_at.is_some()
    });
    let mut su = pg.connect_superuser("nhiemvu").unwrap();
    let n: i64 = su
        .query_one("SELECT count(*) FROM nv.tasks", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);

    // Lan registers on her PC; the server's NOTIFY wakes Thu's worker well before the poll.
    let listening = Instant::now();
    while !handle.is_listening() {
        assert!(
            listening.elapsed() < Duration::from_secs(120),
            "the listener never connected"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let task_count = || Store::open(&db).unwrap().task_count().unwrap();
    let other = dir.path().join("lan.sqlite3");
    let mut lan_store = Store::open(&other).unwrap();
    let lan_url = format!("postgresql://vp_lan@127.0.0.1:{}/nhiemvu", pg.port());
    let mut lan_session = nhiemvu_sync::SyncSession::open(&lan_url, Some(PW)).unwrap();
    lan_session.round(&mut lan_store, &mut |_| {}).unwrap();
    let lan_actor = lan_store.profile().unwrap().unwrap().actor();
    lan_store
        .register_document(
            &lan_actor,
            document(),
            vec![NewTask {
                description: "Kiểm tra công vụ".into(),
                lead_unit_id: Some(health.id),
                must_report: false,
                ..Default::default()
            }],
        )
        .unwrap();
    let sent = Instant::now();
    lan_session.round(&mut lan_store, &mut |_| {}).unwrap();
    while task_count() < 2 {
        assert!(
            sent.elapsed() < Duration::from_secs(25),
            "the nudge did not arrive (poll is 30 s)"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A transaction left open on the server (a tool, a crashed program) holds back what
    // every PC receives: the status says so, and past the release limit the server ends it
    // (the limits are lowered here so that nothing waits minutes).
    let mut holder = pg.connect("vp_lan", PW, "nhiemvu").unwrap();
    holder
        .batch_execute("BEGIN; SELECT pg_current_xact_id();")
        .unwrap();
    su.batch_execute(
        "UPDATE nv.meta SET value = '0' WHERE key = 'held_warn_seconds';
         UPDATE nv.meta SET value = '100000' WHERE key = 'held_release_seconds';",
    )
    .unwrap();
    handle.wake();
    let s = wait_for(&rx, "the held-back warning", |s| {
        s.held_back.as_ref().is_some_and(|h| !h.released)
    });
    assert_eq!(s.phase, SyncPhase::Idle, "a warning, not an error");
    su.batch_execute("UPDATE nv.meta SET value = '0' WHERE key = 'held_release_seconds'")
        .unwrap();
    handle.wake();
    wait_for(&rx, "the holder ended", |s| {
        s.held_back.as_ref().is_some_and(|h| h.released)
    });
    assert!(
        holder.batch_execute("SELECT 1").is_err(),
        "the holding session was ended"
    );
    su.batch_execute(
        "UPDATE nv.meta SET value = '120' WHERE key = 'held_warn_seconds';
         UPDATE nv.meta SET value = '600' WHERE key = 'held_release_seconds';",
    )
    .unwrap();
    handle.wake();
    wait_for(&rx, "no warning any more", |s| {
        s.held_back.is_none() && s.phase == SyncPhase::Idle
    });

    // The server goes away: offline, the write waits, nothing is lost.
    pg.stop().unwrap();
    ui.register_document(&me.actor(), document(), vec![])
        .unwrap();
    handle.wake();
    let s = wait_for(&rx, "offline", |s| s.phase == SyncPhase::Offline);
    assert!(s.last_error.unwrap().contains("Không kết nối được"));
    assert_eq!(handle.status(&ui).pending, 1);
    pg.start_again().unwrap();
    handle.wake();
    wait_for(&rx, "back and sent", |s| {
        s.phase == SyncPhase::Idle && s.pending == 0
    });
    handle.shutdown();

    let s = handle.disconnect(&mut ui).unwrap();
    assert!(!s.configured && s.phase == SyncPhase::Off);
    assert!(keychain.get(&account).unwrap().is_none(), "forgotten");
    assert_eq!(ui.task_count().unwrap(), 2, "the local data stays");
}
