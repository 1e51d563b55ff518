// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `nhiemvu`: the Nhiệm Vụ desktop app and its command line.
//!
//! * `nhiemvu [--db FILE]` opens the window on FILE (default: `$NHIEMVU_DB`, else the
//!   user's data directory);
//! * `nhiemvu demo --tasks N [--db FILE] [--seed S]` writes a synthetic province;
//! * `nhiemvu report periodic|urging|register --period P --out FILE.pdf [--unit NAME] …`
//!   prints a report for signature (automation);
//! * `nhiemvu office-db init|migrate|seed|add-login --url …` administers the shared
//!   office PostgreSQL database, `nhiemvu sync [--url …]` runs one sync round (both only
//!   with the `office-sync` feature, the default).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand};
use nhiemvu_app::{AppError, Launch};

const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Cách dùng: {usage}

{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "nhiemvu",
    version,
    about = "Nhiệm Vụ – theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ.\n\
             Không có lệnh con: mở cửa sổ ứng dụng.",
    help_template = HELP_TEMPLATE,
    override_usage = "nhiemvu [--db <TỆP>] [--config <TỆP>]\n           nhiemvu demo --tasks <SỐ> [--db <TỆP>] [--seed <SỐ>]\n           nhiemvu report <LOẠI> --period <KỲ> --out <TỆP> [--unit <ĐƠN_VỊ>] …\n           nhiemvu office-db init|migrate|seed|add-login --url <ĐỊA_CHỈ> …\n           nhiemvu sync [--url <ĐỊA_CHỈ>] [--save-password] [--db <TỆP>]",
    subcommand_help_heading = "Lệnh",
    next_help_heading = "Tùy chọn",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
struct Cli {
    /// Tệp cơ sở dữ liệu (mặc định: biến NHIEMVU_DB, nếu không có thì thư mục dữ liệu của
    /// người dùng).
    #[arg(long, value_name = "TỆP", global = true)]
    db: Option<PathBuf>,

    /// Tệp JSON ghép vào cấu hình Tauri khi chạy (ví dụ tauri.test.conf.json).
    #[arg(long, value_name = "TỆP")]
    config: Option<PathBuf>,

    /// Chế độ đo hiệu năng (dùng bởi nhiemvu-bench ui): ghi số đo vào TỆP rồi thoát.
    #[arg(long, value_name = "TỆP", hide = true)]
    perf_out: Option<PathBuf>,

    /// In trợ giúp.
    #[arg(short = 'h', long, action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// In phiên bản.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sổ mật (máy tính mật): kiểm tra tính toàn vẹn của nhật ký.
    #[command(
        name = "so-mat",
        help_template = HELP_TEMPLATE,
        subcommand_help_heading = "Lệnh",
        next_help_heading = "Tùy chọn"
    )]
    SecretStore {
        #[command(subcommand)]
        command: SecretCommand,
    },
    /// Kiểm tra máy có đang nối mạng không (máy tính mật phải không nối mạng).
    #[command(
        name = "kiem-tra-mang",
        help_template = HELP_TEMPLATE,
        next_help_heading = "Tùy chọn"
    )]
    NetworkCheck,
    /// Tạo dữ liệu mẫu (một tỉnh giả lập) vào tệp cơ sở dữ liệu.
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "nhiemvu demo --tasks <SỐ> [--db <TỆP>] [--seed <SỐ>]",
        next_help_heading = "Tùy chọn"
    )]
    Demo {
        /// Số nhiệm vụ cần tạo.
        #[arg(long, value_name = "SỐ")]
        tasks: u64,
        /// Hạt giống ngẫu nhiên (cùng hạt giống cho cùng dữ liệu).
        #[arg(long, value_name = "SỐ")]
        seed: Option<u64>,
    },
    /// Tạo báo cáo PDF để trình ký: báo cáo định kỳ, công văn đôn đốc, sổ theo dõi.
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "nhiemvu report <periodic|urging|register> --period <KỲ> --out <TỆP> [--unit <ĐƠN_VỊ>] [--origin qc45|qc42] [--number <SỐ>] [--date <NGÀY>] [--as-of <NGÀY>] [--signer-name <HỌ_TÊN>] [--db <TỆP>]",
        next_help_heading = "Tùy chọn"
    )]
    Report {
        /// periodic (báo cáo kết quả thực hiện nhiệm vụ), urging (công văn đôn đốc) hoặc
        /// register (sổ theo dõi giải quyết nhiệm vụ).
        #[arg(value_name = "LOẠI")]
        kind: String,
        /// Kỳ báo cáo: 2026-03 (tháng), 2026-Q1 (quý), 2026-6T, 2026-9T, 2026 (năm) hoặc
        /// 2026-01-05..2026-02-10 (đột xuất).
        #[arg(long, value_name = "KỲ")]
        period: String,
        /// Tệp PDF cần ghi.
        #[arg(long, value_name = "TỆP")]
        out: PathBuf,
        /// Tên đơn vị, đúng như trong danh bạ: báo cáo của đơn vị, nơi nhận công văn đôn
        /// đốc, hoặc sổ theo dõi của đơn vị.
        #[arg(long, value_name = "ĐƠN_VỊ")]
        unit: Option<String>,
        /// Chỉ nhiệm vụ QC45 (UBND tỉnh giao) hoặc QC42 (Chính phủ giao).
        #[arg(long, value_name = "NGUỒN")]
        origin: Option<String>,
        /// Số văn bản, ví dụ "125/BC-VP" (mặc định: để trống số cho văn thư).
        #[arg(long, value_name = "SỐ")]
        number: Option<String>,
        /// Ngày ban hành, năm-tháng-ngày (mặc định: hôm nay).
        #[arg(long, value_name = "NGÀY")]
        date: Option<String>,
        /// Số liệu tính đến ngày, năm-tháng-ngày (mặc định: cuối kỳ hoặc hôm nay).
        #[arg(long, value_name = "NGÀY")]
        as_of: Option<String>,
        /// Họ tên người ký (mặc định: theo thiết lập).
        #[arg(long, value_name = "HỌ_TÊN")]
        signer_name: Option<String>,
    },
    /// Quản trị cơ sở dữ liệu PostgreSQL dùng chung của Văn phòng.
    #[cfg(feature = "office-sync")]
    #[command(
        name = "office-db",
        help_template = HELP_TEMPLATE,
        subcommand_help_heading = "Lệnh",
        next_help_heading = "Tùy chọn"
    )]
    OfficeDb {
        #[command(subcommand)]
        command: OfficeDbCommand,
    },
    /// Đồng bộ một lần với cơ sở dữ liệu của Văn phòng (gửi rồi nhận).
    #[cfg(feature = "office-sync")]
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Tùy chọn")]
    Sync {
        /// postgresql://ten_dang_nhap@may-chu:5432/nhiemvu (mặc định: địa chỉ đã lưu).
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        url: Option<String>,
        /// Lưu mật khẩu vào kho khóa của hệ điều hành sau khi đăng nhập được.
        #[arg(long)]
        save_password: bool,
        /// Đọc mật khẩu từ dòng đầu của đầu vào chuẩn.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SecretCommand {
    /// Kiểm tra nhật ký sổ mật (chuỗi băm) và đối chiếu từng dòng sổ; chỉ ra chỗ hỏng đầu tiên.
    KiemTra {
        /// Đọc mật khẩu sổ mật (hoặc mã khôi phục) từ dòng đầu của đầu vào chuẩn.
        #[arg(long)]
        stdin: bool,
    },
}

