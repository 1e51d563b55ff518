//! Throw-away PostgreSQL clusters for integration tests.
//!
//! **Why.** The office database is PostgreSQL. Code that talks to it must be tested against
//! a real server — real SQL, real locks, real authentication, real crash recovery — never a
//! mock. Each test (or test binary) gets its own private cluster, so tests never share state
//! and never touch a server running on the machine.
//!
//! **How.** [`PgCluster::start`] finds the server programs (`NHIEMVU_PG_BIN`, else the newest
//! `/usr/lib/postgresql/*/bin` holding `initdb`, else `initdb` on `PATH`), runs `initdb` into
//! a fresh temporary directory with a random superuser password (local socket: `trust`,
//! TCP: `scram-sha-256`), picks a free TCP port on 127.0.0.1 and runs `postgres` as a child
//! process. The settings trade durability for speed (`fsync=off`, `synchronous_commit=off`,
//! `full_page_writes=off`): the data is thrown away anyway. Dropping the [`PgCluster`] stops
//! the server and removes the directory, also when the test panics; if the whole test
//! process dies, the kernel tells the server to shut down (Linux `PR_SET_PDEATHSIG`) and
//! the next cluster started on the machine removes the directory left behind.
//!
//! PostgreSQL refuses to run as root. When the tests run as root (as on CI), every server
//! program (`initdb`, `postgres`, `pg_dump`, `psql`, …) runs as the `postgres` system user,
//! who owns the temporary directory.
//!
//! ```no_run
//! let pg = nhiemvu_pgtest::PgCluster::start()?;
//! pg.create_database("office")?;
//! let mut client = pg.connect_superuser("office").expect("connect");
//! client.batch_execute("CREATE TABLE t (x int)").expect("create");
//! # Ok::<(), std::io::Error>(())
//! ```
#![cfg(unix)]

