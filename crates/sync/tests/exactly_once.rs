//! Exactly once: a client killed between the server's commit and its own acknowledgement
//! sends the mutation again on restart and the server answers from its record; a duplicated
//! send never applies twice.

mod support;

use std::process::Command;

use nhiemvu_core::model::WorkflowState;
use nhiemvu_core::store::{OutboxState, Store, TaskAction};
use nhiemvu_sync::push::{push_one, whoami, Outcome};
use nhiemvu_sync::SyncSession;
use support::*;

const CHILD_DB: &str = "NHIEMVU_TEST_CHILD_DB";
const CHILD_URL: &str = "NHIEMVU_TEST_CHILD_URL";

/// Not a test of its own: the body the killed client runs in a child process. It sends the
/// oldest outbox entry, which the server commits, and dies before writing the decision
/// down (abort: no destructors, no flush, like a power cut for the app).
#[test]
fn child_process_entry() {
    let (Ok(db), Ok(url)) = (std::env::var(CHILD_DB), std::env::var(CHILD_URL)) else {
        return;
    };
    let store = Store::open(std::path::Path::new(&db)).unwrap();
    let mut session = SyncSession::open(&url, None).unwrap();
    let me = whoami(session.client()).unwrap();
    let entry = store.outbox_pending(1).unwrap().remove(0);
    let outcome = push_one(session.client(), &store, &me, &entry);
    assert_eq!(outcome, Outcome::Applied);
    std::process::abort();
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn killed_after_the_servers_commit_the_mutation_is_applied_once() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut syt = office.pc("syt_binh");
    let tasks = register(&mut vp, "21", &[office.health.id]);
    vp.sync();
    syt.sync();
    let a = syt.actor();
    syt.store
        .apply(&a, tasks[0].id, None, TaskAction::Accept)
        .unwrap();
    let db = syt.dir.path().join("nhiemvu.sqlite3");

    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_process_entry",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, &db)
        .env(CHILD_URL, &syt.url)
        .status()
        .unwrap();
    assert!(!status.success(), "the child died on purpose");

    let mut su = office.superuser();
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM nv.mutations WHERE name = 'accept_task'"
        ),
        1
    );
    // The PC never heard the answer: the entry is still pending after a restart.
    syt.reopen();
    assert_eq!(syt.store.outbox_counts().unwrap().pending, 1);
    let r = syt.sync();
    assert_eq!(
        (r.pushed, r.rejected),
        (1, 0),
        "answered from the server's record"
    );
    assert_eq!(syt.store.outbox_counts().unwrap().pending, 0);
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM nv.task_events WHERE kind = 'accepted'"
        ),
        1
    );
    assert_eq!(count(&mut su, "SELECT max(version) FROM nv.tasks"), 2);
    assert_eq!(
        syt.store.task(tasks[0].id).unwrap().state,
        WorkflowState::InProgress
    );
    let mut direct = office.direct("syt_binh");
    assert_eq!(local_view(&syt.store), server_view(&mut direct));
}

#[test]
fn a_duplicated_send_is_applied_once_and_a_lost_acknowledgement_is_harmless() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let tasks = register(&mut vp, "22", &[office.health.id, office.finance.id]);
    let a = vp.actor();
    vp.store
        .apply(
            &a,
            tasks[1].id,
            None,
            TaskAction::Cancel {
                reason: "Trùng nhiệm vụ".into(),
                withdrawn: false,
            },
        )
        .unwrap();
    let entries = vp.store.outbox_pending(10).unwrap();
    assert_eq!(entries.len(), 2);
    let mut session = SyncSession::open(&office.url("vp_thu"), None).unwrap();
    let me = whoami(session.client()).unwrap();
    for e in &entries {
        // Sent three times (retries after lost acknowledgements): one effect.
        for _ in 0..3 {
            assert_eq!(
                push_one(session.client(), &vp.store, &me, e),
                Outcome::Applied
            );
        }
    }
    let mut su = office.superuser();
    assert_eq!(count(&mut su, "SELECT count(*) FROM nv.documents"), 1);
    assert_eq!(count(&mut su, "SELECT count(*) FROM nv.tasks"), 2);
    assert_eq!(count(&mut su, "SELECT count(*) FROM nv.task_events"), 3);
    assert_eq!(count(&mut su, "SELECT count(*) FROM nv.mutations"), 2);
    // The PC still thinks both are pending (no acknowledgement was written): the next
    // round sends them again and gets "applied" back.
    let r = vp.sync();
    assert_eq!((r.pushed, r.rejected), (2, 0));
    assert_eq!(count(&mut su, "SELECT count(*) FROM nv.task_events"), 3);
    assert!(
        vp.store
            .outbox_entries(Some(OutboxState::Applied), 10)
            .unwrap()
            .len()
            == 2
    );

    // A refused mutation sent again gets the same refusal, not a second attempt.
    let a = vp.actor();
    vp.store
        .apply(
            &a,
            tasks[0].id,
            None,
            TaskAction::Cancel {
                reason: "Hết hiệu lực".into(),
                withdrawn: false,
            },
        )
        .unwrap();
    let mut fake = vp.store.outbox_pending(1).unwrap().remove(0);
    // Forge the same id once more after the first decision.
    let first = push_one(session.client(), &vp.store, &me, &fake);
    assert_eq!(first, Outcome::Applied);
    fake.mutation = entries[1].mutation.clone(); // a different body under the same id
    assert_eq!(
        push_one(session.client(), &vp.store, &me, &fake),
        Outcome::Applied,
        "decided by id"
    );
    assert_eq!(
        count(
            &mut su,
            "SELECT count(*) FROM nv.task_events WHERE kind = 'cancelled'"
        ),
        2
    );
}
