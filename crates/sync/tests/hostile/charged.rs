//! 3. Timeline rows are charged and dated by the server; a mutation id applies once.

use super::*;

// ---------------------------------------------------------------------------------------
// 3. Timeline rows charged to another unit, with any kind, lateness and time.

#[test]
fn timeline_rows_are_charged_and_dated_by_the_server() {
    let mut s = scene();
    let before = baseline(&mut s);
    let forged_extras = |other: Uuid| {
        json!({"unit_id": other, "late": true, "kind": "reviewed", "at": "2000-01-01T00:00:00Z",
               "actor_login": "vp_thu", "actor_name": "Võ Văn Dũng", "claimed_at": null,
               "received_at": "2000-01-01T00:00:00Z", "mutation_id": Uuid::nil()})
    };
    let with_extras = |mut a: Value, extras: &Value| {
        for (k, v) in extras.as_object().unwrap() {
            a[k] = v.clone();
        }
        a
    };
    for login in UNIT_LOGINS {
        let mut c = s.office.direct(login);
        let other = if login == "syt_binh" {
            s.office.finance.id
        } else {
            s.office.health.id
        };
        let extras = forged_extras(other);
        // On its own overdue task: a result that claims to be a late review by another unit.
        let t = s.overdue[login][0];
        let sent = with_extras(result_json(today_local()), &extras);
        c.batch_execute(&act(t, &sent)).unwrap();
        let r = c
            .query_one(
                "SELECT unit_id, kind, late, actor_login::text, at = received_at, payload
                 FROM nv.task_events WHERE task_id = $1 ORDER BY id DESC LIMIT 1",
                &[&t],
            )
            .unwrap();
        assert_eq!(r.get::<_, Uuid>(0), s.unit_of(login));
        assert_eq!(r.get::<_, String>(1), "result_submitted");
        assert_eq!(r.get::<_, Option<bool>>(2), None);
        assert_eq!(r.get::<_, String>(3), login);
        assert!(r.get::<_, bool>(4));
        let payload: Value = r.get(5);
        let keys: BTreeSet<&str> = payload
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let clean = result_json(today_local());
        let expected: BTreeSet<&str> = clean
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, expected, "{login}: only the server's keys");
        // On another unit's task, or one that does not exist: the same answer, no oracle.
        for t in [s.open["stc_cuong"], s.open["sxd_hoa"], Uuid::now_v7()] {
            if login != "syt_binh" && t == s.open[login] {
                continue;
            }
            forbidden(
                &mut c,
                &act(t, &with_extras(progress_json("x"), &extras)),
                NOT_YOURS,
            );
        }
        // Through a group role it is still itself.
        c.batch_execute("SET ROLE nhiemvu_unit").unwrap();
        let foreign = if login == "syt_binh" {
            s.open["stc_cuong"]
        } else {
            s.open["syt_binh"]
        };
        forbidden(&mut c, &act(foreign, &progress_json("x")), NOT_YOURS);
        c.batch_execute("RESET ROLE").unwrap();
        let m = c.batch_execute("SET ROLE nhiemvu_office").unwrap_err();
        assert_eq!(
            m.as_db_error().unwrap().message(),
            "permission denied to set role \"nhiemvu_office\""
        );
    }
    // The office's reviews of those results, each claiming to be on time, dated long ago
    // and charged to the unit: charged to the reviewer's unit, dated after the result.
    for (reviewer, unit) in [
        ("vp_thu", "syt_binh"),
        ("vp_lan", "stc_cuong"),
        ("qt_an", "sxd_hoa"),
    ] {
        let t = s.overdue[unit][0];
        let mut c = s.office.direct(reviewer);
        let review = with_extras(
            json!({"type": "review", "passed": false, "comment": "Chưa đạt"}),
            &json!({"late": false, "unit_id": s.unit_of(unit), "kind": "progress"}),
        );
        c.batch_execute(&format!(
            "SELECT nv.task_act(gen_random_uuid(), '{t}', {}, '2000-01-01',
                 (SELECT version FROM nv.tasks WHERE id = '{t}'), NULL)",
            lit(&review)
        ))
        .unwrap();
        let r = c
            .query_one(
                "SELECT e.unit_id, e.kind, e.late, e.payload, e.actor_login::text,
                        e.at = (SELECT x.at FROM nv.task_events x WHERE x.task_id = e.task_id
                                AND x.kind = 'result_submitted' ORDER BY x.id DESC LIMIT 1)
                 FROM nv.task_events e WHERE e.task_id = $1 ORDER BY e.id DESC LIMIT 1",
                &[&t],
            )
            .unwrap();
        assert_eq!(r.get::<_, Uuid>(0), s.office.office_unit.id, "{reviewer}");
        assert_eq!(r.get::<_, String>(1), "reviewed");
        assert_eq!(r.get::<_, Option<bool>>(2), None);
        assert_eq!(
            r.get::<_, Value>(3),
            json!({"type": "reviewed", "passed": false, "comment": "Chưa đạt"})
        );
        assert_eq!(r.get::<_, String>(4), reviewer);
        assert!(
            r.get::<_, bool>(5),
            "{reviewer}: the review is recorded no earlier than the result it decides on"
        );
    }
    // A leader writes no timeline row at all.
    let mut ld = s.office.direct("ld_dung");
    no_grant(
        &mut ld,
        &act(s.overdue["syt_binh"][1], &progress_json("x")),
        "function task_act",
    );
    every_change_has_its_timeline_entry(&s.office);
    assert_eq!(numbers(&mut s.vp), before);
    s.everyone_syncs();
}