use std::ffi::{CString, OsStr, OsString};
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write as _};
use std::net::{Ipv4Addr, TcpListener};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{mpsc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

pub use postgres;

mod bouncer;
pub mod canary;
pub use bouncer::{pgbouncer_program, PgBouncer, PoolMode};

/// The address the server listens on (TCP); also its Unix socket lives in the temp dir.
pub const HOST: &str = "127.0.0.1";
/// The superuser role created by `initdb`.
pub const SUPERUSER: &str = "postgres";
/// Environment variable naming the directory of the server programs.
pub const BIN_ENV: &str = "NHIEMVU_PG_BIN";

const DEFAULT_MAX_CONNECTIONS: u32 = 100;
const READY_TIMEOUT: Duration = Duration::from_secs(30);
const STOP_TIMEOUT: Duration = Duration::from_secs(60);
const DROP_GRACE: Duration = Duration::from_secs(5);
const PORT_ATTEMPTS: usize = 5;
const LOG_TAIL_LINES: usize = 40;
const DIR_PREFIX: &str = "nhiemvu-pg-";
const LOCK_FILE: &str = "owner.lock";

/// Builder for a [`PgCluster`]; start with [`PgCluster::builder`].
#[derive(Debug, Clone)]
pub struct PgClusterBuilder {
    max_connections: u32,
    settings: Vec<(String, String)>,
}

impl PgClusterBuilder {
    /// `max_connections` of the server (default 100).
    pub fn max_connections(mut self, n: u32) -> Self {
        self.max_connections = n;
        self
    }

    /// Any other server setting, written to `postgresql.conf` after the defaults (so it
    /// overrides them), e.g. `.setting("synchronous_commit", "on")`.
    pub fn setting(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.push((name.into(), value.into()));
        self
    }

    /// Creates the cluster and starts the server; returns once it accepts connections.
    pub fn start(self) -> io::Result<PgCluster> {
        for (name, _) in &self.settings {
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
            if !valid {
                return Err(error(
                    io::ErrorKind::InvalidInput,
                    &format!("Tên tham số máy chủ không hợp lệ: {name:?}"),
                    &format!("invalid server setting name: {name:?}"),
                ));
            }
        }
        let bin_dir = locate_bin_dir(
            std::env::var_os(BIN_ENV),
            Path::new("/usr/lib/postgresql"),
            std::env::var_os("PATH"),
        )?;
        // SAFETY: geteuid has no preconditions.
        let run_as = if unsafe { libc::geteuid() } == 0 {
            Some(lookup_user(SUPERUSER)?)
        } else {
            None
        };
        let base = temp_base(run_as.is_some());
        sweep_abandoned(&base);
        let dir = tempfile::Builder::new()
            .prefix(DIR_PREFIX)
            .tempdir_in(&base)?;
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700))?;
        let lock = lock_dir(dir.path())?;
        if let Some(user) = run_as {
            std::os::unix::fs::chown(dir.path(), Some(user.uid), Some(user.gid))?;
        }
        let mut cluster = PgCluster {
            child: None,
            data_dir: dir.path().join("data"),
            log_path: dir.path().join("postgres.log"),
            bin_dir,
            run_as,
            port: 0,
            password: random_password()?,
            dir,
            _lock: lock,
        };
        // On any error below, dropping `cluster` cleans up what was made so far.
        cluster.initdb()?;
        cluster.write_config(&self)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            cluster.port = free_port()?;
            match cluster.spawn_and_wait() {
                Ok(()) => return Ok(cluster),
                // Another process took the port between our probe and the server's bind.
                Err(e) if e.kind() == io::ErrorKind::AddrInUse && attempt < PORT_ATTEMPTS => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// A private PostgreSQL cluster in a temporary directory, served on 127.0.0.1.
///
/// Dropping it stops the server (fast shutdown, then SIGKILL after a few seconds) and
/// removes the directory.
#[derive(Debug)]
pub struct PgCluster {
    child: Option<Child>,
    data_dir: PathBuf,
    log_path: PathBuf,
    bin_dir: PathBuf,
    run_as: Option<RunAs>,
    port: u16,
    password: String,
    // Removed after `Drop::drop` has stopped the server.
    dir: tempfile::TempDir,
    // Held while we own `dir`; see `sweep_abandoned`.
    _lock: File,
}

impl PgCluster {
    /// Starts a cluster with the default settings.
    pub fn start() -> io::Result<PgCluster> {
        Self::builder().start()
    }

    /// A builder for non-default settings.
    pub fn builder() -> PgClusterBuilder {
        PgClusterBuilder {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            settings: Vec::new(),
        }
    }

    /// The TCP port (the same across `restart` and `start_again`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Always `"127.0.0.1"`.
    pub fn host(&self) -> &'static str {
        HOST
    }

    /// The password of the `postgres` superuser (random per cluster).
    pub fn superuser_password(&self) -> &str {
        &self.password
    }

    /// The process id of the running postmaster, if it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The data directory (`PGDATA`).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The server log (stdout and stderr of `postgres`).
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// The directory of the Unix socket (trust authentication for every role).
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The path of a server program, e.g. `bin("pg_dump")`.
    pub fn bin(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }

    /// A `postgresql://user:password@127.0.0.1:PORT/dbname` URL; every part is
    /// percent-encoded.
    pub fn url(&self, user: &str, password: &str, dbname: &str) -> String {
        format!(
            "postgresql://{}:{}@{HOST}:{}/{}",
            percent_encode(user),
            percent_encode(password),
            self.port,
            percent_encode(dbname)
        )
    }

    /// [`url`](Self::url) for the superuser.
    pub fn superuser_url(&self, dbname: &str) -> String {
        self.url(SUPERUSER, &self.password, dbname)
    }

    /// Client settings for a TCP connection (password authentication).
    pub fn config(&self, user: &str, password: &str, dbname: &str) -> postgres::Config {
        let mut config = postgres::Config::new();
        config
            .host(HOST)
            .port(self.port)
            .user(user)
            .password(password)
            .dbname(dbname)
            .connect_timeout(Duration::from_secs(10));
        config
    }

    /// Connects over TCP with a password.
    pub fn connect(
        &self,
        user: &str,
        password: &str,
        dbname: &str,
    ) -> Result<postgres::Client, postgres::Error> {
        self.config(user, password, dbname).connect(postgres::NoTls)
    }

    /// Connects over TCP as the superuser, with its password.
    pub fn connect_superuser(&self, dbname: &str) -> Result<postgres::Client, postgres::Error> {
        self.connect(SUPERUSER, &self.password, dbname)
    }

    /// `CREATE DATABASE` (the name is quoted, so any name works).
    pub fn create_database(&self, name: &str) -> io::Result<()> {
        let mut client = self.connect_superuser("postgres").map_err(pg_error)?;
        client
            .batch_execute(&format!("CREATE DATABASE {}", quote_ident(name)))
            .map_err(pg_error)
    }

    /// A command for a server program (`psql`, `pg_dump`, …), run as the user the server
    /// runs as, in the temp dir, with `PGHOST` (the socket dir), `PGPORT`, `PGUSER=postgres`
    /// and `PGDATABASE=postgres` set and every other `PG*` variable removed.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bin(program));
        cmd.current_dir(self.dir.path());
        for (key, _) in std::env::vars_os() {
            if key.as_bytes().starts_with(b"PG") {
                cmd.env_remove(key);
            }
        }
        // HOME too: no ~/.pgpass or ~/.psqlrc of the caller.
        cmd.env("HOME", self.dir.path())
            .env("PGHOST", self.dir.path())
            .env("PGUSER", SUPERUSER)
            .env("PGDATABASE", "postgres");
        if self.port != 0 {
            cmd.env("PGPORT", self.port.to_string());
        }
        if let Some(user) = self.run_as {
            cmd.uid(user.uid).gid(user.gid);
        }
        cmd
    }

    /// Fast shutdown (clients are disconnected), waiting for the server to exit. Does
    /// nothing when the server is not running.
    pub fn stop(&mut self) -> io::Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        let pid = child.id() as i32;
        signal(pid, libc::SIGINT);
        if wait_timeout(&mut child, STOP_TIMEOUT)?.is_none() {
            kill_server(&mut child);
            return Err(error(
                io::ErrorKind::TimedOut,
                &format!(
                    "PostgreSQL không dừng sau {} giây nên đã bị buộc dừng",
                    STOP_TIMEOUT.as_secs()
                ),
                &format!(
                    "PostgreSQL did not stop within {} s and was killed",
                    STOP_TIMEOUT.as_secs()
                ),
            ));
        }
        Ok(())
    }

    /// [`stop`](Self::stop), then start again on the same data directory and port.
    pub fn restart(&mut self) -> io::Result<()> {
        self.stop()?;
        self.start_again()
    }

    /// Simulates a crash: SIGKILL to the postmaster and all its processes at once, waiting
    /// until they are gone. [`start_again`](Self::start_again) then runs crash recovery.
    ///
    /// With the default `synchronous_commit=off`, a commit made in the last fraction of a
    /// second may be lost, exactly as on a real server with that setting. Crash tests that
    /// expect every commit to survive use `SET synchronous_commit = on` in the session or
    /// `.setting("synchronous_commit", "on")` on the builder.
    pub fn kill_hard(&mut self) -> io::Result<()> {
        let mut child = self.child.take().ok_or_else(not_running)?;
        if !kill_server(&mut child) {
            return Err(error(
                io::ErrorKind::TimedOut,
                "Các tiến trình PostgreSQL vẫn còn sau SIGKILL",
                "PostgreSQL processes still exist after SIGKILL",
            ));
        }
        Ok(())
    }

    /// Starts the server again after [`stop`](Self::stop) or [`kill_hard`](Self::kill_hard),
    /// on the same data directory and port.
    pub fn start_again(&mut self) -> io::Result<()> {
        if self.child.is_some() {
            return Err(error(
                io::ErrorKind::InvalidInput,
                "PostgreSQL đang chạy",
                "PostgreSQL is already running",
            ));
        }
        self.spawn_and_wait()
    }

    /// `pg_dump` in custom format (`-Fc`) of `dbname` into the file `path`.
    pub fn dump(&self, dbname: &str, path: impl AsRef<Path>) -> io::Result<()> {
        // We open the file, not the tool: the `postgres` user may not reach `path`.
        let file = File::create(path.as_ref())?;
        let output = self
            .command("pg_dump")
            .arg("--format=custom")
            .arg("--dbname")
            .arg(conninfo_dbname(dbname))
            .stdin(Stdio::null())
            .stdout(file)
            .output()?;
        check_output("pg_dump", &output)
    }

    /// Replaces `dbname` with the contents of a [`dump`](Self::dump): terminates its
    /// connections, drops it if it exists, creates it afresh and runs `pg_restore`.
    pub fn restore(&self, dbname: &str, path: impl AsRef<Path>) -> io::Result<()> {
        // Open first: a missing dump must not cost the existing database.
        let file = File::open(path.as_ref())?;
        let mut client = self.connect_superuser("postgres").map_err(pg_error)?;
        client
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&dbname],
            )
            .map_err(pg_error)?;
        let version: i32 = client
            .query_one("SELECT current_setting('server_version_num')::int", &[])
            .map_err(pg_error)?
            .get(0);
        let force = if version >= 130000 {
            " WITH (FORCE)"
        } else {
            ""
        };
        let name = quote_ident(dbname);
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}{force}"))
            .map_err(pg_error)?;
        client
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
            .map_err(pg_error)?;
        drop(client);
        let output = self
            .command("pg_restore")
            .arg("--exit-on-error")
            .arg("--dbname")
            .arg(conninfo_dbname(dbname))
            .stdin(file)
            .output()?;
        check_output("pg_restore", &output)
    }

    fn initdb(&self) -> io::Result<()> {
        let pwfile = self.dir.path().join("superuser-password");
        {
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&pwfile)?;
            writeln!(f, "{}", self.password)?;
        }
        if let Some(user) = self.run_as {
            std::os::unix::fs::chown(&pwfile, Some(user.uid), Some(user.gid))?;
        }
        let run = |locale: &str| -> io::Result<Output> {
            self.command("initdb")
                .arg("-D")
                .arg(&self.data_dir)
                .args([
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-U",
                    SUPERUSER,
                    "--encoding=UTF8",
                    "--no-sync",
                    locale,
                ])
                .arg(OsString::from_iter([
                    OsStr::new("--pwfile="),
                    pwfile.as_os_str(),
                ]))
                .stdin(Stdio::null())
                .output()
        };
        let mut output = run("--locale=C.UTF-8")?;
        if !output.status.success() {
            // Without a C.UTF-8 locale on the machine: the plain C locale.
            let _ = fs::remove_dir_all(&self.data_dir);
            output = run("--no-locale")?;
        }
        let _ = fs::remove_file(&pwfile);
        check_output("initdb", &output)
    }

    fn write_config(&self, builder: &PgClusterBuilder) -> io::Result<()> {
        let mut conf = String::from("\n# nhiemvu-pgtest: a throw-away test cluster\n");
        let socket_dir = self.dir.path().to_string_lossy().into_owned();
        let mut settings: Vec<(&str, String)> = vec![
            ("listen_addresses", HOST.into()),
            ("unix_socket_directories", socket_dir),
            ("max_connections", builder.max_connections.to_string()),
            // Speed over durability: the data is thrown away.
            ("fsync", "off".into()),
            ("synchronous_commit", "off".into()),
            ("full_page_writes", "off".into()),
            // Keep dynamic shared memory inside the data dir, not in /dev/shm.
            ("dynamic_shared_memory_type", "mmap".into()),
            ("password_encryption", "scram-sha-256".into()),
            // The server's stderr goes to `log_path`.
            ("logging_collector", "off".into()),
            ("log_destination", "stderr".into()),
            ("log_min_messages", "warning".into()),
        ];
        settings.extend(
            builder
                .settings
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone())),
        );
        for (name, value) in settings {
            let value = value.replace('\\', "\\\\").replace('\'', "''");
            let _ = writeln!(conf, "{name} = '{value}'");
        }
        let mut f = OpenOptions::new()
            .append(true)
            .open(self.data_dir.join("postgresql.conf"))?;
        f.write_all(conf.as_bytes())
    }

    fn spawn_and_wait(&mut self) -> io::Result<()> {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)?;
        let log_start = log.metadata()?.len();
        let mut cmd = self.command("postgres");
        cmd.arg("-D")
            .arg(&self.data_dir)
            .arg("-p")
            .arg(self.port.to_string())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        #[cfg(target_os = "linux")]
        {
            // SAFETY: getpid has no preconditions.
            let parent = unsafe { libc::getpid() };
            // SAFETY: the hook only makes async-signal-safe calls (prctl, getppid).
            unsafe {
                cmd.pre_exec(move || {
                    // Set after the uid change (which would clear it): if the test process
                    // dies without dropping us, the server gets a fast shutdown.
                    if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGINT) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                    if libc::getppid() != parent {
                        return Err(io::Error::from_raw_os_error(libc::ESRCH));
                    }
                    Ok(())
                });
            }
        }
        self.child = Some(spawn_from_lasting_thread(cmd)?);
        self.wait_ready(log_start)
    }

    fn wait_ready(&mut self, log_start: u64) -> io::Result<()> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut config = self.config(SUPERUSER, &self.password, "postgres");
        config.connect_timeout(Duration::from_secs(2));
        loop {
            let child = self.child.as_mut().ok_or_else(not_running)?;
            if let Some(status) = child.try_wait()? {
                self.child = None;
                let log = read_log_from(&self.log_path, log_start);
                let kind = if log.contains("could not bind")
                    || log.contains("could not create any TCP/IP sockets")
                    || log.contains("Address already in use")
                {
                    io::ErrorKind::AddrInUse
                } else {
                    io::ErrorKind::Other
                };
                return Err(error(
                    kind,
                    &format!("PostgreSQL đã thoát khi khởi động ({status})"),
                    &format!(
                        "PostgreSQL exited while starting ({status}); server log:\n{}",
                        tail(&log)
                    ),
                ));
            }
            if config.connect(postgres::NoTls).is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                if let Some(mut child) = self.child.take() {
                    kill_server(&mut child);
                }
                let log = read_log_from(&self.log_path, log_start);
                return Err(error(
                    io::ErrorKind::TimedOut,
                    &format!(
                        "PostgreSQL không nhận kết nối sau {} giây",
                        READY_TIMEOUT.as_secs()
                    ),
                    &format!(
                        "PostgreSQL did not accept connections within {} s; server log:\n{}",
                        READY_TIMEOUT.as_secs(),
                        tail(&log)
                    ),
                ));
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id() as i32;
            // Fast shutdown rather than SIGTERM's smart one, which waits for every client
            // (a leaked connection would hold it until the SIGKILL).
            signal(pid, libc::SIGINT);
            if !matches!(wait_timeout(&mut child, DROP_GRACE), Ok(Some(_))) {
                kill_server(&mut child);
            }
        }
        // After a SIGKILL the server could not free its System V segment.
        #[cfg(target_os = "linux")]
        remove_stale_shmem(&self.data_dir);
        // `self.dir` (a TempDir) removes the directory when dropped, right after this.
    }
}

