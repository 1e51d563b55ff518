//! The command line's arguments. The doc comments are the Vietnamese help; `cli_vi` gives
//! every command here its Vietnamese headings, usage line and error messages, so a new
//! subcommand needs only doc comments on itself and on each of its arguments (a test
//! checks that none is missing). `main.rs` runs what they ask for.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cli_vi::{whole_number, Refusal};

#[derive(Debug, Parser)]
#[command(
    name = "nhiemvu",
    version,
    about = "Nhiệm Vụ – theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ.\n\
             Không có lệnh con: mở cửa sổ ứng dụng."
)]
pub struct Cli {
    /// Tệp cơ sở dữ liệu (mặc định: biến NHIEMVU_DB, nếu không có thì thư mục dữ liệu của
    /// người dùng).
    // Listed after each command's own options.
    #[arg(long, value_name = "TỆP", global = true, display_order = 900)]
    pub db: Option<PathBuf>,

    /// Tệp JSON ghép vào cấu hình Tauri khi chạy (ví dụ tauri.test.conf.json).
    #[arg(long, value_name = "TỆP")]
    pub config: Option<PathBuf>,

    /// Chế độ đo hiệu năng (dùng bởi nhiemvu-bench ui): ghi số đo vào TỆP rồi thoát.
    #[arg(long, value_name = "TỆP", hide = true)]
    pub perf_out: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sổ mật (máy tính mật): kiểm tra tính toàn vẹn của nhật ký.
    #[command(name = "so-mat")]
    SecretStore {
        #[command(subcommand)]
        command: SecretCommand,
    },
    /// Kiểm tra máy có đang nối mạng không (máy tính mật phải không nối mạng).
    #[command(name = "kiem-tra-mang")]
    NetworkCheck,
    /// Tạo dữ liệu mẫu (một tỉnh giả lập) vào tệp cơ sở dữ liệu.
    Demo {
        /// Số nhiệm vụ cần tạo, từ 1 đến 5.000.000.
        #[arg(long, value_name = "SỐ", value_parser = demo_tasks)]
        tasks: u64,
        /// Hạt giống ngẫu nhiên (cùng hạt giống cho cùng dữ liệu).
        #[arg(long, value_name = "SỐ")]
        seed: Option<u64>,
    },
    /// Tạo báo cáo PDF để trình ký: báo cáo định kỳ, công văn đôn đốc, sổ theo dõi.
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
    #[command(name = "office-db")]
    OfficeDb {
        #[command(subcommand)]
        command: office::OfficeDbCommand,
    },
    /// Đồng bộ một lần với cơ sở dữ liệu của Văn phòng (gửi rồi nhận).
    #[cfg(feature = "office-sync")]
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
pub enum SecretCommand {
    /// Kiểm tra nhật ký sổ mật (chuỗi băm) và đối chiếu từng dòng sổ; chỉ ra chỗ hỏng đầu tiên.
    KiemTra {
        /// Đọc mật khẩu sổ mật (hoặc mã khôi phục) từ dòng đầu của đầu vào chuẩn.
        #[arg(long)]
        stdin: bool,
    },
}

/// `demo --tasks`: what the generator accepts, refused before any file is touched.
fn demo_tasks(value: &str) -> Result<u64, Refusal> {
    whole_number(value, 1, nhiemvu_core::demo::MAX_TASKS, "số nhiệm vụ")
}

#[cfg(feature = "office-sync")]
pub mod office {
    //! `nhiemvu office-db …`: the administration of the office database.

    use clap::{Args, Subcommand};

    use crate::cli_vi::{whole_number, Refusal};
    use nhiemvu_app::office_cli::PasswordSource;

