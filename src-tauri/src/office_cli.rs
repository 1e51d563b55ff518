//! The command line of the office database, for the admin and for automation:
//! `nhiemvu office-db init|migrate|seed|prune|add-login|logins|disable-login|enable-login|
//! remove-login|damaged|repair|status` and `nhiemvu sync`. Passwords are read
//! from the terminal without echo, or from standard input with `--password-stdin`; they
//! are never taken from the command line, where other users could see them.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use nhiemvu_core::model::Person;
use nhiemvu_keychain::{Credentials, Keychain};
use nhiemvu_sync::{admin, provision, schema, OfficeDb, SyncError, SyncSession};
use uuid::Uuid;

use crate::sync::URL_KEY;
use crate::AppError;

/// Where a password comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSource {
    Prompt,
    Stdin,
}

fn err(e: SyncError) -> AppError {
    AppError::Sync(e.to_string())
}

/// Read a password: from stdin (first line) or the terminal without echo.
pub fn read_password(prompt: &str, source: PasswordSource) -> Result<String, AppError> {
    match source {
        PasswordSource::Stdin => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| {
                AppError::Sync(format!("Không đọc được mật khẩu từ đầu vào chuẩn: {e}"))
            })?;
            Ok(line.trim_end_matches(['\r', '\n']).to_string())
        }
        PasswordSource::Prompt => {
            if !std::io::stdin().is_terminal() {
                return Err(AppError::Sync(
                    "Cần nhập mật khẩu: chạy lệnh trong cửa sổ dòng lệnh, hoặc dùng --password-stdin.".into(),
                ));
            }
            rpassword::prompt_password(prompt)
                .map_err(|e| AppError::Sync(format!("Không đọc được mật khẩu: {e}")))
        }
    }
}

/// `office-db init`: roles and schema (needs a PostgreSQL superuser).
pub fn init(url: &str, source: PasswordSource) -> Result<(), AppError> {
    let pw = read_password("Mật khẩu quản trị PostgreSQL: ", source)?;
    let mut client = nhiemvu_sync::connect(url, Some(&pw)).map_err(err)?;
    let setup = schema::init(&mut client).map_err(err)?;
    for line in setup.summary() {
        println!("{line}");
    }
    Ok(())
}

/// `office-db migrate`: bring the schema up to date.
pub fn migrate(url: &str, source: PasswordSource) -> Result<(), AppError> {
    let pw = read_password("Mật khẩu quản trị PostgreSQL: ", source)?;
    let mut client = nhiemvu_sync::connect(url, Some(&pw)).map_err(err)?;
    let setup = schema::migrate(&mut client).map_err(err)?;
    for line in setup.summary() {
        println!("{line}");
    }
    Ok(())
}

/// `office-db seed`: upload the local directory (units and people) of an office that
/// started on one PC.
pub fn seed(url: &str, db_path: &Path, source: PasswordSource) -> Result<(), AppError> {
    let store = crate::open_existing_store(db_path)?;
    let units = store.units()?;
    let people = store.people()?;
    let pw = read_password("Mật khẩu quản trị: ", source)?;
    let mut client = nhiemvu_sync::connect(url, Some(&pw)).map_err(err)?;
    let sent = provision::put_directory(&mut client, &units, &people).map_err(err)?;
    println!(
        "Đã đưa {} đơn vị và {sent} cán bộ lên cơ sở dữ liệu của Văn phòng.",
        units.len()
    );
    if sent < people.len() {
        println!(
            "{} văn thư mật không được đưa lên: công việc mật chỉ làm trên máy không nối mạng.",
            people.len() - sent
        );
    }
    let (settings, calendar) = provision::put_config_if_absent(
        &mut client,
        store.settings(),
        &store.calendar_overrides()?,
    )
    .map_err(err)?;
    for (written, what) in [(settings, "Cấu hình"), (calendar, "Lịch nghỉ bù, làm bù")] {
        if written {
            println!("{what} của máy này đã được đưa lên.");
        } else {
            println!("{what}: máy chủ đã có, giữ nguyên bản trên máy chủ.");
        }
    }
    Ok(())
}

