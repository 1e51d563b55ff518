//! The server's copy of the lifecycle against the core's. `nv.task_act` re-implements in
//! PL/pgSQL what `nhiemvu_core::action::plan` does to a task (the rules themselves come from
//! the core through `nv.action_rules`, the effects do not). Here PCs act at random, legal
//! and illegal, through the core (the Store), and before each push the PC's local copy of
//! the tasks it changed is kept: after the push, the server's rows and timelines must be
//! exactly that (every column the PC also has; the timeline's kinds, units, actors, times
//! and payloads, `late` aside, which each PC derives). What the core refuses is also sent
//! straight to `nv.task_act`, bypassing the PC's own check: the server must refuse it too.
//!
//! The seed is printed; NHIEMVU_SEED replays it.

mod support;

use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, Utc};
use nhiemvu_core::action;
use nhiemvu_core::model::{
    DocumentKind, Extension, ProgressUpdate, ResultOutcome, ResultReport, Role, TaskEvent,
    WorkflowState,
};
use nhiemvu_core::store::{NewDocument, NewTask, Store, TaskAction};
use nhiemvu_core::timeliness::{local_date, today_local};
use postgres::Client;
use serde_json::Value;
use support::*;
use uuid::Uuid;

/// A small deterministic generator (xorshift64*), as in convergence.rs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Now, to the millisecond: what the PC's copy keeps, so the times compare exactly.
fn now_ms() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Utc::now().timestamp_millis()).unwrap()
}

/// A text the user might type: short, or as long as the core allows (in characters that
/// take several bytes, so a limit counted in bytes would show).
fn text(rng: &mut Rng, short: &str, max: usize) -> String {
    if rng.chance(30) {
        "ệ".repeat(max)
    } else {
        short.to_string()
    }
}

fn result(rng: &mut Rng, on: NaiveDate) -> ResultReport {
    let completed = rng.chance(70);
    ResultReport {
        reply_kind: rng.pick(&[DocumentKind::OfficialLetter, DocumentKind::Decision]),
        reply_number: "45".into(),
        reply_symbol: "BC-SYT".into(),
        reply_summary: text(rng, "Báo cáo kết quả thực hiện nhiệm vụ", 2000),
        reply_issued_on: on,
        reply_signer: "Giám đốc Sở".into(),
        outcome: if completed {
            ResultOutcome::Completed
        } else {
            ResultOutcome::NotCompleted
        },
        completed_on: completed.then_some(on),
        explanation: text(rng, "", 4000),
        attachment: None,
    }
}

