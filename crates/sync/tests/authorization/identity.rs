//! Identity: what a person writes carries their own name, whatever the PC sends.

use super::*;

// ---------------------------------------------------------------------------------------
// Identity: what a person writes carries their own name, whatever the PC sends.

#[test]
fn events_documents_and_mutations_carry_their_writers_own_identity() {
    let w = world();
    let h = w.t_health;
    let thu = w.person("vp_thu");
    let mut syt = w.conn("syt_binh");
    // A progress report that claims to come from vp_thu, in the leader's name, charged to
    // Sở Tài chính and marked late: the server writes its own facts.
    let forged = json!({
        "type": "progress", "text": "Đã họp triển khai", "difficulties": "", "proposals": "",
        "delay_reasons": "", "actor_id": thu, "actor_login": "vp_thu", "actor_name": "Võ Văn Dũng",
        "unit_id": w.office.finance.id, "late": true, "kind": "reviewed",
    });
    let mut tx = syt.c.transaction().unwrap();
    tx.execute(&act(h, &accept()), &[]).unwrap();
    tx.execute(&act(h, &forged), &[]).unwrap();
    let r = tx
        .query_one(
            "SELECT actor_login::text, actor_id, actor_name, unit_id, kind, late, payload
             FROM nv.task_events WHERE task_id = $1 ORDER BY id DESC LIMIT 1",
            &[&h],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), "syt_binh");
    assert_eq!(r.get::<_, Uuid>(1), w.person("syt_binh"));
    assert_eq!(r.get::<_, String>(2), "Phạm Văn Bình");
    assert_eq!(r.get::<_, Uuid>(3), w.office.health.id);
    assert_eq!(r.get::<_, String>(4), "progress");
    assert_eq!(r.get::<_, Option<bool>>(5), None);
    assert_eq!(
        r.get::<_, Value>(6),
        progress(),
        "the payload is the server's"
    );
    drop(tx);

    // The office: a document entered in a colleague's name is entered in one's own.
    let mut lan = w.conn("vp_lan");
    let id = Uuid::now_v7();
    let mut doc = document_json(id, json!([]));
    doc["entered_by"] = json!(thu);
    doc["entered_login"] = json!("vp_thu");
    doc["entered_unit_id"] = json!(w.office.health.id);
    doc["entered_late"] = json!(false);
    doc["entered_at"] = json!("2000-01-01T00:00:00Z");
    let mut tx = lan.c.transaction().unwrap();
    tx.execute(
        &format!(
            "SELECT nv.register_document(gen_random_uuid(), {}, {}, now())",
            lit(&doc),
            lit(&json!([task_json(w.office.health.id)]))
        ),
        &[],
    )
    .unwrap();
    let r = tx
        .query_one(
            "SELECT entered_by, entered_login::text, entered_unit_id, entered_late, entered_at = now()
             FROM nv.documents WHERE id = $1",
            &[&id],
        )
        .unwrap();
    assert_eq!(r.get::<_, Uuid>(0), w.person("vp_lan"));
    assert_eq!(r.get::<_, String>(1), "vp_lan");
    assert_eq!(r.get::<_, Uuid>(2), w.office.office_unit.id);
    assert_eq!(r.get::<_, Option<bool>>(3), None, "each PC derives it");
    assert!(r.get::<_, bool>(4));
    drop(tx);
    lan.no_policy(&insert_mutation("'vp_thu'", "rejected"));
    assert_eq!(lan.allowed(&insert_mutation(MY_LOGIN, "rejected")), 1);
}

#[test]
fn only_the_office_and_the_admin_write_the_shared_settings_and_calendar() {
    let w = world();
    let good = json!([{"date": "2026-12-31", "kind": "day_off", "note": "Nghỉ bù"}]);
    let put = |v: &Value| {
        format!(
            "SELECT nv.save_config(gen_random_uuid(), 'calendar', {})",
            lit(v)
        )
    };
    for login in logins() {
        let mut c = w.conn(login);
        // Everyone reads them: every PC counts deadlines on the same days.
        assert_eq!(c.count("SELECT count(*) FROM nv.settings"), 0, "{login}");
        match kind(login) {
            "leader" => assert_eq!(
                c.denied(&put(&good)),
                "permission denied for function save_config"
            ),
            "unit" => c.forbidden(
                &put(&good),
                "Chỉ Văn phòng hoặc quản trị viên mới được thay đổi cấu hình và lịch làm việc chung.",
            ),
            _ => {
                // Who wrote it is the server's to say.
                let mut tx = c.c.transaction().unwrap();
                tx.execute(&put(&good), &[]).unwrap();
                let r = tx
                    .query_one(
                        "SELECT updated_by::text, value FROM nv.settings WHERE key = 'calendar'",
                        &[],
                    )
                    .unwrap();
                assert_eq!(r.get::<_, String>(0), login);
                assert_eq!(r.get::<_, Value>(1), good);
                drop(tx);
                // What no PC could read is refused, in Vietnamese.
                for (bad, why) in [
                    (json!([{"date": "not-a-date"}]), "ngày \"not-a-date\" không hợp lệ"),
                    (json!({"date": "2026-12-31"}), "không phải một bảng ngày nghỉ bù, làm bù"),
                    (
                        json!([{"date": "2026-02-30", "kind": "day_off", "note": ""}]),
                        "ngày \"2026-02-30\" không hợp lệ",
                    ),
                    (
                        json!([{"date": "2026-12-31", "kind": "holiday", "note": ""}]),
                        "ngày \"2026-12-31\" không hợp lệ",
                    ),
                    (
                        json!([{"date": "2026-12-31", "kind": "day_off", "note": ""},
                               {"date": "2026-12-31", "kind": "working_day", "note": ""}]),
                        "ngày 31/12/2026 có hai lần",
                    ),
                ] {
                    c.refused_with(
                        &put(&bad),
                        &SqlState::CHECK_VIOLATION,
                        &format!("Cấu hình không hợp lệ: {why}."),
                    );
                }
                c.refused_with(
                    "SELECT nv.save_config(gen_random_uuid(), 'password', '{}')",
                    &SqlState::CHECK_VIOLATION,
                    "Cấu hình không hợp lệ: không có mục cấu hình này.",
                );
            }
        }
    }
}
