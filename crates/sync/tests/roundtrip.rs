//! Both directions through a real PostgreSQL: the office registers and assigns on its PC,
//! the unit sees exactly its own task after a sync, acts on it, and the office sees that.
//! Refused mutations come back to their author with a reason and the local copy follows
//! the server.

mod support;

use nhiemvu_core::model::{ProgressUpdate, WorkflowState};
use nhiemvu_core::store::{OutboxState, TaskAction};
use support::*;

#[test]
fn office_assigns_unit_accepts_office_sees_it() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut syt = office.pc("syt_binh");
    let mut stc = office.pc("stc_cuong");
    let mut ld = office.pc("ld_dung");
    assert_eq!(
        vp.store.profile().unwrap().unwrap().person.full_name,
        "Trần Thị Thu"
    );
    assert_eq!(
        syt.store.units().unwrap().len(),
        4,
        "the directory came down"
    );

    let tasks = register(&mut vp, "15", &[office.health.id, office.finance.id]);
    assert_eq!(vp.store.outbox_counts().unwrap().pending, 1);
    let r = vp.sync();
    assert_eq!((r.pushed, r.rejected), (1, 0));
    assert_eq!(vp.store.outbox_counts().unwrap().pending, 0);

    syt.sync();
    stc.sync();
    ld.sync();
    assert_eq!(
        syt.store.task_ids().unwrap(),
        vec![tasks[0].id],
        "Sở Y tế sees only its task"
    );
    assert_eq!(stc.store.task_ids().unwrap(), vec![tasks[1].id]);
    assert_eq!(
        ld.store.task_ids().unwrap().len(),
        2,
        "leaders see everything"
    );
    assert_eq!(
        syt.store.document_count().unwrap(),
        1,
        "and the document of its task"
    );

    let a = syt.actor();
    syt.store
        .apply(&a, tasks[0].id, None, TaskAction::Accept)
        .unwrap();
    syt.store
        .apply(
            &a,
            tasks[0].id,
            None,
            TaskAction::Progress(ProgressUpdate {
                text: "Đã họp triển khai, đạt 40% khối lượng.".into(),
                ..Default::default()
            }),
        )
        .unwrap();
    let r = syt.sync();
    assert_eq!((r.pushed, r.rejected), (2, 0));
    vp.sync();
    let seen = vp.store.task(tasks[0].id).unwrap();
    assert_eq!(seen.state, WorkflowState::InProgress);
    assert_eq!(seen.version, 3);
    let timeline = vp.store.timeline(tasks[0].id).unwrap();
    assert_eq!(timeline.len(), 3, "assigned, accepted, progress");
    assert_eq!(timeline[1].actor_name.as_deref(), Some("Phạm Văn Bình"));

    // After a sync every PC shows what PostgreSQL shows its person.
    for pc in [&mut vp, &mut syt, &mut stc, &mut ld] {
        pc.sync();
        let mut direct = office.direct(pc.login);
        assert_eq!(
            local_view(&pc.store),
            server_view(&mut direct),
            "{}",
            pc.login
        );
    }
}

#[test]
fn a_refused_mutation_is_shown_to_its_author_and_the_copy_follows_the_server() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut syt = office.pc("syt_binh");
    let tasks = register(&mut vp, "16", &[office.health.id]);
    vp.sync();
    syt.sync();
    let id = tasks[0].id;

    // The office cancels while the unit, offline, accepts.
    let a = vp.actor();
    vp.store
        .apply(
            &a,
            id,
            None,
            TaskAction::Cancel {
                reason: "Văn bản bị thay thế".into(),
                withdrawn: true,
            },
        )
        .unwrap();
    vp.sync();
    let a = syt.actor();
    syt.store.apply(&a, id, None, TaskAction::Accept).unwrap();
    assert_eq!(syt.store.task(id).unwrap().state, WorkflowState::InProgress);

    let r = syt.sync();
    assert_eq!((r.pushed, r.rejected), (0, 1));
    let rejected = syt
        .store
        .outbox_entries(Some(OutboxState::Rejected), 10)
        .unwrap();
    assert_eq!(rejected.len(), 1);
    let reason = rejected[0].reason.clone().unwrap();
    assert!(
        reason.starts_with("Máy chủ không nhận thao tác \"tiếp nhận nhiệm vụ\""),
        "{reason}"
    );
    assert!(reason.contains("hủy"), "{reason}");
    assert_eq!(syt.store.outbox_counts().unwrap().rejected, 1);
    assert_eq!(
        syt.store.task(id).unwrap().state,
        WorkflowState::Cancelled,
        "the local copy follows the server"
    );

    // The server recorded the refusal for its author only.
    let mut direct = office.direct("syt_binh");
    let n: i64 = direct
        .query_one(
            "SELECT count(*) FROM nv.mutations WHERE outcome = 'rejected'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    let mut other = office.direct("stc_cuong");
    let n: i64 = other
        .query_one("SELECT count(*) FROM nv.mutations", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 0, "nobody else reads another person's mutations");
}