/// `office-db prune`: drop change-log rows older than `keep_days` (a PC that has not
/// synced for longer downloads its scope again, so nothing is lost).
pub fn prune(url: &str, keep_days: u32, source: PasswordSource) -> Result<(), AppError> {
    let pw = read_password("Mật khẩu quản trị: ", source)?;
    let mut client = nhiemvu_sync::connect(url, Some(&pw)).map_err(err)?;
    let n = schema::prune_change_log(&mut client, keep_days).map_err(err)?;
    println!("Đã xóa {n} dòng nhật ký thay đổi cũ hơn {keep_days} ngày.");
    let files = admin::prune_blobs(&mut client).map_err(err)?;
    println!("Đã xóa {files} tệp không gắn vào văn bản hay báo cáo nào (gửi lên quá một ngày).");
    Ok(())
}

/// Who gets the login: a person of the directory by id, or by full name when it is unique.
#[derive(Debug, Clone)]
pub enum PersonRef {
    Id(Uuid),
    Name(String),
}

/// `office-db add-login`: give a person of the directory their own login.
pub fn add_login(
    url: &str,
    who: &PersonRef,
    login: &str,
    source: PasswordSource,
) -> Result<(), AppError> {
    provision::check_login(login).map_err(err)?;
    let admin_pw = read_password("Mật khẩu quản trị: ", source)?;
    let new_pw = read_password(&format!("Mật khẩu cho {login}: "), source)?;
    if source == PasswordSource::Prompt {
        let again = read_password("Nhập lại mật khẩu: ", source)?;
        if again != new_pw {
            return Err(AppError::Sync("Hai lần nhập mật khẩu không khớp.".into()));
        }
    }
    provision::check_password(&new_pw).map_err(err)?;
    let mut client = nhiemvu_sync::connect(url, Some(&admin_pw)).map_err(err)?;
    let person = find_person(&mut client, who)?;
    provision::put_person(&mut client, &person, Some(login), Some(&new_pw)).map_err(err)?;
    println!("Đã tạo tài khoản \"{login}\" cho {}.", person.full_name);
    Ok(())
}

fn find_person(
    client: &mut nhiemvu_sync::postgres::Client,
    who: &PersonRef,
) -> Result<Person, AppError> {
    let rows = match who {
        PersonRef::Id(id) => client.query(
            "SELECT p.id, p.full_name, p.unit_id, p.role, p.title, u.name FROM nv.people p
             JOIN nv.units u ON u.id = p.unit_id WHERE p.id = $1",
            &[id],
        ),
        PersonRef::Name(name) => client.query(
            "SELECT p.id, p.full_name, p.unit_id, p.role, p.title, u.name FROM nv.people p
             JOIN nv.units u ON u.id = p.unit_id WHERE p.full_name = $1 ORDER BY u.name, p.title",
            &[&nhiemvu_core::text::nfc(name.trim())],
        ),
    }
    .map_err(|e| err(e.into()))?;
    let person = |r: &nhiemvu_sync::postgres::Row| Person {
        id: r.get(0),
        full_name: r.get(1),
        unit_id: r.get(2),
        role: nhiemvu_core::model::Role::parse(r.get::<_, &str>(3))
            .unwrap_or(nhiemvu_core::model::Role::Unit),
        title: r.get(4),
    };
    match (rows.as_slice(), who) {
        ([r], _) => Ok(person(r)),
        ([], PersonRef::Id(id)) => Err(AppError::Sync(format!(
            "Không có cán bộ mã {id} trong danh bạ của Văn phòng."
        ))),
        ([], PersonRef::Name(name)) => Err(AppError::Sync(format!(
            "Không có cán bộ tên \"{name}\" trong danh bạ của Văn phòng."
        ))),
        (many, _) => {
            let list: Vec<String> = many
                .iter()
                .map(|r| {
                    format!(
                        "  --person-id {}   {} – {}, {}",
                        r.get::<_, Uuid>(0),
                        r.get::<_, String>(1),
                        r.get::<_, String>(4),
                        r.get::<_, String>(5)
                    )
                })
                .collect();
            Err(AppError::Sync(format!(
                "Có {} cán bộ cùng tên; chọn đúng người bằng --person-id:\n{}",
                many.len(),
                list.join("\n")
            )))
        }
    }
}

/// The admin's connection for the commands below.
fn admin_client(
    url: &str,
    source: PasswordSource,
) -> Result<nhiemvu_sync::postgres::Client, AppError> {
    let pw = read_password("Mật khẩu quản trị: ", source)?;
    nhiemvu_sync::connect(url, Some(&pw)).map_err(err)
}

