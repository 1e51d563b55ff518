//! Convergence: six PCs (two office officers, three units, a leader) act at random, legal
//! and illegal, while their sends are lost, duplicated and reordered. Afterwards every PC
//! shows exactly what PostgreSQL shows its person, and every refused mutation is visible to
//! its author, locally and on the server.

mod support;

use chrono::Days;
use nhiemvu_core::model::{
    DocumentKind, Extension, ProgressUpdate, ResultOutcome, ResultReport, WorkflowState,
};
use nhiemvu_core::store::{Mutation, OutboxState, TaskAction};
use nhiemvu_core::timeliness::today_local;
use nhiemvu_sync::pull;
use nhiemvu_sync::push::{push_one, whoami, Outcome};
use support::*;
use uuid::Uuid;

/// A small deterministic generator (xorshift64*), so a failing seed can be replayed.
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
}

fn result(completed: bool) -> ResultReport {
    ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "45".into(),
        reply_symbol: "BC-SYT".into(),
        reply_summary: "Báo cáo kết quả thực hiện nhiệm vụ".into(),
        reply_issued_on: today_local(),
        reply_signer: "Giám đốc Sở".into(),
        outcome: if completed {
            ResultOutcome::Completed
        } else {
            ResultOutcome::NotCompleted
        },
        completed_on: completed.then(today_local),
        explanation: String::new(),
        attachment: None,
    }
}

/// A random action this person might take on a task (legal or not for its state).
fn random_action(rng: &mut Rng, office: bool, units: &[Uuid]) -> TaskAction {
    let deadline = today_local() + Days::new(25 + rng.below(60) as u64);
    if office {
        match rng.below(6) {
            0 => TaskAction::Reassign {
                to_unit_id: units[rng.below(units.len())],
                note: "Điều chỉnh đơn vị chủ trì".into(),
            },
            1 => TaskAction::Extend(Extension {
                new_deadline: deadline,
                approving_document: "125/UBND-TH".into(),
                reason: "Theo đề nghị của đơn vị".into(),
            }),
            2 => TaskAction::Review {
                passed: true,
                comment: String::new(),
            },
            3 => TaskAction::Review {
                passed: false,
                comment: "Chưa đủ hồ sơ".into(),
            },
            4 => TaskAction::RefuseExtension {
                comment: "Không có căn cứ".into(),
            },
            _ => TaskAction::Cancel {
                reason: "Văn bản bị thay thế".into(),
                withdrawn: rng.chance(50),
            },
        }
    } else {
        match rng.below(6) {
            0 | 1 => TaskAction::Accept,
            2 => TaskAction::Return {
                reason: "Không thuộc chức năng của đơn vị".into(),
            },
            3 => TaskAction::Progress(ProgressUpdate {
                text: "Đang triển khai".into(),
                ..Default::default()
            }),
            4 => TaskAction::SubmitResult(result(rng.chance(70))),
            _ => TaskAction::RequestExtension {
                proposed_deadline: deadline,
                reason: "Cần thêm thời gian".into(),
            },
        }
    }
}

/// One sync of `pc`, sometimes with the network misbehaving.
fn sync_badly(rng: &mut Rng, pc: &mut Pc) {
    match rng.below(4) {
        // Lost acknowledgement: the server commits, the PC never hears.
        0 => {
            let mut s = nhiemvu_sync::SyncSession::open(&pc.url, None).unwrap();
            let me = whoami(s.client()).unwrap();
            if let Some(e) = pc.store.outbox_pending(1).unwrap().first() {
                let _ = push_one(s.client(), &pc.store, &me, e);
            }
        }
        // Duplicated send, then the normal round.
        1 => {
            let mut s = nhiemvu_sync::SyncSession::open(&pc.url, None).unwrap();
            let me = whoami(s.client()).unwrap();
            if let Some(e) = pc.store.outbox_pending(1).unwrap().first() {
                let _ = push_one(s.client(), &pc.store, &me, e);
                let _ = push_one(s.client(), &pc.store, &me, e);
            }
            pc.sync();
        }
        // Reordered: newest first; refusals are recorded and shown like any other.
        2 => {
            let mut s = nhiemvu_sync::SyncSession::open(&pc.url, None).unwrap();
            let me = whoami(s.client()).unwrap();
            let mut pending = pc.store.outbox_pending(50).unwrap();
            pending.reverse();
            let mut refused = Vec::new();
            for e in &pending {
                match push_one(s.client(), &pc.store, &me, e) {
                    Outcome::Applied => pc.store.outbox_mark_applied(e.id).unwrap(),
                    Outcome::Rejected(why) => {
                        pc.store.outbox_mark_rejected(e.id, &why).unwrap();
                        refused.push(e.mutation.clone());
                    }
                    Outcome::Transient(t) => panic!("no network trouble here: {t}"),
                }
            }
            pull::refresh(s.client(), &mut pc.store, &refused).unwrap();
            pull::pull_changes(s.client(), &mut pc.store).unwrap();
        }
        _ => {
            pc.sync();
        }
    }
}

