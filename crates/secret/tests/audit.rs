//! The audit log is a hash chain: verify passes on an untouched store and points at the
//! first broken place after an edit of the log, a removed entry, or a row changed with SQL
//! behind the store's back.

mod common;
use common::*;

use nhiemvu_core::model::Secrecy;
use nhiemvu_secret::{CopyMethod, NewCopy, NewHandover};

fn filled() -> Fixture {
    let mut f = fixture();
    let s = &mut f.store;
    let a = s
        .register_incoming(incoming("Một", Secrecy::Secret, local(2026, 3, 2, 9, 0)))
        .unwrap();
    s.register_outgoing(outgoing(
        "Hai",
        Secrecy::Confidential,
        local(2026, 3, 3, 9, 0),
    ))
    .unwrap();
    s.record_handover(NewHandover {
        entry_id: Some(a.id),
        giver: "Lý Thị Mật".into(),
        receiver: "Nguyễn Văn Hùng".into(),
        purpose: "Trình Lãnh đạo Văn phòng".into(),
        ..Default::default()
    })
    .unwrap();
    s.record_copy(NewCopy {
        entry_id: Some(a.id),
        document: String::new(),
        secrecy: None,
        method: CopyMethod::Copy,
        count: 2,
        authorized_by: "Chánh Văn phòng Trần Văn Minh".into(),
        made_by: "Lý Thị Mật".into(),
        made_at: None,
        delivered_to: "Sở Ngoại vụ".into(),
        note: String::new(),
    })
    .unwrap();
    f
}

#[test]
fn an_untouched_store_verifies() {
    let f = filled();
    let r = f.store.verify().unwrap();
    assert!(r.first_broken.is_none(), "{:?}", r.first_broken);
    // create, two entries, two recipients, a hand-over, a copy
    assert_eq!(r.entries, 7);
    assert_eq!(r.rows, 6);
    assert_eq!(r.head.len(), 64);
    let lines = f.store.audit_lines(3).unwrap();
    assert_eq!(lines[0].action, "copy");
    assert_eq!(lines[0].actor, "Lý Thị Mật");
}

#[test]
fn a_row_edited_with_sql_is_found() {
    let f = filled();
    let c = f.store.connection();
    let id: String = c
        .query_row(
            "SELECT id FROM entries WHERE number = 1 AND register = 'incoming'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    c.execute(
        "UPDATE entries SET handler = 'Người khác' WHERE id = ?1",
        [&id],
    )
    .unwrap();
    let r = f.store.verify().unwrap();
    let b = r.first_broken.expect("found");
    assert_eq!(b.entity.as_deref(), Some("entry"));
    assert_eq!(b.entity_id.as_deref(), Some(id.as_str()));
    assert!(b.reason.contains("sửa ngoài phần mềm"), "{}", b.reason);
}

#[test]
fn a_row_added_with_sql_is_found() {
    let f = filled();
    f.store
        .connection()
        .execute(
            "INSERT INTO handovers (id, year, number, document, secrecy, giver, receiver, handed_at, created_by)
             VALUES ('chen', 2026, 2, 'Tài liệu', 'secret', 'A', 'B', '2026-03-04T02:00:00Z', 'ai đó')",
            [],
        )
        .unwrap();
    let b = f.store.verify().unwrap().first_broken.expect("found");
    assert_eq!(b.entity_id.as_deref(), Some("chen"));
    assert!(b.reason.contains("thêm ngoài phần mềm"));
}

#[test]
fn an_edited_or_removed_log_entry_breaks_the_chain_there() {
    let f = filled();
    let c = f.store.connection();
    // Someone with the key first removes the guard trigger, then rewrites entry 3.
    c.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    c.execute("UPDATE audit SET actor = 'Người khác' WHERE seq = 3", [])
        .unwrap();
    let b = f.store.verify().unwrap().first_broken.expect("found");
    assert_eq!(b.seq, Some(3));
    assert!(b.reason.contains("bị sửa"), "{}", b.reason);

    let g = filled();
    let c = g.store.connection();
    c.execute_batch("DROP TRIGGER audit_no_delete;").unwrap();
    c.execute("DELETE FROM audit WHERE seq = 4", []).unwrap();
    let b = g.store.verify().unwrap().first_broken.expect("found");
    assert_eq!(b.seq, Some(5));
    assert!(b.reason.contains("thiếu mục số 4"), "{}", b.reason);
}
