//! 2. Back-dating: a unit cannot hide its overdue tasks.

use super::*;

// ---------------------------------------------------------------------------------------
// 2. A unit hides its overdue tasks.

#[test]
fn a_unit_cannot_hide_its_overdue_tasks() {
    let mut s = scene();
    // The office extends each unit's open task now: the unit's next step comes after it.
    let a = s.vp.actor();
    for login in UNIT_LOGINS {
        s.vp.store
            .apply(
                &a,
                s.open[login],
                None,
                TaskAction::Extend(nhiemvu_core::model::Extension {
                    new_deadline: today_local() + Days::new(40),
                    approving_document: "125/UBND-TH".into(),
                    reason: "Chờ vốn".into(),
                }),
            )
            .unwrap();
    }
    let before = baseline(&mut s);
    let gap_hours = 48;
    s.office
        .superuser()
        .execute(
            "UPDATE nv.meta SET value = $1 WHERE key = 'max_offline_hours'",
            &[&gap_hours.to_string()],
        )
        .unwrap();

    for login in UNIT_LOGINS {
        let mut c = s.office.direct(login);
        let overdue = s.overdue[login].clone();
        // The attack, as it was made.
        for t in &overdue {
            no_grant(
                &mut c,
                &format!(
                    "UPDATE nv.tasks SET pending_submitted_at = deadline - 2, version = version + 1 WHERE id = '{t}'"
                ),
                "table tasks",
            );
        }
        // Through the app: each overdue result "made offline" two days before the deadline.
        let pc = s.pc(login);
        let unit = pc.actor();
        let mut claims = Vec::new();
        for t in &overdue {
            let deadline = pc.store.task(*t).unwrap().deadline.unwrap();
            let day = deadline - Days::new(2);
            let claimed = local_instant(day, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
            pc.store
                .apply_at(
                    &unit,
                    *t,
                    None,
                    TaskAction::SubmitResult(result_report(day)),
                    claimed,
                )
                .unwrap();
            claims.push((*t, deadline, claimed));
        }
        let r = pc.sync();
        assert_eq!((r.pushed, r.rejected), (overdue.len() as u64, 0), "{login}");
        for (t, deadline, claimed) in claims {
            let r = c
                .query_one(
                    "SELECT t.pending_submitted_at, e.at, e.claimed_at, e.received_at,
                            e.received_at - make_interval(hours => $2) = e.at
                     FROM nv.tasks t JOIN nv.task_events e ON e.task_id = t.id
                     WHERE t.id = $1 AND e.kind = 'result_submitted'",
                    &[&t, &gap_hours],
                )
                .unwrap();
            let (pending, at, claim): (DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>) =
                (r.get(0), r.get(1), r.get(2));
            assert_eq!(pending, at, "{login}");
            assert!(
                r.get::<_, bool>(4),
                "{login}: recorded at the allowed gap before receipt"
            );
            assert!(
                local_date(at) > deadline,
                "{login}: still after the deadline"
            );
            // The claim stays visible beside the time recorded.
            let claim = claim.expect("the claim is kept");
            assert!((claim - claimed).num_milliseconds().abs() < 1, "{login}");
        }

        // Never before the task's previous step: progress "made" three days ago on the
        // task the office extended a moment ago is recorded at the extension.
        let open = s.open[login];
        let three_days_ago = Utc::now() - chrono::Duration::days(3);
        let pc = s.pc(login);
        pc.store
            .apply_at(
                &unit,
                open,
                None,
                TaskAction::Progress(ProgressUpdate {
                    text: "Đã làm xong phần lớn".into(),
                    ..Default::default()
                }),
                three_days_ago,
            )
            .unwrap();
        assert_eq!(pc.sync().pushed, 1);
        let r = c
            .query_one(
                "SELECT e.at = (SELECT x.at FROM nv.task_events x WHERE x.task_id = e.task_id AND x.kind = 'extended'),
                        e.claimed_at IS NOT NULL
                 FROM nv.task_events e WHERE e.task_id = $1 AND e.kind = 'progress'",
                &[&open],
            )
            .unwrap();
        assert!(
            r.get::<_, bool>(0),
            "{login}: recorded at the previous step"
        );
        assert!(r.get::<_, bool>(1));

        // An acceptance dated 2000-01-01: recorded at the allowed gap, after the assignment.
        let fresh = s.fresh[login];
        c.batch_execute(&act_at(fresh, &json!({"type": "accept"}), "'2000-01-01'"))
            .unwrap();
        let r = c
            .query_one(
                "SELECT t.accepted_at = e.at, e.at = e.received_at - make_interval(hours => $2),
                        e.at > t.assigned_at, e.claimed_at = '2000-01-01'
                 FROM nv.tasks t JOIN nv.task_events e ON e.task_id = t.id
                 WHERE t.id = $1 AND e.kind = 'accepted'",
                &[&fresh, &gap_hours],
            )
            .unwrap();
        for i in 0..4 {
            assert!(r.get::<_, bool>(i), "{login}: acceptance column {i}");
        }
        // Follow-up dates in 2099: a progress report claimed then is recorded now; results
        // and dates of the future are refused.
        c.batch_execute(&act_at(
            open,
            &progress_json("Báo cáo từ tương lai"),
            "'2099-01-01'",
        ))
        .unwrap();
        let r = c
            .query_one(
                "SELECT t.last_progress_at = e.received_at, e.at = e.received_at
                 FROM nv.tasks t JOIN nv.task_events e ON e.task_id = t.id
                 WHERE t.id = $1 AND e.kind = 'progress' ORDER BY e.id DESC LIMIT 1",
                &[&open],
            )
            .unwrap();
        assert!(r.get::<_, bool>(0) && r.get::<_, bool>(1), "{login}");
        let mut future = result_json(today_local());
        future["completed_on"] = json!("2099-01-01");
        invalid(
            &mut c,
            &act(open, &future),
            "Ngày hoàn thành không được sau ngày hôm nay.",
        );
        // A state change without a timeline entry: there is no way to make one.
        no_grant(
            &mut c,
            &format!(
                "UPDATE nv.tasks SET state = 'done', version = version + 1 WHERE id = '{open}'"
            ),
            "table tasks",
        );
    }
    every_change_has_its_timeline_entry(&s.office);
    let after = numbers(&mut s.vp);
    assert_eq!(after.overdue, 4, "quá hạn 4, as before");
    // The results are there, and counted for what they are: entered late (their replies
    // are dated two days before the deadline, the server received them well after).
    let mut expected = before.clone();
    let late_entries = |n: &Numbers| -> std::collections::BTreeMap<Uuid, (u32, u32, u32)> {
        n.lateness
            .iter()
            .map(|l| {
                let v = (
                    l.late_document_entries,
                    l.late_result_entries,
                    l.late_reviews,
                );
                (l.unit_id, v)
            })
            .filter(|(_, v)| *v != (0, 0, 0))
            .collect()
    };
    let mut want = late_entries(&before);
    for login in UNIT_LOGINS {
        want.entry(s.unit_of(login)).or_default().1 += s.overdue[login].len() as u32;
    }
    assert_eq!(late_entries(&after), want, "late result entries per unit");
    expected.lateness = after.lateness.clone();
    assert_eq!(after, expected, "everything else as before");
    s.everyone_syncs();
}
