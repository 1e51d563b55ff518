// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `nhiemvu`: the Nhiệm Vụ desktop app and its command line.
//!
//! * `nhiemvu [--db FILE]` opens the window on FILE (default: `$NHIEMVU_DB`, else the
//!   user's data directory);
//! * `nhiemvu demo --tasks N [--db FILE] [--seed S]` writes a synthetic province;
//! * `nhiemvu report periodic|urging|register --period P --out FILE.pdf [--unit NAME] …`
//!   prints a report for signature (automation);
//! * `nhiemvu office-db init|migrate|seed|prune|add-login --url …` administers the shared
//!   office PostgreSQL database, `nhiemvu sync [--url …]` runs one sync round (both only
//!   with the `office-sync` feature, the default).
//!
//! The arguments are defined in `cli_args.rs`; `cli_vi.rs` makes their help and every
//! argument error Vietnamese. Here: what each command runs.

mod cli_args;
mod cli_vi;

use std::process::ExitCode;

use cli_args::{Cli, Command, SecretCommand};
use nhiemvu_app::{AppError, Launch};

fn main() -> ExitCode {
    nhiemvu_app::mark_process_start();
    // Help, version and argument mistakes are printed (in Vietnamese) by the parser.
    let cli: Cli = match cli_vi::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // The network check needs no database.
    if matches!(cli.command, Some(Command::NetworkCheck)) {
        let (text, code) = nhiemvu_app::confidential::netguard::report();
        println!("{text}");
        return ExitCode::from(code as u8);
    }
    if nhiemvu_app::confidential::WORKSTATION {
        nhiemvu_app::confidential::install_quiet_panic_hook();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Lỗi: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), AppError> {
    let db_path = nhiemvu_app::resolve_db_path(cli.db)?;
    match cli.command {
        None => nhiemvu_app::run(Launch {
            db_path,
            config_overlay: cli.config,
            perf_out: cli.perf_out,
        }),
        Some(Command::NetworkCheck) => Ok(()),
        Some(Command::SecretStore {
            command: SecretCommand::KiemTra { stdin },
        }) => {
            let store = nhiemvu_app::open_existing_store(&db_path)?;
            let state = nhiemvu_app::AppState::new(store, db_path);
            let (text, whole) = nhiemvu_app::confidential::cli::verify(
                &state.confidential,
                state.secret_clerk(),
                stdin,
            )?;
            println!("{text}");
            if whole {
                Ok(())
            } else {
                Err(AppError::Sync(
                    "Nhật ký sổ mật đã bị sửa ngoài phần mềm.".into(),
                ))
            }
        }
        Some(Command::Demo { tasks, seed }) => nhiemvu_app::demo_cli::run(&db_path, tasks, seed),
        Some(Command::Report {
            kind,
            period,
            out,
            unit,
            origin,
            number,
            date,
            as_of,
            signer_name,
        }) => nhiemvu_app::report_cli::run(
            &db_path,
            nhiemvu_app::report_cli::Options {
                kind,
                period,
                out,
                unit,
                origin,
                number,
                date,
                as_of,
                signer_name,
            },
        ),
        #[cfg(feature = "office-sync")]
        Some(Command::OfficeDb { command }) => {
            use cli_args::office::OfficeDbCommand;
            use nhiemvu_app::office_cli as cli;
            match command {
                OfficeDbCommand::Init { admin } => cli::init(&admin.url, admin.password_source()),
                OfficeDbCommand::Migrate { admin } => {
                    cli::migrate(&admin.url, admin.password_source())
                }
                OfficeDbCommand::Seed { admin } => {
                    cli::seed(&admin.url, &db_path, admin.password_source())
                }
                OfficeDbCommand::Prune { admin, keep_days } => {
                    cli::prune(&admin.url, keep_days, admin.password_source())
                }
                OfficeDbCommand::AddLogin {
                    url,
                    person,
                    person_id,
                    login,
                    password_stdin,
                } => {
                    let who = match (person_id, person) {
                        (Some(id), _) => cli::PersonRef::Id(id),
                        (None, name) => cli::PersonRef::Name(name.unwrap_or_default()),
                    };
                    cli::add_login(
                        &url,
                        &who,
                        &login,
                        cli_args::password_source(password_stdin),
                    )
                }
                OfficeDbCommand::Logins { admin } => {
                    cli::logins(&admin.url, admin.password_source())
                }
                OfficeDbCommand::DisableLogin { admin, login } => cli::change_login(
                    &admin.url,
                    &login,
                    cli::LoginChange::Disable,
                    admin.password_source(),
                ),
                OfficeDbCommand::EnableLogin { admin, login } => cli::change_login(
                    &admin.url,
                    &login,
                    cli::LoginChange::Enable,
                    admin.password_source(),
                ),
                OfficeDbCommand::RemoveLogin { admin, login } => cli::change_login(
                    &admin.url,
                    &login,
                    cli::LoginChange::Remove,
                    admin.password_source(),
                ),
                OfficeDbCommand::Damaged { admin } => {
                    cli::damaged(&admin.url, false, admin.password_source())
                }
                OfficeDbCommand::Repair { admin } => {
                    cli::damaged(&admin.url, true, admin.password_source())
                }
                OfficeDbCommand::Status { admin } => {
                    cli::status(&admin.url, admin.password_source())
                }
            }
        }
        #[cfg(feature = "office-sync")]
        Some(Command::Sync {
            url,
            save_password,
            password_stdin,
        }) => nhiemvu_app::office_cli::sync_once(
            &db_path,
            url.as_deref(),
            save_password,
            cli_args::password_source(password_stdin),
        ),
    }
}
