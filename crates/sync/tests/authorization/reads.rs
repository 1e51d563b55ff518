//! Reads: who sees what.

use super::*;

// ---------------------------------------------------------------------------------------
// Reads.

#[test]
fn a_unit_reads_only_the_tasks_it_leads_or_coordinates_and_what_hangs_off_them() {
    let w = world();
    let (h, f, c, s) = (&w.t_health, &w.t_finance, &w.t_coord, &w.t_submitted);
    let (d15, d16, d17) = (&w.doc_15, &w.doc_16, &w.doc_17);
    let health = w.office.health.id;
    // (login, its unit, tasks, documents, blobs)
    type Case = (
        &'static str,
        Uuid,
        BTreeSet<Uuid>,
        BTreeSet<Uuid>,
        BTreeSet<String>,
    );
    let cases: [Case; 3] = [
        (
            // lead of one task, coordinator of another
            "syt_binh",
            health,
            set(&[h, c]),
            set(&[d15, d16]),
            set(&[&w.file_15, &w.file_16]),
        ),
        (
            "stc_cuong",
            w.office.finance.id,
            set(&[f, s]),
            set(&[d15, d17]),
            set(&[&w.file_15, &w.file_17, &w.file_result]),
        ),
        (
            "sxd_hoa",
            w.office.construction.id,
            set(&[c]),
            set(&[d16]),
            set(&[&w.file_16]),
        ),
    ];
    let mut su = w.office.superuser();
    let all_log: i64 = su
        .query_one("SELECT count(*) FROM nv.change_log", &[])
        .unwrap()
        .get(0);
    for (login, unit, tasks, docs, blobs) in cases {
        let mut u = w.conn(login);
        assert_eq!(u.ids("SELECT id FROM nv.tasks"), tasks, "{login}: tasks");
        assert_eq!(
            u.ids("SELECT DISTINCT task_id FROM nv.task_events"),
            tasks,
            "{login}: events only of its tasks"
        );
        assert_eq!(
            u.ids("SELECT id FROM nv.documents"),
            docs,
            "{login}: documents"
        );
        assert_eq!(
            u.ids("SELECT DISTINCT document_id FROM nv.document_attachments"),
            docs,
            "{login}: attachments only of its documents"
        );
        assert_eq!(
            u.texts("SELECT sha256 FROM nv.blobs"),
            blobs,
            "{login}: files"
        );
        assert_eq!(
            u.count("SELECT count(*) FROM nv.blobs WHERE content IS NOT NULL"),
            blobs.len() as i64
        );
        // The coordination of document 16 is seen by its lead and its coordinator only.
        let coordinators = u.ids("SELECT task_id FROM nv.task_coordinators");
        let expected = if tasks.contains(c) {
            set(&[c])
        } else {
            set(&[])
        };
        assert_eq!(coordinators, expected, "{login}: coordinators rows");

        // The change log: the directory (units NULL) and rows naming the unit, nothing else.
        let visible = u.count("SELECT count(*) FROM nv.change_log");
        let foreign = u.count(&format!(
            "SELECT count(*) FROM nv.change_log WHERE units IS NOT NULL AND NOT ('{unit}' = ANY (units))"
        ));
        assert_eq!(foreign, 0, "{login}: change log rows of other units");
        assert!(
            visible > 0 && visible < all_log,
            "{login}: {visible} of {all_log}"
        );
        assert_eq!(
            u.ids("SELECT DISTINCT entity_id FROM nv.change_log WHERE entity = 'task'"),
            tasks,
            "{login}: change log of its tasks"
        );

        // Asking by id does not help.
        for other in [h, f, c, s].into_iter().filter(|t| !tasks.contains(*t)) {
            let n = u.count(&format!(
                "SELECT (SELECT count(*) FROM nv.tasks WHERE id = '{other}')
                      + (SELECT count(*) FROM nv.task_events WHERE task_id = '{other}')
                      + (SELECT count(*) FROM nv.change_log WHERE entity_id = '{other}')"
            ));
            assert_eq!(n, 0, "{login} finds task {other} by its id");
        }
    }
}

