//! `nhiemvu-bench sync`: the office sync against a throw-away PostgreSQL cluster
//! (`nhiemvu_pgtest::PgCluster`), each figure next to the simplest way of moving the same
//! rows with the `postgres` crate, measured in the same run.
//!
//! * `sync_first_download_<N>`: the first sync of an office login (who sees everything)
//!   into an empty SQLite file; baseline `COPY (SELECT …) TO STDOUT` of the same rows.
//!   The download is also split in two: the same queries alone (server, wire, decoding)
//!   and the same batches written alone with `Store::replica_apply` (the local part).
//! * `sync_push_<n>_visible_ms`: a unit's PC makes 1,000 changes (local writes), pushes
//!   them, the office PC's round pulls them; baseline the same UPDATEs in one transaction
//!   (sent by the superuser: the app's logins write only through the schema's functions).
//!   The unit PC's own pull of what it sent comes after, reported apart.
//! * `sync_200_clients_*`: 200 PCs (threads, each its own SQLite file and login) doing
//!   rounds with a few changes each, through PgBouncer in transaction pooling mode in
//!   front of a server with `max_connections = 50`; baseline the same straight to a
//!   server with enough connections (`.direct`).
//!
//! The server's rows are generated server-side (`INSERT … SELECT generate_series`) as the
//! superuser with triggers off (`session_replication_role = replica`), with the values the
//! core writes and parses (event payloads are `serde_json::to_value(TaskEvent::…)`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use nhiemvu_core::model::{
    DocumentKind, Id, Issuer, Person, ProgressUpdate, ResultOutcome, ResultReport, Role, TaskEvent,
    Unit, UnitKind, Urgency, WorkflowState,
};
use nhiemvu_core::store::{ReplicaBatch, Store, TaskAction};
use nhiemvu_pgtest::{PgCluster, PoolMode};
use nhiemvu_sync::rows::{fetch_directory, fetch_documents, fetch_tasks, DOCUMENT_COLS, TASK_COLS};
use nhiemvu_sync::{provision, schema, SyncSession};
use postgres::{Client, IsolationLevel};
use uuid::Uuid;

use crate::{figure, latency_figures, ms, peak_rss_mb, remove_db, BoxResult, Rand};

const DB: &str = "nhiemvu";
const PASSWORD: &str = "Mật-khẩu-đo-2026";
/// Units that lead tasks besides the big one (units[0], lead of every 20th task).
const SMALL_UNITS: usize = 100;
/// Simulated PCs of the last figure: two unit people per small unit.
const CLIENTS: usize = 200;
/// Flat out: every PC starts its next round as soon as the last one ends.
const SATURATED: Load = Load {
    rounds: 10,
    think: None,
};
/// An office's day, hurried: a round every 20 s on average per PC (the app polls every
/// 30 s and syncs after each change), so 200 PCs offer 10 rounds a second.
const OFFICE_DAY: Load = Load {
    rounds: 4,
    think: Some(Duration::from_secs(20)),
};

#[derive(Clone, Copy)]
struct Load {
    rounds: usize,
    /// Mean pause between a PC's rounds (uniform over twice that), if any.
    think: Option<Duration>,
}
const CHANGES_PER_ROUND: usize = 2;
const PUSH_CHANGES: usize = 1000;
/// Enough for 200 direct sessions plus the bench's own.
const DIRECT_MAX_CONNECTIONS: u32 = 250;
/// The server behind PgBouncer: fewer connections than clients.
const POOLED_MAX_CONNECTIONS: u32 = 50;
/// PgBouncer's server connections to the database (all users' pools together).
const POOL_SERVER_CONNECTIONS: u32 = 40;

/// The event columns `nhiemvu_sync::rows::fetch_tasks` reads, for the COPY baseline.
const EVENT_COLS: &str = "task_id, at, actor_id, actor_name, unit_id, late, payload";
/// `nhiemvu_sync::pull::DOWNLOAD_BATCH`.
const DOWNLOAD_BATCH: i64 = nhiemvu_sync::pull::DOWNLOAD_BATCH;

pub struct SyncArgs {
    pub tasks: u64,
}

/// The office database and who logs in.
struct Office {
    pg: PgCluster,
    office: Person,
    /// Lead units: [0] is the big one.
    units: Vec<Unit>,
    /// The unit person of units[0] (the pushing PC of the second figure).
    big: Person,
    /// Login and person of each simulated PC of the last figure.
    clients: Vec<(String, Person)>,
}

const OFFICE_LOGIN: &str = "vp_theodoi";
const BIG_LOGIN: &str = "dv_lon";

impl Office {
    fn url(&self, login: &str) -> String {
        self.pg.url(login, PASSWORD, DB)
    }
}

fn label(n: u64) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

pub fn run(args: &SyncArgs) -> BoxResult<()> {
    let n = args.tasks;
    if n < 100 {
        return Err("sync needs --tasks 100 or more".into());
    }
    let started = Instant::now();
    let temp_dir = std::env::temp_dir().join(format!("nhiemvu-bench-sync-{}", std::process::id()));
    std::fs::create_dir_all(&temp_dir)?;
    let result = run_in(n, &temp_dir);
    let _ = std::fs::remove_dir_all(&temp_dir);
    println!("# suite sync took {:.1} s", started.elapsed().as_secs_f64());
    result.map_err(|e| {
        // postgres::Error says only "db error"; the server's message is its source.
        let mut s = e.to_string();
        let mut src = e.source();
        while let Some(c) = src {
            s.push_str(&format!(": {c}"));
            src = c.source();
        }
        s.into()
    })
}

