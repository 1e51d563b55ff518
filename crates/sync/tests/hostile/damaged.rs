//! A row no PC can read stops nobody, and the admin repairs it.

use super::*;

/// (entity, id) of damaged records, to compare lists.
fn listed(records: &[nhiemvu_core::store::DamagedRecord]) -> BTreeSet<(String, String)> {
    records
        .iter()
        .map(|d| (d.entity.clone(), d.id.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// A row no PC can read (written before schema 3, or by a careless superuser) stops nobody.

#[test]
fn a_damaged_row_stops_no_pc_and_the_admin_repairs_it() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut ld = office.pc("ld_dung");
    let mut syt = office.pc("syt_binh");
    let tasks = register(&mut vp, "70", &[office.health.id, office.health.id]);
    vp.sync();
    syt.sync();
    ld.sync();
    let (damaged_task, other) = (tasks[0].id, tasks[1].id);
    // The office's calendar, as it was before.
    let a = vp.actor();
    vp.store
        .set_calendar_overrides(
            &a,
            &[nhiemvu_core::calendar::CalendarOverride {
                date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                kind: nhiemvu_core::calendar::OverrideKind::DayOff,
                note: "Nghỉ bù".into(),
            }],
        )
        .unwrap();
    vp.sync();

    let mut su = office.superuser();
    let bad_event: i64 = su
        .query_one(
            "INSERT INTO nv.task_events (task_id, at, actor_login, kind, payload)
             VALUES ($1, now(), 'postgres', 'progress', '{\"type\": \"progress\", \"text\": 42}')
             RETURNING id",
            &[&damaged_task],
        )
        .unwrap()
        .get(0);
    su.execute(
        "UPDATE nv.tasks SET version = version + 1 WHERE id = $1",
        &[&damaged_task],
    )
    .unwrap();
    su.execute(
        "UPDATE nv.settings SET value = '[{\"date\": \"not-a-date\"}]' WHERE key = 'calendar'",
        &[],
    )
    .unwrap();

    // Meanwhile, ordinary work: a new document, and the unit's progress on its other task.
    let later = register(&mut vp, "71", &[office.health.id]);
    assert_eq!(vp.sync().pushed, 1);
    let u = syt.actor();
    syt.store
        .apply(&u, other, None, TaskAction::Accept)
        .unwrap();

    let expected: BTreeSet<(String, String)> = [
        ("event".to_string(), bad_event.to_string()),
        ("calendar".to_string(), "calendar".to_string()),
    ]
    .into();
    let mut fresh = office.pc("vp_lan"); // a brand-new PC: its first sync is a full download
    for pc in [&mut vp, &mut ld, &mut syt, &mut fresh] {
        let r = pc
            .try_sync()
            .unwrap_or_else(|e| panic!("{}: the sync failed: {e}", pc.login));
        assert_eq!((r.rejected, &r.transient), (0, &None), "{}", pc.login);
        assert!(
            pc.store.task(later[0].id).is_ok(),
            "{}: the new task arrived",
            pc.login
        );
        let server = server_view(&mut office.direct(pc.login));
        let local = local_view(&pc.store);
        for (s, l) in server.iter().zip(&local) {
            if s.0 == damaged_task {
                // Everything but the unreadable row: the version, the other entries.
                assert_eq!((s.2, s.5 - 1), (l.2, l.5), "{}", pc.login);
            } else {
                assert_eq!(s, l, "{}", pc.login);
            }
        }
        assert_eq!(server.len(), local.len(), "{}", pc.login);
        // The PC says which records it skipped (the window lists them).
        assert_eq!(listed(&skipped(&pc.store)), expected, "{}", pc.login);
    }
    // The office's PC keeps the calendar it had.
    let days: Vec<NaiveDate> = vp
        .store
        .calendar_overrides()
        .unwrap()
        .iter()
        .map(|o| o.date)
        .collect();
    assert_eq!(days, [NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()]);
    assert_eq!(
        syt.store.task(other).unwrap().state,
        nhiemvu_core::model::WorkflowState::InProgress
    );

    // The admin finds exactly those rows, with the PCs' own decoders, and repairs them.
    let mut an = office.direct("qt_an");
    let found = admin::damaged(&mut an).unwrap();
    assert_eq!(listed(&found), expected);
    // No one else may.
    for login in logins().filter(|l| *l != "qt_an") {
        let e = admin::repair(&mut office.direct(login), &found).unwrap_err();
        assert!(
            e.to_string()
                .contains("permission denied for function quarantine_"),
            "{login}: {e}"
        );
    }
    assert_eq!(admin::repair(&mut an, &found).unwrap(), 2);
    let kept: Vec<(String, String, Value)> = su
        .query(
            "SELECT entity, entity_id, row_data FROM nv.quarantine ORDER BY entity DESC",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(kept.len(), 2);
    assert_eq!(
        (kept[0].0.as_str(), kept[0].1.as_str()),
        ("event", bad_event.to_string().as_str())
    );
    assert_eq!(
        kept[0].2["payload"],
        json!({"type": "progress", "text": 42})
    );
    assert_eq!(kept[1].2["value"], json!([{"date": "not-a-date"}]));
    assert!(admin::damaged(&mut an).unwrap().is_empty());
    for pc in [&mut vp, &mut ld, &mut syt, &mut fresh] {
        let r = pc.sync();
        assert_eq!(r.rejected, 0);
        assert_eq!(
            local_view(&pc.store),
            server_view(&mut office.direct(pc.login)),
            "{}: the repaired task",
            pc.login
        );
        assert!(
            skipped(&pc.store).is_empty(),
            "{}: nothing is listed as damaged any more",
            pc.login
        );
    }
}

/// The records the PC's syncs skipped, as it keeps them for the window.
fn skipped(store: &nhiemvu_core::store::Store) -> Vec<nhiemvu_core::store::DamagedRecord> {
    store
        .damaged_records()
        .unwrap()
        .into_iter()
        .map(|r| r.record)
        .collect()
}