/// A random action on a task due `deadline` (legal or not for its state and this person).
fn random_action(
    rng: &mut Rng,
    office: bool,
    units: &[Uuid],
    deadline: Option<NaiveDate>,
) -> TaskAction {
    let base = deadline.unwrap_or(today_local());
    let date = |rng: &mut Rng| {
        let d = rng.below(40) as i64 - 10;
        if d >= 0 {
            base + Days::new(d as u64)
        } else {
            base - Days::new((-d) as u64)
        }
    };
    // Now and then the other side's actions, which the lifecycle refuses.
    let office = office != rng.chance(10);
    if office {
        match rng.below(6) {
            0 => TaskAction::Reassign {
                to_unit_id: rng.pick(units),
                note: text(rng, "Điều chỉnh đơn vị chủ trì", 2000),
            },
            1 => TaskAction::Extend(Extension {
                new_deadline: date(rng),
                approving_document: text(rng, "125/UBND-TH", 200),
                reason: text(rng, "Theo đề nghị của đơn vị", 2000),
            }),
            2 | 3 => TaskAction::Review {
                passed: rng.chance(60),
                comment: text(rng, "Chưa đủ hồ sơ", 4000),
            },
            4 => TaskAction::RefuseExtension {
                comment: text(rng, "Không có căn cứ", 2000),
            },
            _ => TaskAction::Cancel {
                reason: text(rng, "Văn bản bị thay thế", 2000),
                withdrawn: rng.chance(50),
            },
        }
    } else {
        match rng.below(7) {
            0 | 1 => TaskAction::Accept,
            2 => TaskAction::Return {
                reason: text(rng, "Không thuộc chức năng của đơn vị", 2000),
            },
            3 => TaskAction::Progress(ProgressUpdate {
                text: text(rng, "Đang triển khai", 4000),
                difficulties: text(rng, "", 4000),
                proposals: String::new(),
                delay_reasons: text(rng, "", 4000),
            }),
            4 | 5 => {
                let on = today_local() - Days::new(rng.below(3) as u64);
                TaskAction::SubmitResult(result(rng, on))
            }
            _ => TaskAction::RequestExtension {
                proposed_deadline: date(rng),
                reason: text(rng, "Cần thêm thời gian", 2000),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// A task as both sides keep it.

#[derive(Debug, Clone, PartialEq)]
struct TaskRow {
    state: String,
    version: i64,
    lead_unit_id: Uuid,
    deadline: Option<NaiveDate>,
    original_deadline: Option<NaiveDate>,
    classification: String,
    must_report: bool,
    assigned_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
    completed_submitted_at: Option<DateTime<Utc>>,
    completed_reviewed_at: Option<DateTime<Utc>>,
    pending_submitted_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
    rejection_count: i64,
    extended_at: Option<DateTime<Utc>>,
    extension_requested_at: Option<DateTime<Utc>>,
    last_progress_at: Option<DateTime<Utc>>,
    coordinators: Vec<Uuid>,
    events: Vec<EventRow>,
}

#[derive(Debug, Clone, PartialEq)]
struct EventRow {
    at: DateTime<Utc>,
    actor_id: Option<Uuid>,
    actor_name: Option<String>,
    unit_id: Option<Uuid>,
    kind: String,
    /// The payload, without `late` (each PC derives it).
    payload: Value,
}

fn without_late(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("late");
    }
    v
}

/// The PC's copy of a task, as the core left it.
fn local_row(store: &Store, id: Uuid) -> TaskRow {
    let r = store.task_record(id).unwrap().expect("the task is here");
    let t = r.task;
    let mut coordinators = t.coordinating_unit_ids.clone();
    coordinators.sort();
    TaskRow {
        state: t.state.as_str().into(),
        version: t.version,
        lead_unit_id: t.lead_unit_id,
        deadline: t.deadline,
        original_deadline: t.original_deadline,
        classification: t.classification.as_str().into(),
        must_report: t.must_report,
        assigned_at: t.assigned_at,
        accepted_at: t.accepted_at,
        completed_submitted_at: t.completed_submitted_at,
        completed_reviewed_at: t.completed_reviewed_at,
        pending_submitted_at: r.pending_submitted_at,
        cancelled_at: t.cancelled_at,
        rejection_count: t.rejection_count,
        extended_at: r.extended_at,
        extension_requested_at: r.extension_requested_at,
        last_progress_at: r.last_progress_at,
        coordinators,
        events: store
            .task_events(id)
            .unwrap()
            .into_iter()
            .map(|e| EventRow {
                at: e.at,
                actor_id: e.actor_id,
                actor_name: e.actor_name,
                unit_id: e.unit_id,
                kind: e.event.kind().into(),
                payload: without_late(serde_json::to_value(&e.event).unwrap()),
            })
            .collect(),
    }
}

/// The server's row of a task and its timeline.
fn server_row(su: &mut Client, id: Uuid) -> TaskRow {
    let r = su
        .query_one(
            "SELECT state, version, lead_unit_id, deadline, original_deadline, classification, must_report,
                    assigned_at, accepted_at, completed_submitted_at, completed_reviewed_at,
                    pending_submitted_at, cancelled_at, rejection_count, extended_at,
                    extension_requested_at, last_progress_at,
                    ARRAY(SELECT c.unit_id FROM nv.task_coordinators c WHERE c.task_id = t.id ORDER BY c.unit_id)
             FROM nv.tasks t WHERE id = $1",
            &[&id],
        )
        .unwrap();
    let events = su
        .query(
            "SELECT at, actor_id, actor_name, unit_id, kind, payload, late FROM nv.task_events
             WHERE task_id = $1 ORDER BY at, id",
            &[&id],
        )
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(
                e.get::<_, Option<bool>>(6),
                None,
                "the server keeps no lateness"
            );
            let payload: Value = e.get(5);
            // What a PC reads of it.
            serde_json::from_value::<TaskEvent>(payload.clone())
                .unwrap_or_else(|err| panic!("a PC cannot read {payload}: {err}"));
            EventRow {
                at: e.get(0),
                actor_id: e.get(1),
                actor_name: e.get(2),
                unit_id: e.get(3),
                kind: e.get(4),
                payload,
            }
        })
        .collect();
    TaskRow {
        state: r.get(0),
        version: r.get(1),
        lead_unit_id: r.get(2),
        deadline: r.get(3),
        original_deadline: r.get(4),
        classification: r.get(5),
        must_report: r.get(6),
        assigned_at: r.get(7),
        accepted_at: r.get(8),
        completed_submitted_at: r.get(9),
        completed_reviewed_at: r.get(10),
        pending_submitted_at: r.get(11),
        cancelled_at: r.get(12),
        rejection_count: r.get(13),
        extended_at: r.get(14),
        extension_requested_at: r.get(15),
        last_progress_at: r.get(16),
        coordinators: r.get(17),
        events,
    }
}

/// Register a document with 1–3 tasks on the office PC (deadlines past, near, far or none).
fn register_random(rng: &mut Rng, pc: &mut Pc, n: usize, units: &[Uuid]) -> Vec<Uuid> {
    let today = today_local();
    let tasks = (0..1 + rng.below(3))
        .map(|i| {
            let lead = rng.pick(units);
            let coordinators = units
                .iter()
                .copied()
                .filter(|u| *u != lead && rng.chance(30))
                .collect();
            NewTask {
                description: format!("Nhiệm vụ {} của văn bản {n}", i + 1),
                lead_unit_id: Some(lead),
                coordinating_unit_ids: coordinators,
                deadline: rng.pick(&[
                    None,
                    Some(today - Days::new(5)),
                    Some(today + Days::new(3)),
                    Some(today + Days::new(30)),
                ]),
                must_report: rng.chance(70),
                ..Default::default()
            }
        })
        .collect();
    let doc = NewDocument {
        issued_on: today - Days::new(10),
        ..document(&n.to_string())
    };
    let actor = pc.actor();
    let (_, created) = pc
        .store
        .register_document_at(&actor, doc, tasks, now_ms())
        .unwrap();
    created.iter().map(|t| t.id).collect()
}

#[test]
fn the_server_writes_what_the_core_computes() {
    let seed = std::env::var("NHIEMVU_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_2027_u64);
    eprintln!("seed {seed} (NHIEMVU_SEED replays it)");
    let mut rng = Rng(seed);
    let office = Office::start();
    let logins = [
        "vp_thu",
        "vp_lan",
        "qt_an",
        "syt_binh",
        "stc_cuong",
        "sxd_hoa",
        "ld_dung",
    ];
    let mut pcs: Vec<Pc> = logins.iter().map(|l| office.pc(l)).collect();
    let mut direct: Vec<Client> = logins.iter().map(|l| office.direct(l)).collect();
    let units = [office.health.id, office.finance.id, office.construction.id];
    let mut su = office.superuser();
    let mut compared = 0;
    let mut refused_by_both = 0;
    let mut kinds: BTreeSet<String> = BTreeSet::new();

    for step in 0..600 {
        let i = rng.below(pcs.len());
        let pc = &mut pcs[i];
        // Up to date, so the core plans on the rows the server has.
        let r = pc.sync();
        assert_eq!(r.rejected, 0);
        let role = pc.actor().role;
        let is_office = matches!(role, Role::Office | Role::Admin);
        let mut touched: BTreeSet<Uuid> = BTreeSet::new();
        if is_office && (pc.store.task_ids().unwrap().is_empty() || rng.chance(12)) {
            touched.extend(register_random(&mut rng, pc, step, &units));
        } else {
            let local = pc.store.task_ids().unwrap();
            if local.is_empty() {
                continue;
            }
            // One to three actions before the push (several go to the server together).
            // Mostly a task waiting for this person: a result or a request waiting for the
            // office, a task the unit leads and has not finished.
            let my_unit = pc.actor().unit_id;
            let waiting: Vec<Uuid> = local
                .iter()
                .copied()
                .filter(|id| {
                    let r = pc.store.task_record(*id).unwrap().unwrap();
                    let open =
                        !matches!(r.task.state, WorkflowState::Done | WorkflowState::Cancelled);
                    if is_office {
                        r.task.state == WorkflowState::Submitted
                            || r.extension_requested_at.is_some()
                    } else {
                        open && Some(r.task.lead_unit_id) == my_unit
                    }
                })
                .collect();
            for _ in 0..1 + rng.below(3) {
                let id = if !waiting.is_empty() && rng.chance(60) {
                    waiting[rng.below(waiting.len())]
                } else {
                    local[rng.below(local.len())]
                };
                let before = pc.store.task(id).unwrap();
                let now = now_ms();
                let actor = pc.actor();
                // Mostly an action the core allows here (found by asking it), else any.
                let record = pc.store.task_record(id).unwrap().unwrap();
                let mut action = random_action(&mut rng, is_office, &units, before.deadline);
                if rng.chance(75) {
                    for _ in 0..12 {
                        let allowed = action.clone().validated(local_date(now)).is_ok_and(|a| {
                            let expected =
                                matches!(a, TaskAction::Review { .. }).then_some(before.version);
                            action::plan(pc.store.calendar(), &record, &actor, expected, a, now)
                                .is_ok()
                        });
                        if allowed {
                            break;
                        }
                        action = random_action(&mut rng, is_office, &units, before.deadline);
                    }
                }
                let expected =
                    matches!(action, TaskAction::Review { .. }).then_some(before.version);
                match pc.store.apply_at(&actor, id, expected, action.clone(), now) {
                    Ok(_) => {
                        touched.insert(id);
                    }
                    // Refused by the core on the row the server also has: the server,
                    // asked directly, refuses too.
                    Err(why) if !touched.contains(&id) => {
                        if action.clone().validated(local_date(now)).is_err() {
                            continue; // the PC's own field checks; the server's are coarser
                        }
                        let mut tx = direct[i].transaction().unwrap();
                        let sent = tx.execute(
                            "SELECT nv.task_act(gen_random_uuid(), $1, $2, $3, $4, NULL)",
                            &[
                                &id,
                                &serde_json::to_value(&action).unwrap(),
                                &now,
                                &before.version,
                            ],
                        );
                        assert!(
                            sent.is_err(),
                            "step {step}: {} may {action:?} on the server, the core said: {why}",
                            logins[i]
                        );
                        refused_by_both += 1;
                    }
                    Err(_) => {}
                }
            }
        }
        if touched.is_empty() {
            continue;
        }
        // What the core computed, before anything is sent.
        let expected: Vec<(Uuid, TaskRow)> = touched
            .iter()
            .map(|id| (*id, local_row(&pc.store, *id)))
            .collect();
        let r = pc.sync();
        assert_eq!(
            (r.rejected, &r.transient),
            (0, &None),
            "step {step}: the server refused what the core allowed: {:?}",
            pc.store
                .outbox_entries(Some(nhiemvu_core::store::OutboxState::Rejected), 5)
                .unwrap()
                .iter()
                .map(|e| e.reason.clone())
                .collect::<Vec<_>>()
        );
        for (id, want) in expected {
            let got = server_row(&mut su, id);
            assert_eq!(
                got, want,
                "step {step}: task {id} on the server (left) and as the core computed it on {}'s PC (right)",
                logins[i]
            );
            kinds.extend(got.events.iter().map(|e| e.kind.clone()));
            compared += 1;
        }
    }
    eprintln!("{compared} tasks compared, {refused_by_both} actions refused by both; {kinds:?}");
    assert!(compared > 120, "the run compared enough: {compared}");
    assert!(
        refused_by_both > 20,
        "and refused enough: {refused_by_both}"
    );
    let all: BTreeSet<String> = [
        "assigned",
        "accepted",
        "returned",
        "reassigned",
        "progress",
        "result_submitted",
        "reviewed",
        "extended",
        "cancelled",
        "extension_requested",
        "extension_refused",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(kinds, all, "every kind of step was compared");
}