fn run_in(n: u64, temp_dir: &Path) -> BoxResult<()> {
    println!(
        "# suite sync: {n} tasks, {} lead units, {CLIENTS} simulated PCs, local files in {}",
        SMALL_UNITS + 1,
        temp_dir.display()
    );
    // Diagnostics: `NHIEMVU_BENCH_SYNC_PARTS=download,push,clients` runs only some parts;
    // `NHIEMVU_BENCH_PG_STATS=1` prints the statements the server spent most time on.
    let parts = std::env::var("NHIEMVU_BENCH_SYNC_PARTS")
        .unwrap_or_else(|_| "download,push,clients".into());
    let part = |name: &str| parts.split(',').any(|p| p.trim() == name);
    let pg_stats = std::env::var_os("NHIEMVU_BENCH_PG_STATS").is_some();
    let t0 = Instant::now();
    let mut builder = PgCluster::builder().max_connections(DIRECT_MAX_CONNECTIONS);
    if pg_stats {
        builder = builder
            .setting("shared_preload_libraries", "pg_stat_statements")
            .setting("track_functions", "all");
    }
    let pg = builder.start()?;
    pg.create_database(DB)?;
    let mut su = pg.connect_superuser(DB)?;
    if pg_stats {
        su.batch_execute("CREATE EXTENSION pg_stat_statements")?;
    }
    schema::init(&mut su)?;
    let mut office = provision_office(pg, &mut su)?;
    println!(
        "# server up, schema and {} logins provisioned in {:.1} s",
        office.clients.len() + 2,
        t0.elapsed().as_secs_f64()
    );
    let t0 = Instant::now();
    load(&mut su, &office, n)?;
    let counts: (i64, i64, i64, i64) = {
        let r = su.query_one(
            "SELECT (SELECT count(*) FROM nv.tasks), (SELECT count(*) FROM nv.task_events),
                    (SELECT count(*) FROM nv.documents), (SELECT count(*) FROM nv.task_coordinators)",
            &[],
        )?;
        (r.get(0), r.get(1), r.get(2), r.get(3))
    };
    println!(
        "# loaded {} tasks, {} events, {} documents, {} coordinators server-side in {:.1} s",
        counts.0,
        counts.1,
        counts.2,
        counts.3,
        t0.elapsed().as_secs_f64()
    );

    // ---- 1. first download ------------------------------------------------------------
    let office_path = temp_dir.join("office").join("nhiemvu.sqlite3");
    let (mut office_store, mut office_session) = first_download(&office, n, &office_path)?;
    if part("download") {
        copy_baseline(&office, n)?;
        download_breakdown(
            &office,
            n,
            &temp_dir.join("breakdown").join("nhiemvu.sqlite3"),
        )?;
    }
    print_pg_stats(&mut su, pg_stats, "first download")?;

    // ---- 2. 1,000 changes from one PC visible on another -----------------------------
    if part("push") {
        push_visible(&office, &mut office_store, &mut office_session, temp_dir)?;
        print_pg_stats(&mut su, pg_stats, "1,000 changes")?;
    }
    drop(office_session);
    drop(office_store);
    remove_db(&office_path);

    // ---- 3. 200 PCs -------------------------------------------------------------------
    if part("clients") {
        many_clients(&mut office, &mut su, temp_dir)?;
    }

    if let Some(mb) = peak_rss_mb() {
        figure("rss_mb", mb, "MB");
    }
    Ok(())
}

/// The statements the server spent most time on since the last call (diagnostics).
fn print_pg_stats(su: &mut Client, on: bool, what: &str) -> BoxResult<()> {
    if !on {
        return Ok(());
    }
    println!("# server time by statement, {what}:");
    for r in su.query(
        "SELECT calls, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12",
        &[],
    )? {
        let (calls, total, q): (i64, f64, String) = (r.get(0), r.get(1), r.get(2));
        println!("#   {total:9.1} ms {calls:7} × {q}");
    }
    println!("# server time by function (self time), {what}:");
    for r in su.query(
        "SELECT calls, self_time, total_time, funcname::text FROM pg_stat_user_functions
         ORDER BY self_time DESC LIMIT 10",
        &[],
    )? {
        let (calls, own, total, f): (i64, f64, f64, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        println!("#   {own:9.1} ms (total {total:9.1} ms) {calls:7} × {f}");
    }
    su.batch_execute("SELECT pg_stat_statements_reset(); SELECT pg_stat_reset();")?;
    Ok(())
}

// ---- the office: directory and rows -------------------------------------------------

const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
];
const GIVEN: &[&str] = &[
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Thị Dung",
    "Minh Đức",
    "Thu Hà",
    "Quốc Hùng",
    "Thị Lan",
    "Văn Long",
    "Thị Mai",
    "Hữu Nghĩa",
    "Thị Oanh",
    "Văn Phúc",
    "Thị Quỳnh",
    "Đức Sơn",
];

fn name(k: usize) -> String {
    format!(
        "{} {}",
        SURNAMES[k % SURNAMES.len()],
        GIVEN[(k / SURNAMES.len()) % GIVEN.len()]
    )
}

fn provision_office(pg: PgCluster, su: &mut Client) -> BoxResult<Office> {
    let mut tx = su.transaction()?;
    let office_unit = Unit {
        id: Uuid::now_v7(),
        parent_id: None,
        name: "Văn phòng UBND tỉnh".into(),
        kind: UnitKind::Office,
    };
    provision::put_unit(&mut tx, &office_unit)?;
    let mut units = Vec::with_capacity(SMALL_UNITS + 1);
    units.push(Unit {
        id: Uuid::now_v7(),
        parent_id: None,
        name: "Sở Kế hoạch và Đầu tư".into(),
        kind: UnitKind::Department,
    });
    for k in 0..SMALL_UNITS {
        let (name, kind) = if k < 20 {
            (format!("Sở số {}", k + 1), UnitKind::Department)
        } else {
            (format!("UBND xã số {}", k - 19), UnitKind::Commune)
        };
        units.push(Unit {
            id: Uuid::now_v7(),
            parent_id: None,
            name,
            kind,
        });
    }
    for u in &units {
        provision::put_unit(&mut tx, u)?;
    }
    let person = |k: usize, unit: &Unit, role: Role, title: &str| Person {
        id: Uuid::now_v7(),
        full_name: name(k),
        unit_id: unit.id,
        role,
        title: title.into(),
    };
    let office = person(0, &office_unit, Role::Office, "Chuyên viên theo dõi");
    provision::put_person(&mut tx, &office, Some(OFFICE_LOGIN), Some(PASSWORD))?;
    let big = person(1, &units[0], Role::Unit, "Chuyên viên");
    provision::put_person(&mut tx, &big, Some(BIG_LOGIN), Some(PASSWORD))?;
    let mut clients = Vec::with_capacity(CLIENTS);
    for k in 0..CLIENTS {
        let unit = &units[1 + k % SMALL_UNITS];
        let login = format!("dv{:03}_{}", 1 + k % SMALL_UNITS, k / SMALL_UNITS + 1);
        let p = person(k + 2, unit, Role::Unit, "Văn thư");
        provision::put_person(&mut tx, &p, Some(&login), Some(PASSWORD))?;
        clients.push((login, p));
    }
    tx.commit()?;
    Ok(Office {
        pg,
        office,
        units,
        big,
        clients,
    })
}