#[derive(Debug, Clone, Copy)]
struct RunAs {
    uid: u32,
    gid: u32,
}

fn error(kind: io::ErrorKind, vi: &str, en: &str) -> io::Error {
    io::Error::new(kind, format!("{vi}. / {en}"))
}

fn pg_error(e: postgres::Error) -> io::Error {
    io::Error::other(e)
}

fn not_running() -> io::Error {
    error(
        io::ErrorKind::NotConnected,
        "PostgreSQL không chạy",
        "PostgreSQL is not running",
    )
}

fn check_output(program: &str, output: &Output) -> io::Result<()> {
    if output.status.success() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stdout));
    Err(error(
        io::ErrorKind::Other,
        &format!("{program} thất bại ({})", output.status),
        &format!("{program} failed ({}):\n{}", output.status, text.trim_end()),
    ))
}

/// Where the server programs are: `env_override`, else the newest `<versions_root>/*/bin`
/// holding `initdb`, else the directory of `initdb` on `path_var`.
fn locate_bin_dir(
    env_override: Option<OsString>,
    versions_root: &Path,
    path_var: Option<OsString>,
) -> io::Result<PathBuf> {
    let has_initdb = |dir: &Path| dir.join("initdb").is_file();
    if let Some(dir) = env_override.filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(dir);
        if has_initdb(&dir) {
            return Ok(dir);
        }
        return Err(error(
            io::ErrorKind::NotFound,
            &format!(
                "{BIN_ENV}={} không chứa initdb. Hãy cài gói `postgresql` của Debian \
                 (apt-get install postgresql) hoặc sửa {BIN_ENV}",
                dir.display()
            ),
            &format!(
                "{BIN_ENV}={} holds no initdb. Install Debian's `postgresql` package \
                 (apt-get install postgresql) or fix {BIN_ENV}",
                dir.display()
            ),
        ));
    }
    let mut versions: Vec<(Vec<u32>, PathBuf)> = fs::read_dir(versions_root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let version = name
                .split('.')
                .map(|part| part.parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()?;
            let bin = entry.path().join("bin");
            has_initdb(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    if let Some(path_var) = path_var {
        if let Some(dir) = std::env::split_paths(&path_var).find(|d| has_initdb(d)) {
            return Ok(dir);
        }
    }
    Err(error(
        io::ErrorKind::NotFound,
        &format!(
            "Không tìm thấy các chương trình máy chủ PostgreSQL (initdb, postgres). Hãy cài \
             gói `postgresql` của Debian (apt-get install postgresql), hoặc đặt {BIN_ENV} là \
             thư mục chứa chúng"
        ),
        &format!(
            "PostgreSQL server programs (initdb, postgres) not found. Install Debian's \
             `postgresql` package (apt-get install postgresql), or set {BIN_ENV} to the \
             directory holding them"
        ),
    ))
}

fn lookup_user(name: &str) -> io::Result<RunAs> {
    let missing = || {
        error(
            io::ErrorKind::NotFound,
            &format!(
                "Đang chạy bằng root nhưng không có người dùng hệ thống `{name}` để chạy \
                 PostgreSQL. Hãy cài gói `postgresql` của Debian (apt-get install postgresql)"
            ),
            &format!(
                "running as root but there is no `{name}` system user to run PostgreSQL as. \
                 Install Debian's `postgresql` package (apt-get install postgresql)"
            ),
        )
    };
    let c_name = CString::new(name).map_err(|_| missing())?;
    let mut buf = vec![0 as libc::c_char; 1 << 14];
    loop {
        // SAFETY: all pointers are valid for the call; `pwd` is plain data.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = unsafe {
            libc::getpwnam_r(
                c_name.as_ptr(),
                &mut pwd,
                buf.as_mut_ptr(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc));
        }
        if result.is_null() {
            return Err(missing());
        }
        return Ok(RunAs {
            uid: pwd.pw_uid,
            gid: pwd.pw_gid,
        });
    }
}

/// The parent of the temp dir: the usual one unless another user could not reach it or its
/// path would make the Unix socket path too long (about 107 bytes), then `/tmp`.
fn temp_base(other_user: bool) -> PathBuf {
    let base = std::env::temp_dir();
    let short = base.as_os_str().len() + "/nhiemvu-pg-XXXXXX/.s.PGSQL.65535.lock".len() < 100;
    let reachable = !other_user
        || base.ancestors().all(|dir| {
            fs::metadata(dir)
                .map(|m| m.permissions().mode() & 0o001 != 0)
                .unwrap_or(false)
        });
    if short && reachable {
        base
    } else {
        PathBuf::from("/tmp")
    }
}

fn random_password() -> io::Result<String> {
    let mut bytes = [0u8; 16];
    File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    }))
}

fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `dbname='…'` for a tool's `--dbname` (a bare name containing `=` would be read as a
/// connection string).
fn conninfo_dbname(name: &str) -> String {
    format!(
        "dbname='{}'",
        name.replace('\\', "\\\\").replace('\'', "\\'")
    )
}

fn signal(pid: i32, sig: libc::c_int) {
    // SAFETY: kill has no memory-safety preconditions; a gone process gives ESRCH.
    unsafe {
        libc::kill(pid, sig);
    }
}

fn wait_timeout(child: &mut Child, timeout: Duration) -> io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// SIGKILLs the postmaster and its children, reaps the postmaster and waits (a few seconds)
/// until the children are gone; returns whether they are. The children are found by
/// parent pid while the postmaster is stopped (so it cannot fork meanwhile): each of them
/// calls `setsid`, so signalling the postmaster's process group would miss them.
fn kill_server(child: &mut Child) -> bool {
    let pid = child.id() as i32;
    signal(pid, libc::SIGSTOP);
    let children = children_of(pid);
    for &c in &children {
        signal(-c, libc::SIGKILL); // its group: anything it ran (it is a group leader)
        signal(c, libc::SIGKILL);
    }
    signal(pid, libc::SIGKILL);
    let _ = child.wait();
    wait_gone(&children, DROP_GRACE)
}

