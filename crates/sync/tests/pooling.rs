//! Offices put PgBouncer between many PCs and a server with fewer connections. In
//! transaction pooling a server connection belongs to a client only while a transaction
//! runs, so every statement the sync sends must be inside one (a statement prepared
//! outside one may be executed on another server connection, which does not know it).
//! Here three PCs share two server connections, each person still logged in as
//! themselves, so row-level security holds through the pooler.

mod support;

use chrono::Days;
use nhiemvu_core::model::{ProgressUpdate, WorkflowState};
use nhiemvu_core::store::TaskAction;
use nhiemvu_core::timeliness::today_local;
use nhiemvu_pgtest::PoolMode;
use support::*;

#[test]
fn three_pcs_sync_through_transaction_pooling_on_two_server_connections() {
    if nhiemvu_pgtest::pgbouncer_program().is_none() {
        // The test command installs it (scripts/common.sh); say so rather than pass quietly.
        if std::env::var_os("CI").is_some() {
            panic!("pgbouncer is not installed");
        }
        eprintln!("SKIPPED: pgbouncer is not installed (apt-get install pgbouncer)");
        return;
    }
    let office = Office::start();
    let bouncer = office
        .pg
        .start_pgbouncer(DB, PoolMode::Transaction, 2)
        .expect("PgBouncer starts");
    let via = |login: &'static str| Office::pc_at(login, bouncer.url(login, PASSWORD, DB));
    let mut vp = via("vp_thu");
    let mut syt = via("syt_binh");
    let mut stc = via("stc_cuong");

    // A document with a file and a task for each of two units.
    let pdf = b"%PDF-1.4 Quyet dinh giao nhiem vu".repeat(300);
    let file = vp.store.put_attachment("QĐ 31.pdf", &pdf).unwrap();
    let mut doc = document("31");
    doc.attachments = vec![file.clone()];
    let actor = vp.actor();
    let (_, tasks) = vp
        .store
        .register_document(
            &actor,
            doc,
            vec![
                task(
                    office.health.id,
                    "Rà soát hồ sơ",
                    Some(today_local() + Days::new(15)),
                ),
                task(
                    office.finance.id,
                    "Bố trí kinh phí",
                    Some(today_local() + Days::new(15)),
                ),
            ],
        )
        .unwrap();
    let r = vp.sync();
    assert_eq!((r.pushed, r.rejected, r.transient), (1, 0, None));

    // Each unit gets its own task, and the file with it.
    syt.sync();
    stc.sync();
    assert_eq!(syt.store.task_ids().unwrap(), vec![tasks[0].id]);
    assert_eq!(stc.store.task_ids().unwrap(), vec![tasks[1].id]);
    assert_eq!(
        std::fs::read(syt.store.blob_path(&file.sha256)).unwrap(),
        pdf
    );

    // All three at once, so that the pool hands each server connection from PC to PC
    // between transactions: each unit accepts its task and reports progress round after
    // round while the office PC keeps pulling.
    const ROUNDS: usize = 15;
    std::thread::scope(|scope| {
        for (pc, id) in [(&mut syt, tasks[0].id), (&mut stc, tasks[1].id)] {
            scope.spawn(move || {
                let a = pc.actor();
                pc.store.apply(&a, id, None, TaskAction::Accept).unwrap();
                for k in 0..ROUNDS {
                    pc.store
                        .apply(
                            &a,
                            id,
                            None,
                            TaskAction::Progress(ProgressUpdate {
                                text: format!("Báo cáo tiến độ lần {}.", k + 1),
                                ..Default::default()
                            }),
                        )
                        .unwrap();
                    let r = pc.sync();
                    assert_eq!((r.rejected, r.transient), (0, None), "{}", pc.login);
                }
            });
        }
        for _ in 0..ROUNDS {
            vp.sync();
        }
    });
    // The office sees all of it.
    vp.sync();
    for id in [tasks[0].id, tasks[1].id] {
        assert_eq!(vp.store.task(id).unwrap().state, WorkflowState::InProgress);
        // assigned, accepted, then each progress report
        assert_eq!(vp.store.timeline(id).unwrap().len(), 2 + ROUNDS);
    }
    // Three PCs, each with its session open, on the pool's two server connections.
    let backends: i64 = office
        .superuser()
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE usename IN ('vp_thu', 'syt_binh', 'stc_cuong')",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(backends <= 2, "{backends} server connections");

    // Every PC holds what PostgreSQL shows its person.
    for pc in [&mut vp, &mut syt, &mut stc] {
        pc.sync();
        let mut direct = office.direct(pc.login);
        assert_eq!(
            local_view(&pc.store),
            server_view(&mut direct),
            "{}",
            pc.login
        );
    }
    drop(bouncer);
}