const TOPICS: &[&str] = &[
    "tiến độ giải ngân vốn đầu tư công năm 2026 và đề xuất điều chuyển vốn từ các dự án giải ngân chậm",
    "công tác phòng, chống thiên tai, tìm kiếm cứu nạn mùa mưa bão",
    "chuyển đổi số trong cơ quan nhà nước và cung cấp dịch vụ công trực tuyến toàn trình",
    "xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu giai đoạn 2026 - 2030",
    "giải phóng mặt bằng, bố trí tái định cư cho các dự án trọng điểm của tỉnh",
    "cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "bảo đảm an toàn thực phẩm trong dịp Tết Nguyên đán và mùa lễ hội xuân",
    "thu ngân sách nhà nước, chống thất thu thuế, xử lý nợ đọng thuế",
    "phát triển du lịch cộng đồng gắn với bảo tồn di sản văn hóa",
    "giải quyết khiếu nại, tố cáo kéo dài, vượt cấp về đất đai",
    "bảo vệ môi trường, xử lý rác thải sinh hoạt tại các xã, phường",
    "tuyển dụng, bố trí giáo viên cho các trường mầm non và tiểu học còn thiếu",
    "phòng, chống dịch sốt xuất huyết và tiêm chủng mở rộng",
    "bình ổn thị trường xăng dầu, hàng hóa thiết yếu cuối năm",
    "xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo",
    "sắp xếp tổ chức bộ máy, tinh giản biên chế sau hợp nhất đơn vị hành chính",
];
const SIGNERS: &[&str] = &[
    "Nguyễn Văn Phước",
    "Trần Thị Hồng",
    "Lê Quang Minh",
    "Phạm Đức Tài",
];