/// The pids whose parent is `pid` (Linux /proc).
fn children_of(pid: i32) -> Vec<i32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let child: i32 = entry.file_name().to_str()?.parse().ok()?;
            let (_, ppid) = proc_state(child)?;
            (ppid == pid).then_some(child)
        })
        .collect()
}

/// State letter and parent pid from /proc/PID/stat: "pid (comm) state ppid …"; comm may
/// hold spaces and parentheses.
fn proc_state(pid: i32) -> Option<(char, i32)> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

/// Waits until none of `pids` is alive; a zombie (left for init to reap) counts as gone.
fn wait_gone(pids: &[i32], timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        let alive = pids.iter().any(
            |&pid| matches!(proc_state(pid), Some((state, _)) if state != 'Z' && state != 'X'),
        );
        if !alive {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(target_os = "linux")]
fn remove_stale_shmem(data_dir: &Path) {
    // Line 7 of postmaster.pid: "<key> <shmid>" of the server's System V segment.
    let Ok(text) = fs::read_to_string(data_dir.join("postmaster.pid")) else {
        return;
    };
    let Some(shmid) = text
        .lines()
        .nth(6)
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|id| id.parse::<libc::c_int>().ok())
    else {
        return;
    };
    // SAFETY: shmctl writes into a properly sized, owned struct.
    unsafe {
        let mut ds: libc::shmid_ds = std::mem::zeroed();
        if libc::shmctl(shmid, libc::IPC_STAT, &mut ds) == 0 && ds.shm_nattch == 0 {
            libc::shmctl(shmid, libc::IPC_RMID, std::ptr::null_mut());
        }
    }
}