#[test]
fn six_pcs_converge_on_what_the_server_shows_each_person() {
    let seed = std::env::var("NHIEMVU_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_2026_u64);
    eprintln!("seed {seed} (NHIEMVU_SEED replays it)");
    let mut rng = Rng(seed);
    let office = Office::start();
    let logins = [
        "vp_thu",
        "vp_lan",
        "syt_binh",
        "stc_cuong",
        "sxd_hoa",
        "ld_dung",
    ];
    let mut pcs: Vec<Pc> = logins.iter().map(|l| office.pc(l)).collect();
    let units = [office.health.id, office.finance.id, office.construction.id];
    let mut all_tasks: Vec<Uuid> = Vec::new();
    let mut forged = 0;
    let mut made = 0;

    for step in 0..700 {
        let i = rng.below(pcs.len());
        let pc = &mut pcs[i];
        let is_office = i < 2;
        let is_leader = i == 5;
        if rng.chance(30) {
            sync_badly(&mut rng, pc);
            continue;
        }
        if is_leader {
            continue;
        }
        let actor = pc.actor();
        if is_office && (all_tasks.is_empty() || rng.chance(15)) {
            let n = 1 + rng.below(3);
            let leads: Vec<Uuid> = (0..n).map(|_| units[rng.below(units.len())]).collect();
            let tasks = register(pc, &format!("{step}"), &leads);
            all_tasks.extend(tasks.iter().map(|t| t.id));
            made += 1;
            continue;
        }
        if rng.chance(8) {
            // Illegal on purpose: an action on any task at all, straight into the outbox,
            // as a client that skips the app's checks would send it.
            let task_id = all_tasks[rng.below(all_tasks.len())];
            let action = random_action(&mut rng, !is_office, &units);
            pc.store
                .enqueue_mutation(
                    &actor,
                    &Mutation::TaskAction {
                        task_id,
                        base_version: 1,
                        action,
                        at: chrono::Utc::now(),
                        seen: None,
                    },
                )
                .unwrap();
            forged += 1;
            continue;
        }
        let local = pc.store.task_ids().unwrap();
        if local.is_empty() {
            continue;
        }
        let id = local[rng.below(local.len())];
        let action = random_action(&mut rng, is_office, &units);
        if pc.store.apply(&actor, id, None, action).is_ok() {
            made += 1;
        }
    }
    assert!(made > 40, "the run did something: {made} actions");
    assert!(forged > 5);

    // Quiet network: everyone syncs until nothing is pending, twice round so that each
    // PC also sees what the others sent last.
    for _ in 0..2 {
        for pc in &mut pcs {
            pc.sync();
        }
    }
    let mut rejected_total = 0;
    for pc in &mut pcs {
        assert_eq!(pc.store.outbox_counts().unwrap().pending, 0, "{}", pc.login);
        let mut direct = office.direct(pc.login);
        assert_eq!(
            local_view(&pc.store),
            server_view(&mut direct),
            "{}: local copy = server view",
            pc.login
        );
        // Every decision the PC holds is the server's decision for that person.
        let decided: std::collections::HashMap<Uuid, (String, Option<String>)> = direct
            .query("SELECT id, outcome, reason FROM nv.mutations", &[])
            .unwrap()
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2))))
            .collect();
        for e in pc.store.outbox_entries(None, 10_000).unwrap() {
            let (outcome, reason) = decided
                .get(&e.id)
                .unwrap_or_else(|| panic!("{}: {} unknown to the server", pc.login, e.id));
            match e.state {
                OutboxState::Applied => assert_eq!(outcome, "applied"),
                OutboxState::Rejected => {
                    rejected_total += 1;
                    assert_eq!(outcome, "rejected");
                    let local_reason = e.reason.as_deref().unwrap();
                    assert!(
                        local_reason.starts_with("Máy chủ không nhận thao tác"),
                        "{local_reason}"
                    );
                    assert_eq!(reason.as_deref(), Some(local_reason));
                }
                OutboxState::Pending => unreachable!(),
            }
        }
    }
    assert!(
        rejected_total >= forged,
        "every forged mutation was refused: {rejected_total} ≥ {forged}"
    );
    // Nobody's copy holds a task of another unit.
    let server_states: Vec<String> = office
        .superuser()
        .query("SELECT DISTINCT state FROM nv.tasks", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        server_states.len() >= 3,
        "the run reached several states: {server_states:?}"
    );
    let _ = WorkflowState::Done;
}