/// Generate N tasks (10 per document, a coordinator on every third, 3.9 events each on
/// average) server-side, in one transaction, with triggers and foreign-key checks off.
fn load(su: &mut Client, office: &Office, n: u64) -> BoxResult<()> {
    let kinds: Vec<&str> = [
        DocumentKind::Decision,
        DocumentKind::Directive,
        DocumentKind::Plan,
        DocumentKind::OfficialLetter,
        DocumentKind::ConclusionNotice,
        DocumentKind::Telegram,
    ]
    .iter()
    .map(|k| k.as_str())
    .collect();
    let symbols = [
        "QĐ-UBND", "CT-UBND", "KH-UBND", "UBND-TH", "TB-UBND", "CĐ-UBND",
    ];
    let issuers: Vec<&str> = Issuer::ALL.iter().map(|i| i.as_str()).collect();
    let origins: Vec<&str> = Issuer::ALL
        .iter()
        .map(|i| i.default_origin().as_str())
        .collect();
    let urgencies: Vec<&str> = Urgency::ALL.iter().map(|u| u.as_str()).collect();
    let unit_ids: Vec<Uuid> = office.units.iter().map(|u| u.id).collect();
    // The person acting for each lead unit on its events (units without a login of
    // their own in this directory are represented by the office person).
    let mut unit_people: Vec<Uuid> = vec![office.big.id];
    let mut unit_names: Vec<String> = vec![office.big.full_name.clone()];
    for k in 0..SMALL_UNITS {
        let p = &office.clients[k].1;
        unit_people.push(p.id);
        unit_names.push(p.full_name.clone());
    }
    let reply_day = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
    let tmpl = |e: TaskEvent| serde_json::to_value(e).expect("event serialises");
    let assigned = tmpl(TaskEvent::Assigned {
        lead_unit_id: Uuid::nil(),
    });
    let returned = tmpl(TaskEvent::Returned {
        reason: "Nội dung không thuộc chức năng, nhiệm vụ của đơn vị; đề nghị giao đơn vị khác."
            .into(),
    });
    let accepted = tmpl(TaskEvent::Accepted);
    let progress = tmpl(TaskEvent::Progress(ProgressUpdate {
        text: "Đã tổ chức họp triển khai, phân công cán bộ phụ trách; đang tổng hợp số liệu từ các xã, phường.".into(),
        difficulties: "Một số địa phương chậm gửi báo cáo.".into(),
        ..Default::default()
    }));
    let result = tmpl(TaskEvent::ResultSubmitted(ResultReport {
        reply_kind: DocumentKind::OfficialLetter,
        reply_number: "125".into(),
        reply_symbol: "SKH-TH".into(),
        reply_summary: "Báo cáo kết quả thực hiện nhiệm vụ được giao".into(),
        reply_issued_on: reply_day,
        reply_signer: "Hoàng Văn Nam".into(),
        outcome: ResultOutcome::Completed,
        completed_on: Some(reply_day),
        explanation: String::new(),
        attachment: None,
    }));
    let reviewed = tmpl(TaskEvent::Reviewed {
        passed: true,
        comment: "Đạt yêu cầu.".into(),
        late: false,
    });
    let cancelled = tmpl(TaskEvent::Cancelled {
        reason: "Nhiệm vụ không còn phù hợp với tình hình thực tế.".into(),
        withdrawn: false,
    });
    let docs = n.div_ceil(10);
    // Assignments spread over two years ending two months ago.
    let base = "2024-10-01 01:00:00+00";
    let step = (2.0 * 365.0 * 86400.0) / n as f64;

    let mut tx = su.transaction()?;
    tx.batch_execute("SET LOCAL session_replication_role = replica")?;
    tx.execute(
        &format!(
            "CREATE TEMP TABLE g ON COMMIT DROP AS
             SELECT i, s, lead_idx, at,
                    ('01930000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid AS tid,
                    ('01930000-0000-7000-9000-' || lpad(to_hex(i / 10), 12, '0'))::uuid AS did,
                    ($1::uuid[])[lead_idx] AS lead,
                    ($2::uuid[])[lead_idx] AS actor,
                    ($3::text[])[lead_idx] AS actor_name,
                    CASE WHEN i % 3 = 0 THEN ($1::uuid[])[2 + ((i * 2654435761) % {SMALL_UNITS} + 37) % {SMALL_UNITS}] END AS coordinator
             FROM (SELECT i, (i / 20) % 10 AS s,
                          CASE WHEN i % 20 = 0 THEN 1 ELSE 2 + (i * 2654435761) % {SMALL_UNITS} END AS lead_idx,
                          timestamptz '{base}' + (i * {step}) * interval '1 second' AS at
                   FROM generate_series(0::bigint, {n} - 1) i) x"
        ),
        &[&unit_ids, &unit_people, &unit_names],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO nv.documents (id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer,
                submitting_agency, director, drafter, urgency, origin, entered_at, entered_by, entered_unit_id,
                entered_late, version)
             SELECT ('01930000-0000-7000-9000-' || lpad(to_hex(d), 12, '0'))::uuid,
                    ($1::text[])[1 + d % 6], (1 + d % 997)::text, ($2::text[])[1 + d % 6],
                    (at - interval '2 days')::date,
                    'Về việc ' || ($3::text[])[1 + d % {topics}],
                    ($4::text[])[1 + d % {signers}], CASE WHEN d % 2 = 0 THEN 'Chủ tịch' ELSE 'Phó Chủ tịch' END,
                    ($5::text[])[1 + d % {issuers}],
                    CASE WHEN d % 3 = 0 THEN 'Sở Kế hoạch và Đầu tư' END,
                    CASE WHEN d % 4 = 0 THEN 'Phó Chủ tịch UBND tỉnh' END,
                    NULL,
                    ($6::text[])[1 + d % {urgencies}],
                    ($7::text[])[1 + d % {issuers}],
                    at - interval '1 hour', $8, $9, d % 17 = 0, 1
             FROM (SELECT d, timestamptz '{base}' + (d * 10 * {step}) * interval '1 second' AS at
                   FROM generate_series(0::bigint, {docs} - 1) d) x",
            topics = TOPICS.len(),
            signers = SIGNERS.len(),
            issuers = issuers.len(),
            urgencies = urgencies.len(),
        ),
        &[
            &kinds,
            &symbols.as_slice(),
            &TOPICS,
            &SIGNERS,
            &issuers,
            &urgencies,
            &origins,
            &office.office.id,
            &office.office.unit_id,
        ],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO nv.tasks (id, document_id, description, follow_up_content, lead_unit_id, follow_up_officer_id,
                director, direction_notes, original_deadline, deadline, extended_at, must_report, origin, classification,
                state, assigned_at, accepted_at, completed_submitted_at, completed_reviewed_at, pending_submitted_at,
                cancelled_at, rejection_count, last_progress_at, extension_requested_at, version)
             SELECT tid, did,
                    'Chủ trì, phối hợp với các cơ quan liên quan rà soát, đánh giá ' || ($1::text[])[1 + i % {topics}]
                        || '; báo cáo UBND tỉnh kết quả thực hiện (nội dung ' || (1 + i % 10) || ').',
                    CASE WHEN i % 5 = 0 THEN 'Theo dõi hằng tháng' ELSE '' END,
                    lead, $2,
                    CASE WHEN i % 4 = 0 THEN 'Phó Chủ tịch UBND tỉnh' END,
                    '',
                    deadline, deadline, NULL, must_report,
                    ($3::text[])[1 + (i / 10) % {issuers}],
                    CASE WHEN deadline IS NOT NULL AND must_report THEN 'a' WHEN deadline IS NOT NULL THEN 'b'
                         WHEN must_report THEN 'c' ELSE 'd' END,
                    (ARRAY['assigned','returned','in_progress','in_progress','in_progress','submitted','submitted',
                           'done','done','cancelled'])[s + 1],
                    at,
                    CASE WHEN s >= 2 THEN at + interval '1 day' END,
                    CASE WHEN s IN (7, 8) THEN at + interval '10 days' END,
                    CASE WHEN s IN (7, 8) THEN at + interval '12 days' END,
                    CASE WHEN s IN (5, 6) THEN at + interval '10 days' END,
                    CASE WHEN s = 9 THEN at + interval '5 days' END,
                    0,
                    CASE WHEN s IN (2, 3, 4) THEN at + interval '7 days' WHEN s BETWEEN 5 AND 8 THEN at + interval '3 days' END,
                    NULL,
                    (ARRAY[1, 2, 5, 5, 5, 4, 4, 5, 5, 3])[s + 1]
             FROM (SELECT g.*, CASE WHEN i % 10 = 3 THEN NULL ELSE (at + (20 + i % 70) * interval '1 day')::date END AS deadline,
                          i % 4 <> 1 AS must_report FROM g) t",
            topics = TOPICS.len(),
            issuers = origins.len(),
        ),
        &[&TOPICS, &office.office.id, &origins],
    )?;
    tx.execute(
        "INSERT INTO nv.task_coordinators (task_id, unit_id) SELECT tid, coordinator FROM g WHERE coordinator IS NOT NULL",
        &[],
    )?;
    // Timelines: assigned; returned | accepted, progress ×3 | accepted, progress, result
    // (, reviewed) | accepted, cancelled.
    tx.execute(
        "INSERT INTO nv.task_events (task_id, at, actor_id, actor_name, unit_id, kind, late, payload)
         SELECT tid, at, $1, $2, lead, 'assigned', NULL::boolean, jsonb_set($3::jsonb, '{lead_unit_id}', to_jsonb(lead::text)) FROM g
         UNION ALL SELECT tid, at + interval '1 day', actor, actor_name, lead, 'returned', NULL, $4 FROM g WHERE s = 1
         UNION ALL SELECT tid, at + interval '1 day', actor, actor_name, lead, 'accepted', NULL, $5 FROM g WHERE s >= 2
         UNION ALL SELECT tid, at + k * interval '1 day', actor, actor_name, lead, 'progress', NULL, $6
                   FROM g, (VALUES (3), (5), (7)) v(k) WHERE s IN (2, 3, 4)
         UNION ALL SELECT tid, at + interval '3 days', actor, actor_name, lead, 'progress', NULL, $6 FROM g WHERE s BETWEEN 5 AND 8
         UNION ALL SELECT tid, at + interval '10 days', actor, actor_name, lead, 'result_submitted', false, $7 FROM g WHERE s BETWEEN 5 AND 8
         UNION ALL SELECT tid, at + interval '12 days', $1, $2, $8, 'reviewed', false, $9 FROM g WHERE s IN (7, 8)
         UNION ALL SELECT tid, at + interval '5 days', $1, $2, lead, 'cancelled', NULL, $10 FROM g WHERE s = 9",
        &[
            &office.office.id,
            &office.office.full_name,
            &assigned,
            &returned,
            &accepted,
            &progress,
            &result,
            &office.office.unit_id,
            &reviewed,
            &cancelled,
        ],
    )?;
    tx.commit()?;
    // A server in its steady state: the freshly loaded rows vacuumed (visibility map set)
    // and analysed, so that autovacuum does not start on them in the middle of a figure.
    su.batch_execute(
        "VACUUM (ANALYZE) nv.documents, nv.tasks, nv.task_coordinators, nv.task_events, nv.units, nv.people, nv.change_log",
    )?;
    Ok(())
}

