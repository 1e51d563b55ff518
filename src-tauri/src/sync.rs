//! The office sync in the app: a background thread with its own connection to the local
//! SQLite file runs a sync round when something changed here, when the server sends a
//! nudge (LISTEN/NOTIFY), and every poll interval; the window follows its status through
//! the `sync-status` event. The office database address is kept in the local file, the
//! password only in the OS keychain (or in memory for this session when there is none).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use nhiemvu_core::store::{OutboxState, Store};
use nhiemvu_keychain::{Credentials, Keychain};
use nhiemvu_sync::{OfficeDb, SyncError, SyncSession};

use crate::sync_view::{
    DamagedView, HeldBackView, RejectionView, SyncPhase, SyncProgress, SyncSetup, SyncStatusView,
};

/// Local setting: the office database address (never with a password).
pub const URL_KEY: &str = "office_url";
/// How often to poll when nothing nudges us.
pub const POLL: Duration = Duration::from_secs(30);
const KEYCHAIN_SERVICE: &str = "nhiemvu";
/// How soon the listener tries again without a connection (it is cheap and makes the
/// nudge work soon after the office database is configured).
const LISTEN_RETRY: Duration = Duration::from_secs(5);

type Notify = Box<dyn Fn(&SyncStatusView, bool) + Send + Sync>;

/// Shared between the commands and the worker thread.
pub struct SyncHandle {
    inner: Arc<Inner>,
}

struct Inner {
    db_path: PathBuf,
    credentials: Box<dyn Keychain>,
    fallback_notice: Box<dyn Fn() -> Option<String> + Send + Sync>,
    status: Mutex<SyncStatusView>,
    wake: (Mutex<bool>, Condvar),
    started: AtomicBool,
    stop: AtomicBool,
    /// The listener holds a LISTEN connection (nudges arrive).
    listening: AtomicBool,
    notify: Mutex<Option<Notify>>,
}

impl SyncHandle {
    /// With the OS keychain (falling back to memory for the session when there is none).
    pub fn new(db_path: PathBuf) -> Self {
        let creds = Arc::new(Credentials::os(KEYCHAIN_SERVICE));
        let notice = creds.clone();
        Self::with_keychain(
            db_path,
            Box::new(creds),
            Box::new(move || notice.fallback_notice()),
        )
    }

    /// With any keychain (tests use the in-memory one).
    pub fn with_keychain(
        db_path: PathBuf,
        credentials: Box<dyn Keychain>,
        fallback_notice: Box<dyn Fn() -> Option<String> + Send + Sync>,
    ) -> Self {
        let mut status = SyncStatusView::unavailable();
        status.available = true;
        SyncHandle {
            inner: Arc::new(Inner {
                db_path,
                credentials,
                fallback_notice,
                status: Mutex::new(status),
                wake: (Mutex::new(false), Condvar::new()),
                started: AtomicBool::new(false),
                stop: AtomicBool::new(false),
                listening: AtomicBool::new(false),
                notify: Mutex::new(None),
            }),
        }
    }

    /// Start the worker (once). `notify(status, data_changed)` is called from its thread.
    pub fn start(&self, notify: impl Fn(&SyncStatusView, bool) + Send + Sync + 'static) {
        *self.inner.notify.lock().unwrap() = Some(Box::new(notify));
        if self.inner.started.swap(true, Ordering::SeqCst) {
            return;
        }
        let inner = self.inner.clone();
        std::thread::Builder::new()
            .name("nhiemvu-sync".into())
            .spawn(move || worker(inner))
            .expect("sync thread starts");
        let inner = self.inner.clone();
        std::thread::Builder::new()
            .name("nhiemvu-sync-listen".into())
            .spawn(move || listener(inner))
            .expect("listener thread starts");
    }

    /// Ask for a round now (after a local write, or the user's "Đồng bộ ngay").
    pub fn wake(&self) {
        self.inner.wake_up();
    }