/// Takes an exclusive `flock` on `dir/owner.lock`, held until the returned file is closed
/// (also when the process dies). Locked before it gets its name, so no sweep sees it free.
fn lock_dir(dir: &Path) -> io::Result<File> {
    let fresh = dir.join(".owner.lock.new");
    let file = File::create(&fresh)?;
    // SAFETY: flock on an open descriptor.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Err(io::Error::last_os_error());
    }
    fs::rename(&fresh, dir.join(LOCK_FILE))?;
    Ok(file)
}

/// Removes the temp dirs of clusters whose test process died without dropping them (their
/// lock is free) and whose server is gone. Errors are ignored: this is housekeeping.
fn sweep_abandoned(base: &Path) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if !is_dir
            || !entry
                .file_name()
                .as_bytes()
                .starts_with(DIR_PREFIX.as_bytes())
        {
            continue;
        }
        let dir = entry.path();
        // No lock file yet: being created right now (or died before; left alone).
        let Ok(lock) = File::open(dir.join(LOCK_FILE)) else {
            continue;
        };
        // SAFETY: flock on an open descriptor.
        if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            continue; // its owner is alive
        }
        let data_dir = dir.join("data");
        if server_alive(&data_dir) {
            continue;
        }
        #[cfg(target_os = "linux")]
        remove_stale_shmem(&data_dir);
        let _ = fs::remove_dir_all(&dir);
    }
}