fn vn_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&nhiemvu_core::timeliness::vn_offset())
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// `office-db logins`: the app's logins, with their person, unit and state.
pub fn logins(url: &str, source: PasswordSource) -> Result<(), AppError> {
    let mut client = admin_client(url, source)?;
    let rows = admin::logins(&mut client).map_err(err)?;
    if rows.is_empty() {
        println!("Chưa có tài khoản nào.");
    }
    for l in rows {
        let state = match (l.removed_at, l.disabled_at) {
            (Some(t), _) => format!("đã xóa {}", vn_time(t)),
            (None, Some(t)) => format!("đang khóa từ {}", vn_time(t)),
            (None, None) => "đang dùng".into(),
        };
        let note = if l.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", l.note)
        };
        println!(
            "{:<20} {} – {} [{}], mã {}: {state}{note}",
            l.login, l.full_name, l.unit, l.role, l.person_id
        );
    }
    Ok(())
}

/// What `disable-login`, `enable-login` and `remove-login` do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginChange {
    Disable,
    Enable,
    Remove,
}

pub fn change_login(
    url: &str,
    login: &str,
    change: LoginChange,
    source: PasswordSource,
) -> Result<(), AppError> {
    let mut client = admin_client(url, source)?;
    match change {
        LoginChange::Disable => {
            admin::disable_login(&mut client, login).map_err(err)?;
            println!("Đã khóa tài khoản \"{login}\": không đăng nhập được nữa, các phiên đang mở đã bị ngắt.");
        }
        LoginChange::Enable => {
            admin::enable_login(&mut client, login).map_err(err)?;
            println!("Đã mở lại tài khoản \"{login}\".");
        }
        LoginChange::Remove => {
            admin::remove_login(&mut client, login).map_err(err)?;
            println!("Đã xóa tài khoản \"{login}\". Lịch sử của cán bộ vẫn giữ nguyên; tên này không được cấp lại.");
        }
    }
    Ok(())
}

/// `office-db damaged` (and `repair`): the rows no PC can read, found with the PCs' own
/// decoders; with `repair`, each is taken out of circulation (kept in nv.quarantine).
pub fn damaged(url: &str, repair: bool, source: PasswordSource) -> Result<(), AppError> {
    let mut client = admin_client(url, source)?;
    let rows = admin::damaged(&mut client).map_err(err)?;
    if rows.is_empty() {
        println!("Không có bản ghi nào hỏng: mọi máy đọc được toàn bộ dữ liệu.");
        return Ok(());
    }
    println!("{} bản ghi các máy không đọc được:", rows.len());
    for d in &rows {
        println!("- {} ({} {}): {}", d.label, d.entity, d.id, d.reason);
    }
    if repair {
        let n = admin::repair(&mut client, &rows).map_err(err)?;
        println!(
            "Đã sửa {n} bản ghi; bản gốc được giữ trong nv.quarantine. Các máy sẽ nhận bản đã sửa ở lần đồng bộ tới."
        );
    } else {
        println!(
            "Chạy 'nhiemvu office-db repair' để sửa (bản gốc được giữ lại trong nv.quarantine)."
        );
    }
    Ok(())
}

/// `office-db status`: the schema, the change log's horizon, logins, files, security log.
pub fn status(url: &str, source: PasswordSource) -> Result<(), AppError> {
    let mut client = admin_client(url, source)?;
    let s = admin::status(&mut client).map_err(err)?;
    println!(
        "Lược đồ: {} (phiên bản này: {}).",
        s.schema_version,
        schema::SCHEMA_VERSION
    );
    match &s.held_back {
        None => println!("Đồng bộ: không có giao dịch nào giữ các máy lại."),
        Some(h) => println!(
            "Đồng bộ: một giao dịch {} (cơ sở dữ liệu {}) mở từ {} ({} phút) đang giữ các máy lại{}.",
            h.holder.as_deref().map_or("không rõ".to_string(), |l| format!("của \"{l}\"")),
            h.database.as_deref().unwrap_or("?"),
            vn_time(h.since),
            h.seconds / 60,
            if h.released {
                "; máy chủ vừa kết thúc nó"
            } else if h.holder_is_app {
                ""
            } else {
                "; đây không phải tài khoản của Nhiệm Vụ: quản trị viên PostgreSQL cần kết thúc nó (pg_terminate_backend)"
            }
        ),
    }
    println!(
        "Tài khoản: {} đang dùng, {} đang khóa.",
        s.logins_active, s.logins_disabled
    );
    println!(
        "Tệp: {} MB, trong đó {} MB chưa gắn vào văn bản hay báo cáo nào.",
        s.blob_bytes / 1_048_576,
        s.loose_blob_bytes / 1_048_576
    );
    if !s.security.is_empty() {
        println!("Sự kiện an ninh gần đây:");
        for (at, by, what, subject, detail) in &s.security {
            println!(
                "- {} {} {} (bởi {by}) {detail}",
                vn_time(*at),
                admin::security_label(what),
                subject.as_deref().unwrap_or("")
            );
        }
    }
    Ok(())
}