    /// Whether the server's nudges reach this PC right now.
    pub fn is_listening(&self) -> bool {
        self.inner.listening.load(Ordering::SeqCst)
    }

    pub fn shutdown(&self) {
        self.inner.stop.store(true, Ordering::SeqCst);
        self.inner.wake_up();
    }

    /// The status with fresh counts from the local file.
    pub fn status(&self, store: &Store) -> SyncStatusView {
        self.inner.refresh_counts(store);
        self.inner.status.lock().unwrap().clone()
    }

    /// Check the address and password against the server, keep them, start syncing.
    pub fn configure(
        &self,
        store: &mut Store,
        setup: SyncSetup,
    ) -> Result<SyncStatusView, SyncError> {
        let url = setup.url.trim().to_string();
        let db = OfficeDb::parse(&url)?;
        if setup.password.is_empty() {
            return Err(SyncError::Setup("Vui lòng nhập mật khẩu.".into()));
        }
        // Proves the login, the password and the schema before anything is kept.
        let session = SyncSession::open(&url, Some(&setup.password))?;
        if let Some(p) = store.profile()? {
            if !p.demo && p.person.id != session.me().person.id {
                return Err(SyncError::Setup(format!(
                    "Máy này đang dùng hồ sơ của {}, còn tài khoản \"{}\" là của {}. Mỗi máy chỉ đồng bộ cho một người.",
                    p.person.full_name,
                    db.login(),
                    session.me().person.full_name
                )));
            }
        }
        self.inner
            .credentials
            .set(&db.keychain_account(), &setup.password)
            .map_err(|e| SyncError::Setup(e.to_string()))?;
        store.sync_state_set(URL_KEY, &url)?;
        {
            let mut s = self.inner.status.lock().unwrap();
            s.configured = true;
            s.url = Some(url);
            s.login = Some(db.login());
            s.phase = SyncPhase::Idle;
            s.last_error = None;
            s.keychain_notice = (self.inner.fallback_notice)();
        }
        self.inner.wake_up();
        Ok(self.status(store))
    }

    /// Stop syncing: forget the address and the password; the local data stays.
    pub fn disconnect(&self, store: &mut Store) -> Result<SyncStatusView, SyncError> {
        if let Some(url) = store.sync_state_get(URL_KEY)? {
            if let Ok(db) = OfficeDb::parse(&url) {
                let _ = self.inner.credentials.delete(&db.keychain_account());
            }
        }
        store.sync_state_delete(URL_KEY)?;
        {
            let mut s = self.inner.status.lock().unwrap();
            s.configured = false;
            s.url = None;
            s.login = None;
            s.phase = SyncPhase::Off;
            s.last_error = None;
            s.progress = None;
        }
        self.inner.wake_up();
        Ok(self.status(store))
    }

    /// Give a person of the directory their own login (the admin, online).
    pub fn create_login(
        &self,
        store: &Store,
        person_id: nhiemvu_core::model::Id,
        login: &str,
        password: &str,
    ) -> Result<(), SyncError> {
        let Some((url, admin_pw)) = self.inner.login(store).map_err(SyncError::Setup)? else {
            return Err(SyncError::Setup(
                "Máy này chưa kết nối cơ sở dữ liệu của Văn phòng.".into(),
            ));
        };
        let person = store
            .people()?
            .into_iter()
            .find(|p| p.id == person_id)
            .ok_or_else(|| SyncError::Setup("Không tìm thấy cán bộ trong danh bạ.".into()))?;
        let mut client = nhiemvu_sync::connect(&url, Some(&admin_pw))?;
        match nhiemvu_sync::provision::put_person(&mut client, &person, Some(login), Some(password))
        {
            Err(SyncError::Server(m)) if m.contains("permission denied") => Err(SyncError::Setup(
                "Chỉ quản trị viên mới được tạo tài khoản đăng nhập.".into(),
            )),
            other => other,
        }
    }