// ---------------------------------------------------------------------------------------
// A mutation id applies once, whoever sends it.

#[test]
fn a_mutation_id_applies_once_whoever_sends_it() {
    let mut s = scene();
    let before = baseline(&mut s);
    let t = s.open["syt_binh"];
    let pc = s.pc("syt_binh");
    let a = pc.actor();
    pc.store
        .apply(
            &a,
            t,
            None,
            TaskAction::Progress(ProgressUpdate {
                text: "Tuần 1".into(),
                ..Default::default()
            }),
        )
        .unwrap();
    assert_eq!(pc.sync().pushed, 1);
    // The id is visible to everyone who reads the task's timeline.
    let used: Uuid = s
        .office
        .direct("vp_lan")
        .query_one(
            "SELECT mutation_id FROM nv.task_events WHERE task_id = $1 AND kind = 'progress'",
            &[&t],
        )
        .unwrap()
        .get(0);
    let reuse = |task: Uuid, a: &Value| {
        format!(
            "SELECT nv.task_act('{used}', '{task}', {}, now(), NULL, NULL)",
            lit(a)
        )
    };
    let taken = "Mã thao tác này đã được dùng.";
    for login in logins() {
        let mut c = s.office.direct(login);
        match kind(login) {
            Role::Leader => no_grant(&mut c, &reuse(t, &progress_json("x")), "function task_act"),
            Role::Unit => {
                let own = s.open[login];
                refused(
                    &mut c,
                    &reuse(own, &progress_json("Tuần 1 (gửi lại)")),
                    &SqlState::UNIQUE_VIOLATION,
                    taken,
                );
                // Nor may it file a refusal under that id.
                let m = c
                    .batch_execute(&format!(
                        "INSERT INTO nv.mutations (id, name, outcome) VALUES ('{used}', 'accept_task', 'rejected')"
                    ))
                    .unwrap_err();
                assert_eq!(m.code(), Some(&SqlState::UNIQUE_VIOLATION));
                // With a fresh id it works.
                c.batch_execute(&act(own, &progress_json("Tuần 1")))
                    .unwrap();
            }
            _ => {
                refused(
                    &mut c,
                    &reuse(t, &extend(60)),
                    &SqlState::UNIQUE_VIOLATION,
                    taken,
                );
                refused(
                    &mut c,
                    &format!("SELECT nv.save_config('{used}', 'calendar', '[]')"),
                    &SqlState::UNIQUE_VIOLATION,
                    taken,
                );
                invalid(
                    &mut c,
                    &format!(
                        "SELECT nv.task_act(NULL, '{t}', {}, now(), NULL, NULL)",
                        lit(&extend(60))
                    ),
                    "Thiếu mã thao tác.",
                );
            }
        }
    }
    let r: (String, String) = {
        let mut su = s.office.superuser();
        let r = su
            .query_one(
                "SELECT author::text, outcome FROM nv.mutations WHERE id = $1",
                &[&used],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(r, ("syt_binh".into(), "applied".into()));
    every_change_has_its_timeline_entry(&s.office);
    assert_eq!(numbers(&mut s.vp), before);
    s.everyone_syncs();
}

fn extend(days: u64) -> Value {
    json!({"type": "extend", "new_deadline": (today_local() + Days::new(days)).to_string(),
           "approving_document": "125/UBND-TH", "reason": "Chờ vốn"})
}
