//! The network and the server misbehaving: a month offline with edits on both sides, the
//! server restarted in the middle of a sync, a PC clock an hour off, and the server restored
//! from an older dump (a new epoch). Nothing is lost, nothing is applied twice, and every PC
//! ends up showing what the server shows its person.

mod support;

use std::time::Duration;

use chrono::{Days, Utc};
use nhiemvu_core::model::{Extension, ProgressUpdate, WorkflowState};
use nhiemvu_core::store::{OutboxState, TaskAction};
use nhiemvu_core::timeliness::today_local;
use nhiemvu_pgtest::PgCluster;
use support::*;

/// Sync until a round succeeds (the server may be coming back).
fn sync_through(pc: &mut Pc) -> nhiemvu_sync::SyncReport {
    for _ in 0..100 {
        match pc.try_sync() {
            Ok(r) if r.transient.is_none() => return r,
            Ok(_) => {}
            Err(e) if e.is_transient() => {}
            Err(e) => panic!("{}: {e}", pc.login),
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{}: the server never came back", pc.login);
}

fn converged(office: &Office, pcs: &mut [&mut Pc]) {
    for pc in pcs.iter_mut() {
        sync_through(pc);
    }
    for pc in pcs.iter_mut() {
        sync_through(pc);
        assert_eq!(pc.store.outbox_counts().unwrap().pending, 0, "{}", pc.login);
        let mut direct = office.direct(pc.login);
        assert_eq!(
            local_view(&pc.store),
            server_view(&mut direct),
            "{}",
            pc.login
        );
    }
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn a_month_offline_with_edits_on_both_sides() {
    let office = Office::start();
    // An office whose units may work offline for up to 40 days (the default is a week).
    allow_offline_days(&office, 40);
    let mut vp = office.pc("vp_thu");
    let mut syt = office.pc("syt_binh");
    let mut stc = office.pc("stc_cuong");
    let mut tasks = Vec::new();
    let assigned = Utc::now() - chrono::Duration::days(35);
    for n in 0..10 {
        tasks.extend(register_at(
            &mut vp,
            &format!("{n}"),
            &[office.health.id],
            assigned,
        ));
    }
    sync_through(&mut vp);
    sync_through(&mut syt);
    assert_eq!(syt.store.task_ids().unwrap().len(), 10);

    // Sở Y tế goes offline for a month and keeps working, one action a day.
    let month_ago = Utc::now() - chrono::Duration::days(30);
    let unit = syt.actor();
    for (i, t) in tasks.iter().enumerate() {
        let day = month_ago + chrono::Duration::days(i as i64 * 3);
        syt.store
            .apply_at(&unit, t.id, None, TaskAction::Accept, day)
            .unwrap();
        syt.store
            .apply_at(
                &unit,
                t.id,
                None,
                TaskAction::Progress(ProgressUpdate {
                    text: format!("Tuần {}: đang thực hiện", i + 1),
                    ..Default::default()
                }),
                day + chrono::Duration::hours(2),
            )
            .unwrap();
    }
    // Meanwhile the office reassigns two tasks to Sở Tài chính, extends one, and assigns more.
    let office_actor = vp.actor();
    for t in &tasks[..2] {
        vp.store
            .apply(
                &office_actor,
                t.id,
                None,
                TaskAction::Reassign {
                    to_unit_id: office.finance.id,
                    note: "Đúng chức năng".into(),
                },
            )
            .unwrap();
    }
    vp.store
        .apply(
            &office_actor,
            tasks[5].id,
            None,
            TaskAction::Extend(Extension {
                new_deadline: today_local() + Days::new(90),
                approving_document: "88/UBND-TH".into(),
                reason: "Chờ vốn".into(),
            }),
        )
        .unwrap();
    for n in 10..15 {
        register(&mut vp, &format!("{n}"), &[office.health.id]);
    }
    sync_through(&mut vp);

    // Back online: the reassigned tasks' acceptance is refused with a reason (the unit no
    // longer leads them); everything else lands with the day it was done.
    let r = sync_through(&mut syt);
    assert_eq!(
        r.rejected, 4,
        "accept and progress on the two reassigned tasks"
    );
    assert_eq!(r.pushed, 16);
    for e in syt
        .store
        .outbox_entries(Some(OutboxState::Rejected), 10)
        .unwrap()
    {
        assert!(
            e.reason.unwrap().contains("không"),
            "a reason for the author"
        );
    }
    let mut su = office.superuser();
    let accepted: chrono::DateTime<Utc> = su
        .query_one(
            "SELECT accepted_at FROM nv.tasks WHERE id = $1",
            &[&tasks[2].id],
        )
        .unwrap()
        .get(0);
    let acted = month_ago + chrono::Duration::days(6);
    assert!(
        (accepted - acted).num_seconds().abs() < 1,
        "acted weeks ago, recorded so: {accepted}"
    );
    assert_eq!(
        syt.store.task_ids().unwrap().len(),
        13,
        "8 of the old ones and the 5 new"
    );
    converged(&office, &mut [&mut vp, &mut syt, &mut stc]);
    assert_eq!(
        stc.store.task(tasks[0].id).unwrap().state,
        WorkflowState::Assigned
    );
}

#[test]
fn the_server_restarts_in_the_middle_of_a_sync() {
    let mut office = Office::start_with(PgCluster::builder().setting("synchronous_commit", "on"));
    let mut vp = office.pc("vp_thu");
    for n in 0..150 {
        register(
            &mut vp,
            &format!("{n}"),
            &[office.health.id, office.finance.id],
        );
    }
    let port = office.pg.port();
    // Restart the server while the PC pushes its 150 registrations.
    let mut watcher = office.superuser();
    let pushing = std::thread::scope(|s| {
        let h = s.spawn(|| vp.try_sync());
        // Kill it once some, not all, of the registrations have landed.
        for _ in 0..1000 {
            if count(&mut watcher, "SELECT count(*) FROM nv.mutations") >= 20 {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        office.pg.kill_hard().unwrap();
        std::thread::sleep(Duration::from_millis(300));
        office.pg.start_again().unwrap();
        h.join().unwrap()
    });
    eprintln!("round during the restart: {pushing:?}");
    assert_eq!(office.pg.port(), port);
    match pushing {
        Ok(r) => assert!(r.transient.is_some() || r.pushed == 150, "{r:?}"),
        Err(e) => assert!(e.is_transient(), "{e}"),
    }
    let landed = count(&mut office.superuser(), "SELECT count(*) FROM nv.mutations");
    assert!(
        (20..150).contains(&landed),
        "killed in the middle: {landed} of 150 had landed"
    );
    let mut syt = office.pc("syt_binh");
    converged(&office, &mut [&mut vp, &mut syt]);
    let mut su = office.superuser();
    assert_eq!(
        count(&mut su, "SELECT count(*) FROM nv.documents"),
        150,
        "none lost"
    );
    assert_eq!(count(&mut su, "SELECT count(*) FROM nv.tasks"), 300);
    assert_eq!(
        count(&mut su, "SELECT count(*) FROM nv.task_events"),
        300,
        "none twice"
    );
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM nv.mutations WHERE outcome = 'applied'"
        ),
        150
    );
    assert_eq!(syt.store.task_ids().unwrap().len(), 150);
}

#[test]
fn a_pc_clock_an_hour_off_either_way() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut fast = office.pc("syt_binh");
    let mut slow = office.pc("stc_cuong");
    let tasks = register_at(
        &mut vp,
        "30",
        &[office.health.id, office.finance.id],
        Utc::now() - chrono::Duration::hours(2),
    );
    sync_through(&mut vp);
    sync_through(&mut fast);
    sync_through(&mut slow);
    let ahead = Utc::now() + chrono::Duration::hours(1);
    let behind = Utc::now() - chrono::Duration::hours(1);
    let a = fast.actor();
    fast.store
        .apply_at(&a, tasks[0].id, None, TaskAction::Accept, ahead)
        .unwrap();
    let a = slow.actor();
    slow.store
        .apply_at(&a, tasks[1].id, None, TaskAction::Accept, behind)
        .unwrap();
    let before = Utc::now();
    assert_eq!(
        sync_through(&mut fast).pushed,
        1,
        "a clock ahead is not an error"
    );
    assert_eq!(sync_through(&mut slow).pushed, 1);
    let mut su = office.superuser();
    let rows = su
        .query("SELECT id, accepted_at FROM nv.tasks ORDER BY id", &[])
        .unwrap();
    for r in rows {
        let id: uuid::Uuid = r.get(0);
        let t: chrono::DateTime<Utc> = r.get(1);
        if id == tasks[0].id {
            assert!(
                t <= Utc::now() && t >= before - chrono::Duration::seconds(5),
                "never in the future: {t}"
            );
        } else {
            assert!(
                (t - behind).num_seconds().abs() < 1,
                "a clock behind keeps its time: {t}"
            );
        }
    }
    converged(&office, &mut [&mut vp, &mut fast, &mut slow]);
}

#[test]
fn the_server_is_restored_from_an_older_dump() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut syt = office.pc("syt_binh");
    let first = register(&mut vp, "40", &[office.health.id]);
    sync_through(&mut vp);
    sync_through(&mut syt);
    let dump = office.pg.data_dir().parent().unwrap().join("before.dump");
    office.pg.dump(DB, &dump).unwrap();

    // After the dump: a new document, and the unit accepts the first task.
    let second = register(&mut vp, "41", &[office.health.id]);
    sync_through(&mut vp);
    let a = syt.actor();
    syt.store
        .apply(&a, first[0].id, None, TaskAction::Accept)
        .unwrap();
    sync_through(&mut syt);
    assert_eq!(syt.store.task_ids().unwrap().len(), 2);

    // The server's disk dies; the admin restores last night's dump.
    office.pg.restore(DB, &dump).unwrap();
    let mut su = office.superuser();
    assert_eq!(
        count(&mut su, "SELECT count(*) FROM nv.tasks"),
        1,
        "the restore lost work"
    );

    // Each PC notices the new epoch, sends its applied mutations again and downloads its
    // scope: what the server lost comes back from the PCs' outboxes.
    let r = sync_through(&mut vp);
    assert!(r.full_download && r.resent >= 2, "{r:?}");
    let r = sync_through(&mut syt);
    assert!(r.full_download && r.resent >= 1, "{r:?}");
    converged(&office, &mut [&mut vp, &mut syt]);
    let mut su = office.superuser();
    assert_eq!(count(&mut su, "SELECT count(*) FROM nv.tasks"), 2);
    assert_eq!(
        syt.store.task(first[0].id).unwrap().state,
        WorkflowState::InProgress
    );
    assert!(syt.store.task(second[0].id).is_ok());
    // A PC set up after the restore sees the same.
    let mut stc = office.pc("vp_lan");
    converged(&office, &mut [&mut stc]);
    assert_eq!(stc.store.task_ids().unwrap().len(), 2);
}