#[test]
fn the_admin_adds_units_and_people_and_an_officer_may_not() {
    use nhiemvu_core::model::{Role, UnitKind};
    let office = Office::start();
    let mut admin = office.pc("qt_an");
    let mut vp = office.pc("vp_thu");
    let a = admin.actor();
    let unit = admin
        .store
        .create_unit(&a, None, "Sở Giáo dục và Đào tạo", UnitKind::Department)
        .unwrap();
    let person = admin
        .store
        .create_person(&a, unit.id, "Nguyễn Thị Mai", Role::Unit, "Chuyên viên")
        .unwrap();
    let r = admin.sync();
    assert_eq!((r.pushed, r.rejected), (2, 0));
    vp.sync();
    assert!(vp
        .store
        .units()
        .unwrap()
        .iter()
        .any(|u| u.name == "Sở Giáo dục và Đào tạo"));
    assert!(vp.store.people().unwrap().iter().any(|p| p.id == person.id));
    let mut su = office.superuser();
    let role: String = su
        .query_one(
            "SELECT role_name::text FROM nv.units WHERE id = $1",
            &[&unit.id],
        )
        .unwrap()
        .get(0);
    assert!(role.starts_with("nhiemvu_u_"), "the unit has its role");

    let v = vp.actor();
    vp.store
        .create_unit(&v, None, "Ban Dân tộc", UnitKind::Agency)
        .unwrap();
    let r = vp.sync();
    assert_eq!(r.rejected, 1);
    let e = &vp
        .store
        .outbox_entries(Some(OutboxState::Rejected), 1)
        .unwrap()[0];
    assert!(
        e.reason.as_deref().unwrap().contains("chỉ quản trị viên"),
        "{:?}",
        e.reason
    );
    let n: i64 = su
        .query_one(
            "SELECT count(*) FROM nv.units WHERE name = 'Ban Dân tộc'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    assert!(
        !vp.store
            .units()
            .unwrap()
            .iter()
            .any(|u| u.name == "Ban Dân tộc"),
        "the refused unit does not stay on the officer's PC"
    );
}

/// A PC that has the sample province open and connects to the office: the first download
/// replaces the sample tasks with what the office shows this person, and the PC becomes
/// theirs (no longer a demo, no switching to sample people).
#[test]
fn a_demo_pc_that_connects_becomes_the_persons_own() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let tasks = register(&mut vp, "41", &[office.health.id, office.finance.id]);
    vp.sync();

    let dir = tempfile::tempdir().unwrap();
    let mut store = nhiemvu_core::store::Store::open(&dir.path().join("nhiemvu.sqlite3")).unwrap();
    nhiemvu_core::demo::generate(
        &mut store,
        &nhiemvu_core::demo::DemoOptions::new(300),
        &mut |_, _| true,
    )
    .unwrap();
    assert!(store.profile().unwrap().unwrap().demo);
    assert_eq!(store.task_count().unwrap(), 300);

    let mut session = nhiemvu_sync::SyncSession::open(&office.url("syt_binh"), None).unwrap();
    let r = session.round(&mut store, &mut |_| {}).unwrap();
    assert!(r.full_download);
    let profile = store.profile().unwrap().unwrap();
    assert!(!profile.demo, "no longer the sample province");
    assert_eq!(profile.person.full_name, "Phạm Văn Bình");
    assert_eq!(
        store.task_ids().unwrap(),
        vec![tasks[0].id],
        "only what the office shows him"
    );
    let mut direct = office.direct("syt_binh");
    assert_eq!(local_view(&store), server_view(&mut direct));
    // Nor does the sample directory stay: the units and people are the office's.
    let ids = |rows: Vec<postgres::Row>| -> std::collections::BTreeSet<uuid::Uuid> {
        rows.iter().map(|r| r.get(0)).collect()
    };
    let local_units: std::collections::BTreeSet<_> =
        store.units().unwrap().iter().map(|u| u.id).collect();
    let local_people: std::collections::BTreeSet<_> =
        store.people().unwrap().iter().map(|p| p.id).collect();
    assert_eq!(
        local_units,
        ids(direct.query("SELECT id FROM nv.units", &[]).unwrap())
    );
    assert_eq!(
        local_people,
        ids(direct.query("SELECT id FROM nv.people", &[]).unwrap())
    );
}

/// The confidential clerk (văn thư mật) works on an offline PC: adding one to the directory
/// queues nothing for the office, and uploading a directory leaves them out.
#[test]
fn a_confidential_clerk_never_goes_to_the_office_database() {
    let office = Office::start();
    let mut qt = office.pc("qt_an");
    let admin = qt.actor();
    let before = qt.store.outbox_counts().unwrap().pending;
    let clerk = qt
        .store
        .create_person(
            &admin,
            office.office_unit.id,
            "Lý Thị Mật",
            nhiemvu_core::model::Role::ConfidentialClerk,
            "Văn thư mật",
        )
        .unwrap();
    let officer = qt
        .store
        .create_person(
            &admin,
            office.office_unit.id,
            "Đỗ Văn Khoa",
            nhiemvu_core::model::Role::Office,
            "Chuyên viên",
        )
        .unwrap();
    assert_eq!(
        qt.store.outbox_counts().unwrap().pending,
        before + 1,
        "only the officer is queued"
    );
    qt.sync();

    let mut su = office.superuser();
    let sent = nhiemvu_sync::provision::put_directory(
        &mut su,
        &qt.store.units().unwrap(),
        &qt.store.people().unwrap(),
    )
    .unwrap();
    assert_eq!(sent, qt.store.people().unwrap().len() - 1);
    let mut on_server = |id: uuid::Uuid| -> i64 {
        su.query_one("SELECT count(*) FROM nv.people WHERE id = $1", &[&id])
            .unwrap()
            .get(0)
    };
    assert_eq!(on_server(officer.id), 1);
    assert_eq!(on_server(clerk.id), 0);
}