    pub fn rejections(&self, store: &Store) -> Result<Vec<RejectionView>, SyncError> {
        Ok(store
            .outbox_entries(Some(OutboxState::Rejected), 500)?
            .into_iter()
            .map(|e| RejectionView {
                id: e.id.to_string(),
                name: e.mutation.name().to_string(),
                created_at: e.created_at.to_rfc3339(),
                reason: e.reason.unwrap_or_default(),
                acknowledged: e.acknowledged,
            })
            .collect())
    }
}

impl Inner {
    fn wake_up(&self) {
        let (lock, cv) = &self.wake;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }

    /// Sleep until woken or `timeout`.
    fn wait(&self, timeout: Duration) {
        let (lock, cv) = &self.wake;
        let mut woken = lock.lock().unwrap();
        if !*woken {
            woken = cv.wait_timeout(woken, timeout).unwrap().0;
        }
        *woken = false;
    }

    fn refresh_counts(&self, store: &Store) {
        let counts = store.outbox_counts().unwrap_or_default();
        let url = store.sync_state_get(URL_KEY).ok().flatten();
        let last = store
            .sync_state_get(nhiemvu_sync::pull::KEY_LAST_PULL)
            .ok()
            .flatten();
        let damaged: Vec<DamagedView> = store
            .damaged_records()
            .unwrap_or_default()
            .into_iter()
            .map(|d| DamagedView {
                entity: d.record.entity,
                label: d.record.label,
                reason: d.record.reason,
                first_seen: d.first_seen.to_rfc3339(),
            })
            .collect();
        let mut s = self.status.lock().unwrap();
        s.pending = counts.pending;
        s.rejected = counts.rejected;
        s.damaged = damaged;
        s.configured = url.is_some();
        s.login = url
            .as_deref()
            .and_then(|u| OfficeDb::parse(u).ok())
            .map(|d| d.login());
        s.url = url;
        s.last_sync_at = last;
        if !s.configured {
            s.phase = SyncPhase::Off;
        }
    }

    fn update(&self, f: impl FnOnce(&mut SyncStatusView), data_changed: bool) {
        let snapshot = {
            let mut s = self.status.lock().unwrap();
            f(&mut s);
            s.clone()
        };
        if let Some(n) = self.notify.lock().unwrap().as_ref() {
            n(&snapshot, data_changed);
        }
    }

    /// The address and password, when configured.
    fn login(&self, store: &Store) -> Result<Option<(String, String)>, String> {
        let Some(url) = store.sync_state_get(URL_KEY).map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        let db = OfficeDb::parse(&url).map_err(|e| e.to_string())?;
        match self.credentials.get(&db.keychain_account()) {
            Ok(Some(pw)) => Ok(Some((url, pw))),
            Ok(None) => Err("Chưa có mật khẩu đăng nhập cơ sở dữ liệu của Văn phòng trên máy này (máy không có kho khóa, hoặc mật khẩu đã bị xóa). Vào mục Đồng bộ để nhập lại.".into()),
            Err(e) => Err(e.to_string()),
        }
    }
}