// ---- 1. first download --------------------------------------------------------------

fn first_download(office: &Office, n: u64, path: &Path) -> BoxResult<(Store, SyncSession)> {
    remove_db(path);
    let name = format!("sync_first_download_{}", label(n));
    let t0 = Instant::now();
    let mut store = Store::open(path)?;
    let mut session = SyncSession::open(&office.url(OFFICE_LOGIN), None)?;
    let mut batches = 0u32;
    let report = session.round(&mut store, &mut |_| batches += 1)?;
    let elapsed = t0.elapsed();
    let local = store.task_count()?;
    if !report.full_download || local != n {
        return Err(format!(
            "first sync brought {local} tasks (report {report:?}), expected a full download of {n}"
        )
        .into());
    }
    let events: i64 =
        store
            .connection()
            .query_row("SELECT count(*) FROM task_events", [], |r| r.get(0))?;
    println!(
        "# first sync: {local} tasks, {events} events, {} documents in {:.1} s ({} progress calls), local file {:.0} MB",
        store.document_count()?,
        elapsed.as_secs_f64(),
        batches,
        crate::file_bytes(path) as f64 / 1e6
    );
    figure(&name, ms(elapsed), "ms");
    Ok((store, session))
}

/// The baseline: the same rows (tasks, coordinators, events, documents) as the same login
/// through `COPY (SELECT …) TO STDOUT`, every byte read by the client.
fn copy_baseline(office: &Office, n: u64) -> BoxResult<()> {
    let name = format!("sync_first_download_{}", label(n));
    let t0 = Instant::now();
    let mut client = nhiemvu_sync::connect(&office.url(OFFICE_LOGIN), None)?;
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let mut bytes = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    for q in [
        format!("COPY (SELECT {TASK_COLS} FROM nv.tasks) TO STDOUT"),
        "COPY (SELECT task_id, unit_id FROM nv.task_coordinators) TO STDOUT".to_string(),
        format!("COPY (SELECT {EVENT_COLS} FROM nv.task_events) TO STDOUT"),
        format!("COPY (SELECT {DOCUMENT_COLS} FROM nv.documents) TO STDOUT"),
    ] {
        let mut reader = tx.copy_out(q.as_str())?;
        loop {
            let k = reader.read(&mut buf)?;
            if k == 0 {
                break;
            }
            bytes += k as u64;
        }
    }
    tx.commit()?;
    let elapsed = t0.elapsed();
    println!(
        "# COPY TO STDOUT of the same rows: {:.0} MB in {:.2} s",
        bytes as f64 / 1e6,
        elapsed.as_secs_f64()
    );
    figure(&format!("{name}.copy_out"), ms(elapsed), "ms");
    Ok(())
}