/// Whether the postmaster named in `data_dir/postmaster.pid` still runs.
fn server_alive(data_dir: &Path) -> bool {
    let Ok(text) = fs::read_to_string(data_dir.join("postmaster.pid")) else {
        return false;
    };
    let Some(pid) = text
        .lines()
        .next()
        .and_then(|l| l.trim().parse::<i32>().ok())
    else {
        return false;
    };
    matches!(proc_state(pid), Some((state, _)) if state != 'Z' && state != 'X')
}

/// Spawns from one thread that lives as long as the process: `PR_SET_PDEATHSIG` fires
/// when the spawning *thread* ends, and test threads end after each test.
fn spawn_from_lasting_thread(cmd: Command) -> io::Result<Child> {
    type Job = (Command, mpsc::Sender<io::Result<Child>>);
    static SPAWNER: OnceLock<io::Result<mpsc::Sender<Job>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("nhiemvu-pgtest-spawner".into())
            .spawn(move || {
                for (mut cmd, reply) in rx {
                    let _ = reply.send(cmd.spawn());
                }
            })
            .map(|_| tx)
    });
    let lost = || io::Error::other("nhiemvu-pgtest: spawner thread unavailable");
    let spawner = spawner.as_ref().map_err(|_| lost())?;
    let (reply_tx, reply_rx) = mpsc::channel();
    spawner.send((cmd, reply_tx)).map_err(|_| lost())?;
    reply_rx.recv().map_err(|_| lost())?
}

