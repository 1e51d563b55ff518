//! 5. A transaction left open (or a prepared one, or a lock) holds back no PC for long.

use super::*;

// ---------------------------------------------------------------------------------------
// 5. A transaction left open holds back every PC: reported, then ended.

#[test]
fn a_transaction_left_open_is_reported_then_ended() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut ld = office.pc("ld_dung");
    let mut su = office.superuser();
    // The app's logins cannot reach the server's other databases (where a transaction would
    // hold the horizon just the same).
    for login in logins() {
        for db in ["postgres", "template1"] {
            let e = refused_login(&office, login, PASSWORD, db);
            let db_err = e.as_db_error().expect("refused by the server");
            assert_eq!(
                (db_err.code(), db_err.message()),
                (
                    &SqlState::INSUFFICIENT_PRIVILEGE,
                    format!("permission denied for database \"{db}\"").as_str()
                ),
                "{login}"
            );
        }
    }
    su.batch_execute(
        "UPDATE nv.meta SET value = '1' WHERE key = 'held_warn_seconds';
         UPDATE nv.meta SET value = '3600' WHERE key = 'held_release_seconds';",
    )
    .unwrap();
    // (holder, seconds held), as the superuser sees it.
    let status = |su: &mut Client| -> Option<(String, i64)> {
        let r = su
            .query_one(
                "SELECT holder::text, held_seconds FROM nv.horizon_status()",
                &[],
            )
            .unwrap();
        Some((r.get::<_, Option<String>>(0)?, r.get::<_, Option<i64>>(1)?))
    };

    // Every kind of login in turn (the leader too: it reads only, and still holds a
    // transaction id if it asks for one).
    for (n, holder) in logins().enumerate() {
        let mut h = office.direct(holder);
        h.batch_execute("BEGIN; SELECT pg_current_xact_id();")
            .unwrap();
        // A change made while it holds.
        let waiting = register(&mut vp, &format!("8{n}"), &[office.health.id]);
        assert_eq!(vp.sync().pushed, 1);
        wait_for("the warning limit", || {
            status(&mut su).filter(|(who, secs)| who == holder && *secs >= 1)
        });
        let r = ld.sync();
        let held = r.held_back.clone().expect("the leader's PC is told");
        assert_eq!(
            (held.holder, held.holder_is_app, held.released),
            (None, true, false),
            "a leader is not told who"
        );
        assert!(
            ld.store.task(waiting[0].id).is_err(),
            "held back: the change has not arrived"
        );
        let held = vp.sync().held_back.expect("the office's PC is told");
        assert_eq!(
            held.holder.as_deref(),
            Some(holder),
            "the office is told who"
        );
        assert_eq!(held.database.as_deref(), Some(DB));

        // Past the release limit, the next round ends it.
        su.execute(
            "UPDATE nv.meta SET value = '3' WHERE key = 'held_release_seconds'",
            &[],
        )
        .unwrap();
        wait_for("the release limit", || {
            status(&mut su).filter(|(who, secs)| who == holder && *secs >= 3)
        });
        let r = ld.sync();
        assert!(r.held_back.as_ref().is_some_and(|h| h.released), "{r:?}");
        let e = h.batch_execute("SELECT 1").unwrap_err();
        assert!(
            e.is_closed() || e.code() == Some(&SqlState::ADMIN_SHUTDOWN),
            "{holder}'s connection was ended: {e}"
        );
        assert_eq!(
            count(
                &mut su,
                &format!(
                    "SELECT count(*) FROM nv.security_log WHERE what = 'held_transaction_ended' AND subject = '{holder}'"
                )
            ),
            1
        );
        wait_for("the horizon to move", || {
            status(&mut su).is_none().then_some(())
        });
        let r = ld.sync();
        assert_eq!(r.held_back, None);
        assert!(
            ld.store.task(waiting[0].id).is_ok(),
            "the waiting change arrived"
        );
        su.execute(
            "UPDATE nv.meta SET value = '3600' WHERE key = 'held_release_seconds'",
            &[],
        )
        .unwrap();
    }

    // Another program's login holding it is reported, never ended by the app.
    su.batch_execute(&format!(
        "CREATE ROLE ketoan_app LOGIN PASSWORD '{PASSWORD}';
         GRANT CONNECT ON DATABASE postgres TO ketoan_app;
         UPDATE nv.meta SET value = '1' WHERE key = 'held_release_seconds';"
    ))
    .unwrap();
    let mut other = office
        .pg
        .connect("ketoan_app", PASSWORD, "postgres")
        .unwrap();
    other
        .batch_execute("BEGIN; SELECT pg_current_xact_id();")
        .unwrap();
    wait_for("the other program's hold", || {
        status(&mut su).filter(|(who, secs)| who == "ketoan_app" && *secs >= 1)
    });
    let held = vp.sync().held_back.expect("reported");
    assert_eq!(
        (held.holder.as_deref(), held.holder_is_app, held.released),
        (Some("ketoan_app"), false, false)
    );
    assert_eq!(held.database.as_deref(), Some("postgres"));
    other.batch_execute("SELECT 1").unwrap();
    other.batch_execute("COMMIT").unwrap();
}