#[test]
fn leaders_the_office_and_the_admin_read_everything() {
    let w = world();
    let mut su = w.office.superuser();
    let truth = |su: &mut Client, sql: &str| -> i64 { su.query_one(sql, &[]).unwrap().get(0) };
    let queries = [
        "SELECT count(*) FROM nv.tasks",
        "SELECT count(*) FROM nv.documents",
        "SELECT count(*) FROM nv.document_attachments",
        "SELECT count(*) FROM nv.blobs",
        "SELECT count(*) FROM nv.task_events",
        "SELECT count(*) FROM nv.task_coordinators",
        "SELECT count(*) FROM nv.change_log",
    ];
    let expected: Vec<i64> = queries.iter().map(|q| truth(&mut su, q)).collect();
    assert_eq!(&expected[..4], &[4, 3, 3, 4], "the data is there");
    for login in ["ld_dung", "vp_thu", "vp_lan", "qt_an"] {
        let mut c = w.conn(login);
        let seen: Vec<i64> = queries.iter().map(|q| c.count(q)).collect();
        assert_eq!(seen, expected, "{login} sees everything");
    }
}

#[test]
fn mutations_are_private_and_conflicts_are_for_the_people_involved() {
    let w = world();
    let mut su = w.office.superuser();
    let total: i64 = su
        .query_one("SELECT count(*) FROM nv.mutations", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        total, 7,
        "vp_thu: 3 registrations and an extension; vp_lan: an extension; stc_cuong: 2 actions"
    );
    for login in logins() {
        let mut c = w.conn(login);
        let own = c.count("SELECT count(*) FROM nv.mutations WHERE author = current_user");
        let mine = match login {
            "vp_thu" => 4,
            "vp_lan" => 1,
            "stc_cuong" => 2,
            _ => 0,
        };
        assert_eq!(own, mine, "{login} reads its own mutations");
        assert_eq!(
            c.count("SELECT count(*) FROM nv.mutations"),
            mine,
            "{login} reads nobody else's mutations (not even the office or a leader)"
        );
        // The one row a login writes itself: its own refusal. Not in someone else's name,
        // and never an "applied" (which would answer a later send of that id as done).
        let other = if login == "vp_thu" {
            "'vp_lan'"
        } else {
            "'vp_thu'"
        };
        if login == "ld_dung" {
            c.no_grant(&insert_mutation(MY_LOGIN, "rejected"));
        } else {
            c.no_policy(&insert_mutation(other, "rejected"));
            c.no_policy(&insert_mutation(MY_LOGIN, "applied"));
            assert_eq!(
                c.allowed(&insert_mutation(MY_LOGIN, "rejected")),
                1,
                "{login}"
            );
        }
        // A recorded decision cannot be rewritten, even by its author.
        c.no_grant("UPDATE nv.mutations SET outcome = 'applied', reason = NULL");
        c.no_grant("DELETE FROM nv.mutations");
    }

    // The conflict: kept by vp_lan over vp_thu's value; the office and the admin see every
    // conflict, nobody else sees it.
    for login in logins() {
        let sees = matches!(kind(login), "office" | "admin");
        let mut c = w.conn(login);
        assert_eq!(
            c.count("SELECT count(*) FROM nv.conflicts"),
            sees as i64,
            "{login} reads the conflict"
        );
    }
    // Settling it: one of the two people in it, or the office; always in their own name.
    let settle = format!(
        "SELECT nv.resolve_conflict({}, 'Giữ hạn 60 ngày')",
        w.conflict
    );
    for login in logins() {
        let mut c = w.conn(login);
        match kind(login) {
            "leader" => assert_eq!(
                c.denied(&settle),
                "permission denied for function resolve_conflict"
            ),
            "unit" => c.forbidden(&settle, "Không tìm thấy xung đột này."),
            _ => {
                let mut tx = c.c.transaction().unwrap();
                tx.execute(&settle, &[]).unwrap();
                let r = tx
                    .query_one(
                        "SELECT resolved_by::text, resolution FROM nv.conflicts WHERE id = $1",
                        &[&w.conflict],
                    )
                    .unwrap();
                assert_eq!(r.get::<_, String>(0), login);
                assert_eq!(r.get::<_, String>(1), "Giữ hạn 60 ngày");
            }
        }
        // Never by hand.
        c.no_grant(
            "UPDATE nv.conflicts SET resolved_at = now(), resolved_by = current_user, resolution = 'Đã xử lý'",
        );
        c.no_grant(&format!(
            "INSERT INTO nv.conflicts (task_id, field, overwritten, kept, overwritten_by, kept_by, mutation_id)
             VALUES ('{}', 'deadline', '\"2026-05-01\"', '\"2026-06-01\"', 'vp_thu', current_user,
                 gen_random_uuid())",
            w.t_health
        ));
    }
    // Once settled, it stays settled.
    let e = w.conn("vp_thu").refused_after(&[&settle], &settle);
    assert_eq!(
        (e.code(), e.message()),
        (
            &SqlState::CHECK_VIOLATION,
            "Xung đột này đã được giải quyết."
        )
    );
}
