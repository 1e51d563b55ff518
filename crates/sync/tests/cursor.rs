//! The pull cursor against transactions that commit out of order and one that stays open:
//! a plain sequence cursor misses a row, the (xid, seq) cursor below the snapshot horizon
//! does not.

mod support;

use nhiemvu_sync::pull::{read_changes, Cursor};
use support::*;
use uuid::Uuid;

const START: Cursor = Cursor { xid: 0, seq: -1 };

/// Write one change-log row in `tx` (the superuser bypasses RLS; the row is visible to all).
fn log(tx: &mut postgres::Transaction, id: Uuid) -> i64 {
    tx.query_one(
        "INSERT INTO nv.change_log (entity, entity_id, units) VALUES ('task', $1, NULL) RETURNING seq",
        &[&id],
    )
    .unwrap()
    .get(0)
}

/// Everything readable from `cursor` on, as the clients read it; returns the ids and the new cursor.
fn read_all(client: &mut postgres::Client, mut cursor: Cursor) -> (Vec<Uuid>, Cursor) {
    let mut out = Vec::new();
    loop {
        let rows = read_changes(client, cursor, 1000).unwrap();
        if rows.is_empty() {
            return (out, cursor);
        }
        cursor = rows.last().unwrap().at;
        out.extend(rows.into_iter().filter_map(|c| c.entity_id));
    }
}

fn plain_seq_read(client: &mut postgres::Client, after: i64) -> (Vec<Uuid>, i64) {
    let rows = client
        .query("SELECT seq, entity_id FROM nv.change_log WHERE seq > $1 AND entity_id IS NOT NULL ORDER BY seq", &[&after])
        .unwrap();
    let last = rows.last().map(|r| r.get(0)).unwrap_or(after);
    (rows.iter().map(|r| r.get(1)).collect(), last)
}

#[test]
fn out_of_order_commits_are_not_skipped() {
    let office = Office::start();
    let mut reader = office.direct("ld_dung");
    let (_, base) = read_all(&mut reader, START);
    let (_, base_seq) = plain_seq_read(&mut reader, 0);

    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let mut w1 = office.superuser();
    let mut w2 = office.superuser();
    let mut t1 = w1.transaction().unwrap();
    let seq_a = log(&mut t1, a); // takes the lower sequence number, commits last
    let mut t2 = w2.transaction().unwrap();
    let seq_b = log(&mut t2, b);
    assert!(seq_a < seq_b);
    t2.commit().unwrap();

    // While t1 is open: the plain cursor reads b and moves past a's number.
    let (plain_first, plain_cursor) = plain_seq_read(&mut reader, base_seq);
    assert_eq!(plain_first, vec![b]);
    // Ours reads nothing yet: b's transaction is above the horizon that t1 holds down.
    let (ours_first, cursor) = read_all(&mut reader, base);
    assert!(
        ours_first.is_empty(),
        "nothing below the horizon yet: {ours_first:?}"
    );

    t1.commit().unwrap();
    let (plain_then, _) = plain_seq_read(&mut reader, plain_cursor);
    assert!(
        plain_then.is_empty(),
        "the plain sequence cursor has skipped a for ever"
    );
    let (ours_then, _) = read_all(&mut reader, cursor);
    assert_eq!(
        ours_then,
        vec![a, b],
        "ours reads both, in commit-safe order"
    );
}

#[test]
fn a_long_open_transaction_holds_changes_back_until_it_ends_and_loses_none() {
    let office = Office::start();
    let mut reader = office.direct("vp_thu");
    let (_, mut cursor) = read_all(&mut reader, START);

    let mut long = office.superuser();
    let mut open = long.transaction().unwrap();
    let held = Uuid::now_v7();
    log(&mut open, held);

    let mut writer = office.superuser();
    let mut later = Vec::new();
    for _ in 0..20 {
        let mut t = writer.transaction().unwrap();
        let id = Uuid::now_v7();
        log(&mut t, id);
        t.commit().unwrap();
        later.push(id);
    }
    for _ in 0..3 {
        let (got, c) = read_all(&mut reader, cursor);
        assert!(
            got.is_empty(),
            "held back while the old transaction is open"
        );
        cursor = c;
    }
    open.commit().unwrap();
    let (got, _) = read_all(&mut reader, cursor);
    let mut want = vec![held];
    want.extend(later);
    assert_eq!(got, want);
}

#[test]
fn a_rolled_back_transaction_leaves_nothing_and_blocks_nothing() {
    let office = Office::start();
    let mut reader = office.direct("vp_thu");
    let (_, cursor) = read_all(&mut reader, START);
    let mut w = office.superuser();
    let mut t = w.transaction().unwrap();
    log(&mut t, Uuid::now_v7());
    t.rollback().unwrap();
    let mut t = w.transaction().unwrap();
    let kept = Uuid::now_v7();
    log(&mut t, kept);
    t.commit().unwrap();
    let (got, _) = read_all(&mut reader, cursor);
    assert_eq!(got, vec![kept]);
}