// ---------------------------------------------------------------------------------------
// 5 (variant). A prepared transaction would hold the horizon with no session to end: the
// server the app is set up on allows none.

#[test]
fn no_login_can_leave_a_prepared_transaction_behind() {
    let office = Office::start();
    for login in logins() {
        let mut c = office.direct(login);
        c.batch_execute("BEGIN; SELECT pg_current_xact_id();")
            .unwrap();
        let e = c
            .batch_execute("PREPARE TRANSACTION 'giu_moc'")
            .unwrap_err();
        assert_eq!(
            e.as_db_error().map(|d| d.message()),
            Some("prepared transactions are disabled"),
            "{login}"
        );
        c.batch_execute("ROLLBACK").unwrap();
    }
    let mut su = office.superuser();
    assert_eq!(count(&mut su, "SELECT count(*) FROM pg_prepared_xacts"), 0);
}

// ---------------------------------------------------------------------------------------
// 5 (variant). A lock one login holds, with no transaction at all, stops no one's sync:
// PostgreSQL lets any login take any advisory lock for as long as it stays connected.

#[test]
fn an_advisory_lock_held_by_one_login_stops_no_one_elses_upload() {
    let mut s = scene();
    let before = baseline(&mut s);
    let senders: Vec<&str> = logins().filter(|l| kind(l) != Role::Leader).collect();
    // Every login, the leader too, in turn holds the locks of every other login's uploads
    // (the keys are public: the schema's source is) and the migration's.
    for holder in logins() {
        let mut h = s.office.direct(holder);
        for victim in &senders {
            h.execute(
                "SELECT pg_advisory_lock(hashtext('nhiemvu_blob_quota'), hashtext($1))",
                &[victim],
            )
            .unwrap();
        }
        for victim in senders.iter().filter(|v| **v != holder) {
            let mut c = s.office.direct(victim);
            // Bounded, so that a regression fails here instead of hanging the suite.
            c.batch_execute("SET statement_timeout = '20s'").unwrap();
            let bytes = format!("%PDF-1.4 {victim} gửi khi {holder} giữ khóa").into_bytes();
            put_blob(&mut c, &bytes)
                .unwrap_or_else(|e| panic!("{victim}'s upload waits for {holder}'s lock: {e}"));
        }
        h.batch_execute("SELECT pg_advisory_unlock_all()").unwrap();
    }
    // And a PC's sync with a file goes through while a unit holds the locks.
    let mut h = s.office.direct("stc_cuong");
    h.execute(
        "SELECT pg_advisory_lock(hashtext('nhiemvu_blob_quota'), hashtext('syt_binh'))",
        &[],
    )
    .unwrap();
    let t = s.overdue["syt_binh"][0];
    let pc = s.pc("syt_binh");
    let a = pc.actor();
    let file = pc
        .store
        .put_attachment("bao-cao.pdf", b"%PDF-1.4 bao cao ket qua")
        .unwrap();
    let mut report = result_report(today_local());
    report.attachment = Some(file);
    pc.store
        .apply(&a, t, None, TaskAction::SubmitResult(report))
        .unwrap();
    let mut pc = s.pcs.remove("syt_binh").unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    // On its own thread, so that a regression fails below instead of hanging the suite.
    let round = std::thread::spawn(move || {
        let r = pc.try_sync().map(|r| (r.pushed, r.rejected));
        done.send(()).ok();
        (pc, r)
    });
    wait_for("syt_binh's sync round", || finished.try_recv().ok());
    let (pc, r) = round.join().unwrap();
    assert_eq!(r.unwrap(), (1, 0));
    s.pcs.insert("syt_binh", pc);
    every_change_has_its_timeline_entry(&s.office);
    assert_eq!(numbers(&mut s.vp), before);
    s.everyone_syncs();
}