    #[derive(Debug, Subcommand)]
    pub enum OfficeDbCommand {
        /// Tạo vai trò và lược đồ (cần tài khoản quản trị PostgreSQL).
        Init {
            #[command(flatten)]
            admin: AdminLogin,
        },
        /// Nâng lược đồ lên phiên bản mới nhất (cần tài khoản quản trị PostgreSQL).
        Migrate {
            #[command(flatten)]
            admin: AdminLogin,
        },
        /// Đưa danh bạ (đơn vị, cán bộ) của tệp trên máy này lên cơ sở dữ liệu của Văn phòng.
        Seed {
            #[command(flatten)]
            admin: AdminLogin,
        },
        /// Xóa phần cũ của nhật ký thay đổi (máy nào lâu hơn thế chưa đồng bộ sẽ tải lại
        /// toàn bộ).
        Prune {
            #[command(flatten)]
            admin: AdminLogin,
            /// Giữ lại nhật ký của bấy nhiêu ngày gần nhất, từ 61 đến 36.500.
            #[arg(long, value_name = "SỐ_NGÀY", default_value_t = 90, value_parser = keep_days)]
            keep_days: u32,
        },
        /// Tạo tài khoản đăng nhập cho một cán bộ trong danh bạ (hoặc đặt lại mật khẩu).
        AddLogin {
            /// Địa chỉ cơ sở dữ liệu của Văn phòng, đăng nhập bằng tài khoản quản trị:
            /// postgresql://ten_dang_nhap@may-chu:5432/nhiemvu (không ghi mật khẩu vào địa chỉ).
            #[arg(long, value_name = "ĐỊA_CHỈ")]
            url: String,
            /// Họ và tên cán bộ, đúng như trong danh bạ (nếu nhiều người cùng tên, lệnh liệt kê
            /// họ kèm mã để chọn bằng --person-id).
            #[arg(
                long,
                value_name = "HỌ_TÊN",
                required_unless_present = "person_id",
                conflicts_with = "person_id"
            )]
            person: Option<String>,
            /// Mã cán bộ trong danh bạ (xem bằng 'office-db logins' hoặc khi tên bị trùng).
            #[arg(long, value_name = "MÃ", value_parser = person_id)]
            person_id: Option<uuid::Uuid>,
            /// Tên đăng nhập: chữ thường không dấu, chữ số, dấu gạch dưới.
            #[arg(long, value_name = "TÊN")]
            login: String,
            /// Đọc hai mật khẩu (quản trị, rồi của tài khoản mới) từ đầu vào chuẩn, mỗi mật
            /// khẩu một dòng.
            #[arg(long)]
            password_stdin: bool,
        },
        /// Liệt kê các tài khoản của ứng dụng: cán bộ, đơn vị, đang dùng, bị khóa hay đã xóa.
        Logins {
            #[command(flatten)]
            admin: AdminLogin,
        },
        /// Khóa một tài khoản: không đăng nhập được nữa, các phiên đang mở bị ngắt ngay.
        DisableLogin {
            #[command(flatten)]
            admin: AdminLogin,
            /// Tên đăng nhập cần khóa.
            #[arg(long, value_name = "TÊN")]
            login: String,
        },
        /// Mở lại một tài khoản đã khóa.
        EnableLogin {
            #[command(flatten)]
            admin: AdminLogin,
            /// Tên đăng nhập cần mở lại.
            #[arg(long, value_name = "TÊN")]
            login: String,
        },
        /// Xóa hẳn một tài khoản (lịch sử của cán bộ vẫn giữ; tên không được cấp lại).
        RemoveLogin {
            #[command(flatten)]
            admin: AdminLogin,
            /// Tên đăng nhập cần xóa.
            #[arg(long, value_name = "TÊN")]
            login: String,
        },
        /// Liệt kê các bản ghi mà máy trạm không đọc được (các máy bỏ qua chúng khi đồng bộ).
        Damaged {
            #[command(flatten)]
            admin: AdminLogin,
        },
        /// Sửa các bản ghi máy trạm không đọc được; bản gốc được giữ trong nv.quarantine.
        Repair {
            #[command(flatten)]
            admin: AdminLogin,
        },
        /// Tình trạng máy chủ: lược đồ, giao dịch đang giữ đồng bộ, tài khoản, tệp, sự kiện an
        /// ninh gần đây.
        Status {
            #[command(flatten)]
            admin: AdminLogin,
        },
    }

    /// The address and password of an administrator, shared by the subcommands.
    #[derive(Debug, Args)]
    pub struct AdminLogin {
        /// Địa chỉ cơ sở dữ liệu của Văn phòng, đăng nhập bằng tài khoản quản trị:
        /// postgresql://ten_dang_nhap@may-chu:5432/nhiemvu (không ghi mật khẩu vào địa chỉ).
        #[arg(long, value_name = "ĐỊA_CHỈ")]
        pub url: String,
        /// Đọc mật khẩu quản trị từ dòng đầu của đầu vào chuẩn (mặc định: hỏi trong cửa sổ
        /// dòng lệnh, không hiện ký tự).
        #[arg(long)]
        pub password_stdin: bool,
    }

    impl AdminLogin {
        pub fn password_source(&self) -> PasswordSource {
            super::password_source(self.password_stdin)
        }
    }

    /// `office-db add-login --person-id`: a person's id as the commands print it.
    fn person_id(value: &str) -> Result<uuid::Uuid, Refusal> {
        value.trim().parse().map_err(|_| {
            Refusal("mã cán bộ có dạng 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b (36 ký tự)".into())
        })
    }

    /// `office-db prune --keep-days`: more than the 60 days after which a PC downloads
    /// everything anyway, at most a century (the server takes a 32-bit number of days).
    fn keep_days(value: &str) -> Result<u32, Refusal> {
        let min = nhiemvu_sync::engine::LONG_ABSENCE_DAYS as u64 + 1;
        whole_number(value, min, 36_500, "số ngày giữ lại").map(|n| n as u32)
    }
}

/// `--password-stdin` given or not.
#[cfg(feature = "office-sync")]
pub fn password_source(stdin: bool) -> nhiemvu_app::office_cli::PasswordSource {
    use nhiemvu_app::office_cli::PasswordSource;
    if stdin {
        PasswordSource::Stdin
    } else {
        PasswordSource::Prompt
    }
}