/// `nhiemvu sync`: one round in the terminal, with the password from the keychain (saved
/// after a successful login with --save-password) or asked for.
pub fn sync_once(
    db_path: &Path,
    url: Option<&str>,
    save: bool,
    source: PasswordSource,
) -> Result<(), AppError> {
    let mut store = crate::open_store(db_path)?;
    let url = match url {
        Some(u) => u.to_string(),
        None => store.sync_state_get(URL_KEY)?.ok_or_else(|| {
            AppError::Sync("Chưa cấu hình cơ sở dữ liệu của Văn phòng: dùng --url postgresql://ten_dang_nhap@may-chu:5432/nhiemvu".into())
        })?,
    };
    let db = OfficeDb::parse(&url).map_err(err)?;
    let creds = Credentials::os("nhiemvu");
    let saved = creds.get(&db.keychain_account()).ok().flatten();
    let pw = match saved {
        Some(p) => p,
        None => read_password(&format!("Mật khẩu của {}: ", db.login()), source)?,
    };
    let mut session = SyncSession::open(&url, Some(&pw)).map_err(err)?;
    let mut last_decile = None;
    let report = session
        .round(&mut store, &mut |p| {
            let decile = (p.done * 10).checked_div(p.total).unwrap_or(10);
            if last_decile != Some(decile) {
                last_decile = Some(decile);
                eprintln!("Đang tải dữ liệu: {}/{} nhiệm vụ", p.done, p.total);
            }
        })
        .map_err(err)?;
    store.sync_state_set(URL_KEY, &url)?;
    if save {
        creds
            .set(&db.keychain_account(), &pw)
            .map_err(|e| AppError::Sync(e.to_string()))?;
        if let Some(n) = creds.fallback_notice() {
            eprintln!("{n}");
        }
    }
    println!(
        "Đã đồng bộ trong {} ms: gửi {} thao tác, {} bị từ chối, nhận {} thay đổi{}.",
        report.millis,
        report.pushed,
        report.rejected,
        report.pulled,
        if report.full_download {
            format!(", tải toàn bộ {} nhiệm vụ", report.downloaded_tasks)
        } else {
            String::new()
        }
    );
    for e in store.outbox_entries(Some(nhiemvu_core::store::OutboxState::Rejected), 20)? {
        if !e.acknowledged {
            println!("- {}", e.reason.unwrap_or_default());
        }
    }
    if let Some(t) = report.transient {
        println!("Chưa gửi hết: {t}");
    }
    if let Some(h) = &report.held_back {
        println!("{}", held_back_text(h));
    }
    let damaged = store.damaged_records()?;
    if !damaged.is_empty() {
        println!(
            "{} bản ghi trên máy chủ không đọc được (máy vẫn đồng bộ mọi thay đổi khác; quản trị viên xem bằng 'nhiemvu office-db damaged'):",
            damaged.len()
        );
        for d in damaged.iter().take(20) {
            println!("- {}: {}", d.record.label, d.record.reason);
        }
    }
    Ok(())
}

/// The warning a PC gives when a transaction on the server holds back what it receives.
pub fn held_back_text(h: &nhiemvu_sync::horizon::HeldBack) -> String {
    let since = vn_time(h.since);
    if h.released {
        format!(
            "Một giao dịch mở từ {since} ({} phút) đã giữ các máy lại; máy chủ vừa kết thúc nó, các thay đổi đang chờ sẽ đến ở lần đồng bộ tới.",
            h.seconds / 60
        )
    } else {
        format!(
            "Cảnh báo: máy chủ đang bị một giao dịch chưa kết thúc giữ lại từ {since} ({} phút): thay đổi mới của người khác có thể chưa đến máy này. Quản trị viên xem bằng 'nhiemvu office-db status'.",
            h.seconds / 60
        )
    }
}