#[cfg(feature = "office-sync")]
#[derive(Debug, Subcommand)]
enum OfficeDbCommand {
    /// Tạo vai trò và lược đồ (cần tài khoản quản trị PostgreSQL).
    Init {
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        url: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Nâng lược đồ lên phiên bản mới nhất.
    Migrate {
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        url: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Đưa danh bạ (đơn vị, cán bộ) của tệp trên máy này lên cơ sở dữ liệu của Văn phòng.
    Seed {
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        url: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Xóa phần cũ của nhật ký thay đổi (máy nào lâu hơn thế chưa đồng bộ sẽ tải lại toàn bộ).
    Prune {
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        url: String,
        /// Giữ lại nhật ký của bấy nhiêu ngày gần nhất (ít nhất 61).
        #[arg(long, value_name = "SỐ_NGÀY", default_value_t = 90)]
        keep_days: u32,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Tạo tài khoản đăng nhập cho một cán bộ trong danh bạ.
    AddLogin {
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        url: String,
        /// Họ và tên cán bộ, đúng như trong danh bạ.
        #[arg(long, value_name = "HỌ_TÊN")]
        person: String,
        /// Tên đăng nhập: chữ thường không dấu, chữ số, dấu gạch dưới.
        #[arg(long, value_name = "TÊN")]
        login: String,
        /// Đọc hai mật khẩu (quản trị, rồi của tài khoản mới) từ đầu vào chuẩn.
        #[arg(long)]
        password_stdin: bool,
    },
}

fn main() -> ExitCode {
    nhiemvu_app::mark_process_start();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if err.use_stderr() => {
            eprintln!("Lỗi: tham số dòng lệnh không hợp lệ.\n{err}");
            return ExitCode::FAILURE;
        }
        Err(err) => {
            // --help, --version
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
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
            use nhiemvu_app::office_cli::{self as cli, PasswordSource};
            let src = |stdin: bool| {
                if stdin {
                    PasswordSource::Stdin
                } else {
                    PasswordSource::Prompt
                }
            };
            match command {
                OfficeDbCommand::Init {
                    url,
                    password_stdin,
                } => cli::init(&url, src(password_stdin)),
                OfficeDbCommand::Migrate {
                    url,
                    password_stdin,
                } => cli::migrate(&url, src(password_stdin)),
                OfficeDbCommand::Seed {
                    url,
                    password_stdin,
                } => cli::seed(&url, &db_path, src(password_stdin)),
                OfficeDbCommand::Prune {
                    url,
                    keep_days,
                    password_stdin,
                } => cli::prune(&url, keep_days, src(password_stdin)),
                OfficeDbCommand::AddLogin {
                    url,
                    person,
                    login,
                    password_stdin,
                } => cli::add_login(&url, &cli::PersonRef::Name(person), &login, src(password_stdin)),
            }
        }
        #[cfg(feature = "office-sync")]
        Some(Command::Sync {
            url,
            save_password,
            password_stdin,
        }) => {
            use nhiemvu_app::office_cli::{self as cli, PasswordSource};
            let source = if password_stdin {
                PasswordSource::Stdin
            } else {
                PasswordSource::Prompt
            };
            cli::sync_once(&db_path, url.as_deref(), save_password, source)
        }
    }
}