/// Where the first download's time goes: the same queries as `pull::full_download`
/// (a repeatable-read transaction; a page of task ids, then the tasks, coordinators,
/// events and documents of the page by `= ANY`), rows decoded into the same batches,
/// timed apart from writing those batches with `Store::replica_apply` into an empty file.
fn download_breakdown(office: &Office, n: u64, path: &Path) -> BoxResult<()> {
    let name = format!("sync_first_download_{}", label(n));
    remove_db(path);
    let mut store = Store::open(path)?;
    let mut client = nhiemvu_sync::connect(&office.url(OFFICE_LOGIN), None)?;
    let mut fetch = Duration::ZERO;
    let mut apply = Duration::ZERO;
    let mut count_ms = 0.0;
    let mut ids_ms = Duration::ZERO;

    let t = Instant::now();
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    tx.query_one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])?;
    let tc = Instant::now();
    tx.query_one("SELECT count(*) FROM nv.tasks", &[])?;
    count_ms += ms(tc.elapsed());
    let dir = fetch_directory(&mut tx)?;
    let lone_docs: Vec<Uuid> = tx
        .query(
            "SELECT id FROM nv.documents d WHERE NOT EXISTS (SELECT 1 FROM nv.tasks t WHERE t.document_id = d.id)",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    fetch += t.elapsed();
    let t = Instant::now();
    store.replica_begin_full()?;
    store.replica_apply(&ReplicaBatch {
        units: dir.units,
        people: dir.people,
        ..Default::default()
    })?;
    apply += t.elapsed();
    assert!(
        lone_docs.is_empty(),
        "the bench makes no documents without tasks"
    );

    let mut after = Uuid::nil();
    let mut done = 0u64;
    loop {
        let t = Instant::now();
        let ids: Vec<Uuid> = tx
            .query(
                "SELECT id FROM nv.tasks WHERE id > $1 ORDER BY id LIMIT $2",
                &[&after, &DOWNLOAD_BATCH],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let Some(last) = ids.last() else {
            fetch += t.elapsed();
            break;
        };
        ids_ms += t.elapsed();
        after = *last;
        let tasks = fetch_tasks(&mut tx, &ids)?.rows;
        let docs: std::collections::BTreeSet<Uuid> =
            tasks.iter().map(|t| t.record.task.document_id).collect();
        let documents = fetch_documents(&mut tx, &docs.into_iter().collect::<Vec<_>>())?.rows;
        fetch += t.elapsed();
        done += tasks.len() as u64;
        let t = Instant::now();
        store.replica_apply(&ReplicaBatch {
            documents,
            tasks,
            ..Default::default()
        })?;
        apply += t.elapsed();
    }
    tx.commit()?;
    let t = Instant::now();
    store.replica_finish_full(&[], false)?;
    apply += t.elapsed();
    if done != n || store.task_count()? != n {
        return Err(format!("breakdown fetched {done} tasks, expected {n}").into());
    }
    println!(
        "# first download split: queries + decoding {:.2} s (of which count(*) {:.0} ms, the page of ids {:.2} s), replica_apply {:.2} s",
        fetch.as_secs_f64(),
        count_ms,
        ids_ms.as_secs_f64(),
        apply.as_secs_f64()
    );
    figure(&format!("{name}_fetch_ms"), ms(fetch), "ms");
    figure(&format!("{name}_apply_ms"), ms(apply), "ms");
    drop(store);
    remove_db(path);
    Ok(())
}

// ---- 2. changes on one PC visible on another ----------------------------------------

fn progress_action(k: usize) -> TaskAction {
    TaskAction::Progress(ProgressUpdate {
        text: format!("Cập nhật tiến độ lần {k}: đã hoàn thành khảo sát, đang dự thảo báo cáo."),
        ..Default::default()
    })
}

fn push_visible(
    office: &Office,
    office_store: &mut Store,
    office_session: &mut SyncSession,
    temp_dir: &Path,
) -> BoxResult<()> {
    // The pushing PC: the big unit's person, after its own first download (not measured).
    let path = temp_dir.join("unit").join("nhiemvu.sqlite3");
    let t0 = Instant::now();
    let mut store = Store::open(&path)?;
    let mut session = SyncSession::open(&office.url(BIG_LOGIN), None)?;
    let first = session.round(&mut store, &mut |_| {})?;
    println!(
        "# unit PC ({}): first download of its {} tasks in {:.1} s",
        office.units[0].name,
        first.downloaded_tasks,
        t0.elapsed().as_secs_f64()
    );
    office_session.round(office_store, &mut |_| {})?; // the office PC is up to date
    let actor = store.actor()?;
    let targets: Vec<(Id, String)> = {
        let mut st = store.connection().prepare(
            "SELECT id, state FROM tasks WHERE lead_unit_id = ?1 AND state IN ('assigned', 'in_progress') ORDER BY id LIMIT ?2",
        )?;
        let rows = st.query_map((office.units[0].id, PUSH_CHANGES as i64), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let n = targets.len();
    let name = format!("sync_push_{n}_visible_ms");
    let accepts = targets.iter().filter(|(_, s)| s == "assigned").count();

    let t0 = Instant::now();
    let mut expected = Vec::with_capacity(n);
    for (k, (id, state)) in targets.iter().enumerate() {
        let action = if state == "assigned" {
            TaskAction::Accept
        } else {
            progress_action(k)
        };
        let t = store.apply(&actor, *id, None, action)?;
        expected.push((t.id, t.version));
    }
    let local = t0.elapsed();
    // The push alone: the office can pull each batch as soon as it commits; the unit PC's
    // own pull of what it sent follows, but is not on the way to the office.
    let t1 = Instant::now();
    let me = session.me().clone();
    let pushed = nhiemvu_sync::push::push_pending(session.client(), &mut store, &me)?;
    let push = t1.elapsed();
    if pushed.applied != n as u64 || !pushed.rejected.is_empty() || pushed.transient.is_some() {
        return Err(format!(
            "push of {n} changes: {} applied, {} refused, {:?}",
            pushed.applied,
            pushed.rejected.len(),
            pushed.transient
        )
        .into());
    }
    let t2 = Instant::now();
    let mut pull_rounds = 0;
    let mut pulled = 0;
    loop {
        let r = office_session.round(office_store, &mut |_| {})?;
        pull_rounds += 1;
        pulled += r.pulled;
        let seen = expected
            .iter()
            .filter(|(id, v)| {
                office_store
                    .task_record(*id)
                    .ok()
                    .flatten()
                    .is_some_and(|rec| rec.task.version >= *v)
            })
            .count();
        if seen == n {
            break;
        }
        if pull_rounds >= 20 || t2.elapsed() > Duration::from_secs(60) {
            return Err(format!(
                "the office PC sees {seen} of {n} changes after {pull_rounds} rounds"
            )
            .into());
        }
    }
    let pull = t2.elapsed();
    let t3 = Instant::now();
    session.round(&mut store, &mut |_| {})?;
    let pull_back = t3.elapsed();
    println!(
        "# {n} changes ({accepts} acceptances, {} progress updates) on the unit PC: local {:.0} ms, push {:.0} ms; office PC pulled {pulled} change-log rows in {pull_rounds} round(s), {:.0} ms; then the unit PC's own pull {:.0} ms",
        n - accepts,
        ms(local),
        ms(push),
        ms(pull),
        ms(pull_back)
    );
    figure(&name, ms(local + push + pull), "ms");
    figure(&format!("sync_push_{n}_local_ms"), ms(local), "ms");
    figure(&format!("sync_push_{n}_push_ms"), ms(push), "ms");
    figure(&format!("sync_push_{n}_office_pull_ms"), ms(pull), "ms");
    figure(&format!("sync_push_{n}_own_pull_ms"), ms(pull_back), "ms");

    // Baseline: the same UPDATEs (one per task, with the table's triggers) from one plain
    // connection in one transaction. No login of the app may write the table itself any
    // more (everything goes through the schema's functions), so the server's superuser
    // sends them.
    let mut client = office.pg.connect_superuser(DB)?;
    let t0 = Instant::now();
    let mut tx = client.transaction()?;
    let st = tx.prepare(
        "UPDATE nv.tasks SET version = version + 1, last_progress_at = now() WHERE id = $1",
    )?;
    let mut updated = 0;
    for (id, _) in &expected {
        updated += tx.execute(&st, &[id])?;
    }
    tx.commit()?;
    let plain = t0.elapsed();
    if updated != n as u64 {
        return Err(format!("plain UPDATEs changed {updated} of {n} rows").into());
    }
    figure(&format!("{name}.plain_sql"), ms(plain), "ms");
    drop(session);
    drop(store);
    remove_db(&path);
    Ok(())
}

// ---- 3. 200 PCs ---------------------------------------------------------------------

/// What one simulated PC saw.
#[derive(Default)]
struct ClientRun {
    rounds: Vec<Duration>,
    failures: Vec<String>,
    pushed: u64,
    rejected: u64,
    pulled: u64,
    reconnects: u64,
}

fn client_dir(temp_dir: &Path, k: usize) -> PathBuf {
    temp_dir.join("clients").join(format!("{k:03}"))
}

fn many_clients(office: &mut Office, su: &mut Client, temp_dir: &Path) -> BoxResult<()> {
    // Every PC downloads its scope first (not measured), straight from the server.
    let t0 = Instant::now();
    let next = AtomicUsize::new(0);
    let downloaded = AtomicUsize::new(0);
    let urls: Vec<String> = office.clients.iter().map(|(l, _)| office.url(l)).collect();
    std::thread::scope(|s| -> BoxResult<()> {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| -> Result<(), String> {
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= CLIENTS {
                            return Ok(());
                        }
                        let path = client_dir(temp_dir, k).join("nhiemvu.sqlite3");
                        let mut store = Store::open(&path).map_err(|e| e.to_string())?;
                        let mut session =
                            SyncSession::open(&urls[k], None).map_err(|e| e.to_string())?;
                        let r = session
                            .round(&mut store, &mut |_| {})
                            .map_err(|e| e.to_string())?;
                        downloaded.fetch_add(r.downloaded_tasks as usize, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().map_err(|_| "download worker panicked")??;
        }
        Ok(())
    })?;
    println!(
        "# {CLIENTS} PCs downloaded their scopes ({} tasks in all, {:.0} per PC) in {:.1} s",
        downloaded.load(Ordering::Relaxed),
        downloaded.load(Ordering::Relaxed) as f64 / CLIENTS as f64,
        t0.elapsed().as_secs_f64()
    );

    // Baseline first: straight to the server, one backend per PC.
    let direct = run_clients(office, &urls, temp_dir, SATURATED)?;
    let direct_day = run_clients(office, &urls, temp_dir, OFFICE_DAY)?;

    // Then through PgBouncer in front of a server with fewer connections than PCs.
    su.batch_execute(&format!(
        "ALTER SYSTEM SET max_connections = {POOLED_MAX_CONNECTIONS}"
    ))?;
    office.pg.restart()?;
    *su = office.pg.connect_superuser(DB)?;
    let max: String = su.query_one("SHOW max_connections", &[])?.get(0);
    let mut pooled = Vec::new();
    if nhiemvu_pgtest::pgbouncer_program().is_none() {
        println!("# SKIPPED sync_200_clients through PgBouncer: not installed (apt-get install pgbouncer)");
    } else {
        // Transaction pooling: a PC keeps its session, a server connection is its own only
        // while a transaction runs (every statement of a round is in one).
        let bouncer =
            office
                .pg
                .start_pgbouncer(DB, PoolMode::Transaction, POOL_SERVER_CONNECTIONS)?;
        println!(
            "# PgBouncer on 127.0.0.1:{} (transaction pooling, {POOL_SERVER_CONNECTIONS} server connections) in front of max_connections = {max}",
            bouncer.port()
        );
        let urls: Vec<String> = office
            .clients
            .iter()
            .map(|(l, _)| bouncer.url(l, PASSWORD, DB))
            .collect();
        let run = run_clients(office, &urls, temp_dir, SATURATED)
            .and_then(|flat_out| Ok((flat_out, run_clients(office, &urls, temp_dir, OFFICE_DAY)?)));
        let servers: Option<i64> = su
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE usename LIKE 'dv%'",
                &[],
            )
            .ok()
            .map(|r| r.get(0));
        drop(bouncer);
        let (flat_out, day) = run?;
        if let Some(n) = servers {
            println!("# PgBouncer held {n} server connections at the end of the run");
        }
        pooled.push(("", flat_out));
        pooled.push(("_office_day", day));
    }
    println!(
        "# flat out: {} rounds per PC back to back; office day: {} rounds per PC, {} s apart on average",
        SATURATED.rounds,
        OFFICE_DAY.rounds,
        OFFICE_DAY.think.map_or(0, |d| d.as_secs())
    );
    for (suffix, (runs, wall)) in &pooled {
        report_clients(&format!("sync_200_clients{suffix}"), "", runs, *wall);
    }
    report_clients("sync_200_clients", ".direct", &direct.0, direct.1);
    report_clients(
        "sync_200_clients_office_day",
        ".direct",
        &direct_day.0,
        direct_day.1,
    );
    Ok(())
}

fn report_clients(name: &str, suffix: &str, runs: &[ClientRun], wall: Duration) {
    let samples: Vec<Duration> = runs.iter().flat_map(|r| r.rounds.iter().copied()).collect();
    let failures: Vec<&String> = runs.iter().flat_map(|r| r.failures.iter()).collect();
    let pushed: u64 = runs.iter().map(|r| r.pushed).sum();
    let pulled: u64 = runs.iter().map(|r| r.pulled).sum();
    let reconnects: u64 = runs.iter().map(|r| r.reconnects).sum();
    let rejected: u64 = runs.iter().map(|r| r.rejected).sum();
    let how = match suffix {
        "" => "through PgBouncer (transaction pooling)",
        _ => "straight to PostgreSQL",
    };
    println!(
        "# {name}: {} PCs {how}: {} rounds ok, {} failed, {reconnects} reconnects, {pushed} mutations applied ({rejected} refused), {pulled} change-log rows pulled, {:.1} s",
        runs.len(),
        samples.len(),
        failures.len(),
        wall.as_secs_f64()
    );
    let mut distinct: Vec<&String> = failures.clone();
    distinct.sort();
    distinct.dedup_by(|a, b| first_words(a) == first_words(b));
    for f in distinct.iter().take(5) {
        let count = failures
            .iter()
            .filter(|g| first_words(g) == first_words(f))
            .count();
        println!("#   {count} × {f}");
    }
    figure(
        &format!("{name}_rounds_per_s{suffix}"),
        samples.len() as f64 / wall.as_secs_f64(),
        "rounds/s",
    );
    if !samples.is_empty() {
        latency_figures(&format!("{name}_round"), suffix, &samples);
    }
    figure(
        &format!("{name}_failed_rounds{suffix}"),
        failures.len() as f64,
        "rounds",
    );
}

/// An error message without its statement name ("s123") or numbers, to group alike ones.
fn first_words(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .take(90)
        .collect()
}

/// Each PC in its own thread: open its file and a session, one warm-up round, then (all
/// together) `load.rounds` rounds, each after `CHANGES_PER_ROUND` progress updates
/// on tasks its unit leads. Returns every PC's run and the wall time of the measured part.
fn run_clients(
    office: &Office,
    urls: &[String],
    temp_dir: &Path,
    load: Load,
) -> BoxResult<(Vec<ClientRun>, Duration)> {
    let barrier = Arc::new(Barrier::new(CLIENTS + 1));
    let handles: Vec<_> = (0..CLIENTS)
        .map(|k| {
            let barrier = Arc::clone(&barrier);
            let url = urls[k].clone();
            let path = client_dir(temp_dir, k).join("nhiemvu.sqlite3");
            let unit = office.clients[k].1.unit_id;
            std::thread::Builder::new()
                .name(format!("pc{k}"))
                .stack_size(1 << 20)
                .spawn(move || client(k, &url, &path, unit, load, &barrier))
                .expect("thread")
        })
        .collect();
    barrier.wait();
    let t0 = Instant::now();
    let mut runs = Vec::with_capacity(CLIENTS);
    for h in handles {
        runs.push(h.join().map_err(|_| "client thread panicked")??);
    }
    Ok((runs, t0.elapsed()))
}

fn client(
    k: usize,
    url: &str,
    path: &Path,
    unit: Id,
    load: Load,
    barrier: &Barrier,
) -> Result<ClientRun, String> {
    let mut run = ClientRun::default();
    let setup = (|| -> Result<_, String> {
        let mut store = Store::open(path).map_err(|e| e.to_string())?;
        let actor = store.actor().map_err(|e| e.to_string())?;
        let mut session = None;
        for _ in 0..5 {
            match SyncSession::open(url, None) {
                Ok(s) => {
                    session = Some(s);
                    break;
                }
                Err(e) => run.failures.push(format!("open: {e}")),
            }
        }
        let mut session = session.ok_or_else(|| format!("PC {k} could not log in"))?;
        let _ = session
            .round(&mut store, &mut |_| {})
            .map_err(|e| run.failures.push(format!("warm-up: {e}")));
        let session = Some(session);
        // Tasks its unit leads that take a progress update (or an acceptance first).
        let tasks: Vec<Id> = {
            let mut st = store
                .connection()
                .prepare(
                    "SELECT id FROM tasks WHERE lead_unit_id = ?1 AND state IN ('assigned', 'in_progress') ORDER BY id",
                )
                .map_err(|e| e.to_string())?;
            let rows = st
                .query_map([unit], |r| r.get(0))
                .map_err(|e| e.to_string())?;
            rows.collect::<Result<_, _>>().map_err(|e| e.to_string())?
        };
        Ok((store, actor, session, tasks))
    })();
    barrier.wait();
    let (mut store, actor, mut session, tasks) = match setup {
        Ok(x) => x,
        Err(e) => {
            run.failures.push(format!("setup: {e}"));
            return Ok(run);
        }
    };
    run.failures.clear(); // only the measured part counts
    let mut rand = Rand(k as u64 * 7919 + 1);
    for round in 0..load.rounds {
        if let Some(mean) = load.think {
            let ms = rand.below(2 * mean.as_millis() as usize + 1);
            std::thread::sleep(Duration::from_millis(ms as u64));
        }
        for c in 0..CHANGES_PER_ROUND {
            if tasks.is_empty() {
                break;
            }
            let id = tasks[rand.below(tasks.len())];
            // As the local copy has it now (the unit's other PC may have accepted it).
            let action = match store.task(id).map_err(|e| e.to_string())?.state {
                WorkflowState::Assigned => TaskAction::Accept,
                WorkflowState::InProgress => progress_action(round * 10 + c),
                _ => continue,
            };
            store
                .apply(&actor, id, None, action)
                .map_err(|e| e.to_string())?;
        }
        let t0 = Instant::now();
        if session.is_none() {
            match SyncSession::open(url, None) {
                Ok(s) => session = Some(s),
                Err(e) => {
                    run.failures.push(format!("open: {e}"));
                    continue;
                }
            }
            run.reconnects += 1;
        }
        let s = session.as_mut().expect("open");
        match s.round(&mut store, &mut |_| {}) {
            Ok(r) => {
                run.rounds.push(t0.elapsed());
                run.pushed += r.pushed;
                run.rejected += r.rejected;
                run.pulled += r.pulled;
            }
            Err(e) => {
                run.failures.push(e.to_string());
                if e.is_transient() {
                    session = None;
                }
            }
        }
    }
    Ok(run)
}
