//! Holes found while writing these tests, each fixed in the schema; the tests stay so
//! that none comes back.

use super::*;

// ---------------------------------------------------------------------------------------
// Holes found while writing these tests, each fixed in the schema; the tests stay so that
// none comes back.

/// Was a hole (schema 1): an office person who ran `SET ROLE nhiemvu_office` kept every office
/// right but wrote as nobody. Now a group role reads nothing, and the functions act for the
/// session's own login whatever role it set: the write carries her name.
#[test]
fn a_login_acts_in_its_own_name_whatever_role_it_sets() {
    let w = world();
    let h = w.t_health;
    let as_group = ["SET ROLE nhiemvu_office"];
    let mut thu = w.conn("vp_thu");
    assert_eq!(
        thu.count_after(&as_group, "SELECT count(*) FROM nv.tasks"),
        0,
        "the group role sees no task"
    );
    let mut tx = thu.c.transaction().unwrap();
    tx.batch_execute(as_group[0]).unwrap();
    tx.execute(&act(h, &extend(90)), &[]).unwrap();
    tx.batch_execute("RESET ROLE").unwrap();
    let r = tx
        .query_one(
            "SELECT t.updated_by::text, e.actor_login::text, e.actor_id FROM nv.tasks t
             JOIN nv.task_events e ON e.task_id = t.id WHERE t.id = $1 ORDER BY e.id DESC LIMIT 1",
            &[&h],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "vp_thu");
    assert_eq!(r.get::<_, String>(1), "vp_thu");
    assert_eq!(r.get::<_, Uuid>(2), w.person("vp_thu"));
    drop(tx);
    // A unit login that takes on its kind's role is itself all the same; it cannot take the
    // office's.
    let mut syt = w.conn("syt_binh");
    let m = syt.denied("SET ROLE nhiemvu_office");
    assert_eq!(m, "permission denied to set role \"nhiemvu_office\"");
    let mut tx = syt.c.transaction().unwrap();
    tx.batch_execute("SET ROLE nhiemvu_unit").unwrap();
    let e = tx.execute(&act(h, &extend(90)), &[]).unwrap_err();
    assert_eq!(
        e.as_db_error().unwrap().message(),
        core_refusal("extend", "unit", "assigned")
    );
    drop(tx);
    // And its unit's role has no rights at all.
    let unit_role: String = syt
        .c
        .query_one(
            "SELECT role_name::text FROM nv.units WHERE id = ANY (nv.unit_ids_of(current_user))",
            &[],
        )
        .unwrap()
        .get(0);
    let setup = format!("SET ROLE {unit_role}");
    syt.no_grant_after(&[&setup], &act(h, &accept()));
    assert_eq!(syt.allowed(&act(h, &accept())), 1, "in its own name");
}

/// Was a hole: a blob is readable by anyone who can see an event pointing at it, and a unit
/// could point its own event at any blob whose SHA-256 it knew. Now only a login that sent
/// the bytes (`nv.put_blob`) may attach them, to a result or to a document.
#[test]
fn a_file_is_attached_only_by_a_login_that_sent_it() {
    let w = world();
    let mut syt = w.conn("syt_binh");
    let read = format!(
        "SELECT count(*) FROM nv.blobs WHERE sha256 = '{}'",
        w.file_17
    );
    assert_eq!(syt.count(&read), 0);
    let attachment = |sha: &str| nhiemvu_core::model::Attachment {
        sha256: sha.into(),
        file_name: "bao-cao.pdf".into(),
        size: 1,
    };
    let accepted = act(w.t_health, &accept());
    let steal = act(
        w.t_health,
        &action(&TaskAction::SubmitResult(result_report(Some(attachment(
            &w.file_17,
        ))))),
    );
    let m = syt.denied_after(&[&accepted], &steal);
    assert_eq!(
        m,
        "Tệp đính kèm chưa được gửi lên máy chủ từ tài khoản này."
    );
    assert_eq!(syt.count(&read), 0);
    // Its own result file goes in: uploaded through put_blob, then referenced.
    let upload =
        "SELECT nv.put_blob(encode(sha256('bao cao y te'::bytea), 'hex'), 'bao cao y te'::bytea)";
    let own_sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b"bao cao y te"))
    };
    let own = act(
        w.t_health,
        &action(&TaskAction::SubmitResult(result_report(Some(attachment(
            &own_sha,
        ))))),
    );
    assert_eq!(syt.allowed_after(&[&accepted, upload], &own), 1);
    // The office, likewise: a colleague's file is not hers to attach to a document.
    let mut lan = w.conn("vp_lan");
    let theirs = register_document(
        w.office.health.id,
        json!([{"sha256": w.file_15, "file_name": "mượn.pdf"}]),
    );
    lan.forbidden(
        &theirs,
        "Tệp đính kèm chưa được gửi lên máy chủ từ tài khoản này.",
    );
    let mine = register_document(
        w.office.health.id,
        json!([{"sha256": w.file_15, "file_name": "van-ban-15.pdf"}]),
    );
    let upload_15 = format!(
        "SELECT nv.put_blob('{}', convert_to('%PDF-1.4 Văn bản số 15/QĐ-UBND (bản quét)', 'UTF8'))",
        w.file_15
    );
    assert_eq!(lan.allowed_after(&[&upload_15], &mine), 1);
}

/// A person the admin moves to another unit, or to another kind, keeps none of the old
/// rights: Bình moves from Sở Y tế to Sở Tài chính and sees only Sở Tài chính's tasks;
/// made a leader, he writes nothing.
#[test]
fn a_person_moved_to_another_unit_or_kind_keeps_no_old_rights() {
    let w = world();
    let mut binh = w.office.people["syt_binh"].clone();
    let mut su = w.office.superuser();
    let mut syt = w.conn("syt_binh");
    let mine = "SELECT id FROM nv.tasks";
    assert_eq!(
        syt.ids(mine),
        set(&[&w.t_health, &w.t_coord]),
        "before the move"
    );
    assert_eq!(syt.allowed(&act(w.t_health, &accept())), 1);

    binh.unit_id = w.office.finance.id;
    nhiemvu_sync::provision::put_person(&mut su, &binh, Some("syt_binh"), None).unwrap();
    let mut moved = w.conn("syt_binh");
    assert_eq!(
        moved.ids(mine),
        set(&[&w.t_finance, &w.t_submitted]),
        "after the move: the new unit's tasks only"
    );
    moved.forbidden(&act(w.t_health, &accept()), NOT_YOURS);
    assert_eq!(moved.allowed(&act(w.t_finance, &accept())), 1);

    binh.role = nhiemvu_core::model::Role::Leader;
    nhiemvu_sync::provision::put_person(&mut su, &binh, Some("syt_binh"), None).unwrap();
    let mut leader = w.conn("syt_binh");
    assert_eq!(
        leader.count("SELECT count(*) FROM nv.tasks"),
        4,
        "a leader reads all"
    );
    assert_eq!(
        leader.denied(&act(w.t_finance, &accept())),
        "permission denied for function task_act"
    );
}
