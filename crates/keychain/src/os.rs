use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::Duration;

use crate::{Keychain, KeychainError};

/// How long one OS keychain call may take before it counts as [`KeychainError::Unavailable`].
/// Generous, because the OS may show an unlock prompt to the user.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// The operating system's keychain, through `keyring::Entry::new(service, account)`.
///
/// Every call runs on one dedicated worker thread shared by the process and is waited
/// for at most [`OsKeychain::timeout`]. The thread is needed because keyring's Linux
/// backend (zbus on tokio) blocks on its own tokio runtime: called directly from a tokio
/// task (a Tauri async command) it would panic or deadlock. The timeout is needed because
/// a D-Bus peer that never answers (or an unlock prompt nobody sees) would block forever.
#[derive(Debug, Clone)]
pub struct OsKeychain {
    service: String,
    timeout: Duration,
}

impl OsKeychain {
    /// Secrets under the given service name; the app uses `"nhiemvu"`.
    pub fn new(service: impl Into<String>) -> Self {
        OsKeychain {
            service: service.into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The same keychain with another time limit per call.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Runs `op` on the worker thread with an entry for `account`.
    fn run<T, F>(&self, account: &str, op: F) -> Result<T, KeychainError>
    where
        T: Send + 'static,
        F: FnOnce(&keyring::Entry) -> Result<T, KeychainError> + Send + 'static,
    {
        let worker = worker()?;
        let service = self.service.clone();
        let account = account.to_owned();
        let abandoned = Arc::new(AtomicBool::new(false));
        let (reply, answer) = mpsc::sync_channel(1);
        let job: Job = {
            let abandoned = abandoned.clone();
            Box::new(move || {
                // The caller already gave up (timed out): do not act on its behalf later.
                if abandoned.load(Ordering::SeqCst) {
                    return;
                }
                let result = panic::catch_unwind(AssertUnwindSafe(|| {
                    let entry = keyring::Entry::new(&service, &account).map_err(map_error)?;
                    op(&entry)
                }))
                .unwrap_or_else(|_| Err(KeychainError::Failed("lỗi nội bộ của kho khóa".into())));
                let _ = reply.send(result);
            })
        };
        worker.send(job).map_err(|_| worker_gone())?;
        match answer.recv_timeout(self.timeout) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => {
                abandoned.store(true, Ordering::SeqCst);
                Err(KeychainError::Unavailable(format!(
                    "kho khóa không trả lời sau {} giây",
                    self.timeout.as_secs_f32()
                )))
            }
            Err(RecvTimeoutError::Disconnected) => Err(worker_gone()),
        }
    }
}

impl Keychain for OsKeychain {
    fn get(&self, account: &str) -> Result<Option<String>, KeychainError> {
        self.run(account, |entry| match entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        })
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        let secret = secret.to_owned();
        self.run(account, move |entry| {
            entry.set_password(&secret).map_err(map_error)
        })
    }

    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        self.run(account, |entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        })
    }
}

/// keyring's errors as ours: no store, or the store's platform failing → Unavailable.
fn map_error(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            KeychainError::Unavailable(e.to_string())
        }
        // Its Display would show nothing secret, but say it plainly.
        keyring::Error::BadEncoding(_) => {
            KeychainError::Failed("mục trong kho khóa không phải văn bản UTF-8".into())
        }
        other => KeychainError::Failed(other.to_string()),
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// The process-wide keychain thread, started on first use.
fn worker() -> Result<&'static Sender<Job>, KeychainError> {
    static WORKER: OnceLock<Result<Sender<Job>, String>> = OnceLock::new();
    WORKER
        .get_or_init(|| {
            let (jobs, queue) = mpsc::channel::<Job>();
            thread::Builder::new()
                .name("nhiemvu-keychain".into())
                .spawn(move || {
                    for job in queue {
                        job();
                    }
                })
                .map(|_| jobs)
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| KeychainError::Failed(format!("không tạo được luồng kho khóa: {e}")))
}

fn worker_gone() -> KeychainError {
    KeychainError::Failed("luồng kho khóa đã dừng".into())
}
