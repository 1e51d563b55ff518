//! 6. Conflicts are the server's to write and the parties' to settle.

use super::*;

// ---------------------------------------------------------------------------------------
// 6. Conflicts are the server's to write, and the parties' (or the office's) to settle.

#[test]
fn conflicts_are_written_by_the_server_and_settled_by_the_people_in_them() {
    let mut s = scene();
    let before = baseline(&mut s);
    let mut lan = s.office.pc("vp_lan");
    let t = s.open["syt_binh"];
    let u = s.fresh["stc_cuong"];
    // Thu extends, then the unit reports progress (so the task's last writer is not who
    // set the deadline); Lan, who had not synced, extends from the deadline she saw. The
    // same for the lead unit of another task.
    let thu_actor = s.vp.actor();
    let lan_actor = lan.actor();
    let ext = |days| {
        TaskAction::Extend(nhiemvu_core::model::Extension {
            new_deadline: today_local() + Days::new(days),
            approving_document: "90/UBND-TH".into(),
            reason: "Gia hạn".into(),
        })
    };
    s.vp.store.apply(&thu_actor, t, None, ext(40)).unwrap();
    lan.store.apply(&lan_actor, t, None, ext(60)).unwrap();
    s.vp.store
        .apply(
            &thu_actor,
            u,
            None,
            TaskAction::Reassign {
                to_unit_id: s.office.construction.id,
                note: String::new(),
            },
        )
        .unwrap();
    lan.store
        .apply(
            &lan_actor,
            u,
            None,
            TaskAction::Reassign {
                to_unit_id: s.office.health.id,
                note: String::new(),
            },
        )
        .unwrap();
    assert_eq!(s.vp.sync().pushed, 2);
    let pc = s.pc("syt_binh");
    let a = pc.actor();
    pc.store
        .apply(
            &a,
            t,
            None,
            TaskAction::Progress(ProgressUpdate {
                text: "Đang làm".into(),
                ..Default::default()
            }),
        )
        .unwrap();
    assert_eq!(pc.sync().pushed, 1);
    assert_eq!(lan.sync().pushed, 2);
    let mut su = s.office.superuser();
    let rows: Vec<(i64, String, String, String)> = su
        .query(
            "SELECT id, field, overwritten_by::text, kept_by::text FROM nv.conflicts ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    let fields: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r.1.as_str(), r.2.as_str(), r.3.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("deadline", "vp_thu", "vp_lan"),
            ("lead_unit_id", "vp_thu", "vp_lan")
        ],
        "the one whose value was overwritten, not the task's last writer"
    );
    assert_eq!(lan.session.as_mut().unwrap().open_conflicts().unwrap(), 2);
    assert_eq!(s.vp.session.as_mut().unwrap().open_conflicts().unwrap(), 2);

    let (first, second) = (rows[0].0, rows[1].0);
    let settle = |id: i64, text: &str| {
        format!(
            "SELECT nv.resolve_conflict({id}, '{}')",
            text.replace('\'', "''")
        )
    };
    for login in logins() {
        let mut c = s.office.direct(login);
        // Writing one by hand, with a phone number in it: nobody.
        no_grant(
            &mut c,
            &format!(
                "INSERT INTO nv.conflicts (task_id, field, overwritten, kept, overwritten_by, kept_by, mutation_id)
                 VALUES ('{t}', 'deadline', '\"Gọi 0912 345 678\"', '\"x\"', 'vp_thu', current_user, gen_random_uuid())"
            ),
            "table conflicts",
        );
        no_grant(
            &mut c,
            "UPDATE nv.conflicts SET kept = '\"Gọi 0912 345 678\"'",
            "table conflicts",
        );
        match kind(login) {
            Role::Leader => no_grant(
                &mut c,
                &settle(first, "Gọi 0912 345 678"),
                "function resolve_conflict",
            ),
            Role::Unit => {
                forbidden(
                    &mut c,
                    &settle(first, "Gọi 0912 345 678"),
                    "Không tìm thấy xung đột này.",
                );
                assert_eq!(count(&mut c, "SELECT count(*) FROM nv.conflicts"), 0);
            }
            _ => {
                forbidden(&mut c, &settle(0, "x"), "Không tìm thấy xung đột này.");
                invalid(&mut c, &settle(first, "  "), "Thiếu Cách giải quyết.");
            }
        }
    }
    // The people in it settle them.
    let mut thu = s.office.direct("vp_thu");
    thu.batch_execute(&settle(first, "Giữ hạn 60 ngày"))
        .unwrap();
    invalid(
        &mut thu,
        &settle(first, "Lại"),
        "Xung đột này đã được giải quyết.",
    );
    s.office
        .direct("qt_an")
        .batch_execute(&settle(second, "Giao Sở Y tế"))
        .unwrap();
    assert_eq!(lan.session.as_mut().unwrap().open_conflicts().unwrap(), 0);
    let after = numbers(&mut s.vp);
    assert_eq!(after, before);
}