fn worker(inner: Arc<Inner>) {
    let mut store = match Store::open(&inner.db_path) {
        Ok(s) => s,
        Err(e) => {
            inner.update(
                |s| {
                    s.phase = SyncPhase::Error;
                    s.last_error = Some(format!("Không mở được cơ sở dữ liệu trên máy: {e}"));
                },
                false,
            );
            return;
        }
    };
    let mut session: Option<(String, SyncSession)> = None;
    let mut offline_streak = 0u32;
    while !inner.stop.load(Ordering::SeqCst) {
        inner.refresh_counts(&store);
        let wait = match inner.login(&store) {
            Ok(None) => {
                session = None;
                inner.update(|s| s.phase = SyncPhase::Off, false);
                POLL
            }
            Err(why) => {
                session = None;
                inner.update(
                    |s| {
                        s.phase = SyncPhase::Error;
                        s.last_error = Some(why);
                    },
                    false,
                );
                POLL
            }
            Ok(Some((url, password))) => {
                if session.as_ref().is_none_or(|(u, _)| *u != url) {
                    session = None;
                }
                inner.update(|s| s.phase = SyncPhase::Syncing, false);
                let result = (|| {
                    if session.is_none() {
                        session = Some((url.clone(), SyncSession::open(&url, Some(&password))?));
                    }
                    let (_, sess) = session.as_mut().expect("just opened");
                    let notify = inner.clone();
                    let report = sess.round(&mut store, &mut |p| {
                        notify.update(
                            |s| {
                                s.progress = Some(SyncProgress {
                                    done: p.done,
                                    total: p.total,
                                })
                            },
                            false,
                        )
                    })?;
                    let conflicts = sess.open_conflicts().unwrap_or(0);
                    Ok::<_, SyncError>((report, conflicts))
                })();
                inner.refresh_counts(&store);
                match result {
                    Ok((report, conflicts)) => {
                        offline_streak = 0;
                        let changed = report.pushed + report.pulled + report.rejected > 0
                            || report.full_download;
                        inner.update(
                            |s| {
                                s.phase = if report.transient.is_some() {
                                    SyncPhase::Offline
                                } else {
                                    SyncPhase::Idle
                                };
                                s.last_error = report.transient.clone();
                                s.conflicts = conflicts;
                                s.progress = None;
                                s.held_back = report.held_back.as_ref().map(|h| HeldBackView {
                                    since: h.since.to_rfc3339(),
                                    minutes: (h.seconds.max(0) / 60) as u64,
                                    released: h.released,
                                });
                            },
                            changed,
                        );
                        if report.transient.is_some() {
                            Duration::from_secs(5)
                        } else {
                            POLL
                        }
                    }
                    Err(e) if e.is_transient() => {
                        session = None;
                        offline_streak += 1;
                        inner.update(
                            |s| {
                                s.phase = SyncPhase::Offline;
                                s.last_error = Some(e.to_string());
                                s.progress = None;
                            },
                            false,
                        );
                        // Back off while the server is away: 5 s, 10 s, … up to 2 min.
                        Duration::from_secs((5u64 << offline_streak.min(5)).min(120))
                    }
                    Err(e) => {
                        session = None;
                        inner.update(
                            |s| {
                                s.phase = SyncPhase::Error;
                                s.last_error = Some(e.to_string());
                                s.progress = None;
                            },
                            false,
                        );
                        POLL
                    }
                }
            }
        };
        inner.wait(wait);
    }
}

/// LISTEN for the server's nudge on its own connection; a nudge only wakes the worker.
fn listener(inner: Arc<Inner>) {
    while !inner.stop.load(Ordering::SeqCst) {
        let login = Store::open(&inner.db_path)
            .ok()
            .and_then(|s| inner.login(&s).ok().flatten());
        let Some((url, password)) = login else {
            std::thread::sleep(Duration::from_millis(500));
            continue;
        };
        let Ok(mut client) = nhiemvu_sync::connect(&url, Some(&password)) else {
            std::thread::sleep(LISTEN_RETRY);
            continue;
        };
        if client.batch_execute("LISTEN nhiemvu_changes").is_err() {
            std::thread::sleep(LISTEN_RETRY);
            continue;
        }
        inner.listening.store(true, Ordering::SeqCst);
        loop {
            if inner.stop.load(Ordering::SeqCst) {
                return;
            }
            use nhiemvu_sync::postgres::fallible_iterator::FallibleIterator;
            let next = {
                let mut n = client.notifications();
                let mut it = n.timeout_iter(POLL);
                it.next().map(|o| o.is_some())
            };
            match next {
                Ok(true) => inner.wake_up(),
                Ok(false) => {
                    if client.is_closed() {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        inner.listening.store(false, Ordering::SeqCst);
    }
}