fn read_log_from(path: &Path, offset: u64) -> String {
    let mut text = Vec::new();
    if let Ok(mut f) = File::open(path) {
        let _ = f.seek(SeekFrom::Start(offset));
        let _ = f.read_to_end(&mut text);
    }
    String::from_utf8_lossy(&text).into_owned()
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_only_unreserved() {
        assert_eq!(percent_encode("abc-._~XYZ09"), "abc-._~XYZ09");
        assert_eq!(percent_encode("a b@c:d/e%"), "a%20b%40c%3Ad%2Fe%25");
        assert_eq!(percent_encode("mật"), "m%E1%BA%ADt");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote_ident(r#"a"b"#), r#""a""b""#);
        assert_eq!(conninfo_dbname(r"a'b\c"), r"dbname='a\'b\\c'");
    }

    fn touch_initdb(dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        File::create(dir.join("initdb")).unwrap();
    }

    #[test]
    fn picks_the_highest_version_with_initdb() {
        let root = tempfile::tempdir().unwrap();
        touch_initdb(&root.path().join("9.6/bin"));
        touch_initdb(&root.path().join("15/bin"));
        fs::create_dir_all(root.path().join("16/bin")).unwrap(); // no initdb
        fs::create_dir_all(root.path().join("notaversion/bin")).unwrap();
        let found = locate_bin_dir(None, root.path(), None).unwrap();
        assert_eq!(found, root.path().join("15/bin"));
    }

    #[test]
    fn env_override_wins_and_is_checked() {
        let root = tempfile::tempdir().unwrap();
        touch_initdb(&root.path().join("15/bin"));
        let mine = root.path().join("mine");
        touch_initdb(&mine);
        let found = locate_bin_dir(Some(mine.clone().into()), root.path(), None).unwrap();
        assert_eq!(found, mine);
        let err =
            locate_bin_dir(Some(root.path().join("none").into()), root.path(), None).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(err.to_string().contains("postgresql"), "{err}");
    }

    #[test]
    fn falls_back_to_path_then_explains_the_install() {
        let root = tempfile::tempdir().unwrap();
        let on_path = root.path().join("usr/bin");
        touch_initdb(&on_path);
        let path_var = std::env::join_paths([root.path().join("x"), on_path.clone()]).unwrap();
        let found = locate_bin_dir(None, &root.path().join("nothing"), Some(path_var)).unwrap();
        assert_eq!(found, on_path);

        let err = locate_bin_dir(None, &root.path().join("nothing"), None).unwrap_err();
        let message = err.to_string();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(
            message.contains("Hãy cài gói `postgresql` của Debian"),
            "{message}"
        );
        assert!(
            message.contains("Install Debian's `postgresql` package"),
            "{message}"
        );
    }
}
