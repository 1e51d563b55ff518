//! The command line of the office database, for the admin and for automation:
//! `nhiemvu office-db init|migrate|seed|prune|add-login` and `nhiemvu sync`. Passwords are read
//! from the terminal without echo, or from standard input with `--password-stdin`; they
//! are never taken from the command line, where other users could see them.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use nhiemvu_core::model::Person;
use nhiemvu_keychain::{Credentials, Keychain};
use nhiemvu_sync::{provision, schema, OfficeDb, SyncError, SyncSession};

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
    let store = crate::open_store(db_path)?;
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
    Ok(())
}

/// `office-db add-login`: give a person of the directory their own login.
pub fn add_login(
    url: &str,
    person_name: &str,
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
    let rows = client
        .query(
            "SELECT id, full_name, unit_id, role, title FROM nv.people WHERE full_name = $1",
            &[&person_name],
        )
        .map_err(|e| err(e.into()))?;
    let person = match rows.as_slice() {
        [r] => Person {
            id: r.get(0),
            full_name: r.get(1),
            unit_id: r.get(2),
            role: nhiemvu_core::model::Role::parse(r.get::<_, &str>(3))
                .unwrap_or(nhiemvu_core::model::Role::Unit),
            title: r.get(4),
        },
        [] => {
            return Err(AppError::Sync(format!(
                "Không có cán bộ tên \"{person_name}\" trong danh bạ của Văn phòng."
            )))
        }
        _ => {
            return Err(AppError::Sync(format!(
                "Có nhiều cán bộ tên \"{person_name}\"; liên hệ quản trị viên để phân biệt."
            )))
        }
    };
    provision::put_person(&mut client, &person, Some(login), Some(&new_pw)).map_err(err)?;
    println!("Đã tạo tài khoản \"{login}\" cho {}.", person.full_name);
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
    Ok(())
}
