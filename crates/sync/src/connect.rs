//! Connecting to the office database as the person using this PC. The URL kept in the
//! local settings has no password; the password comes from the OS keychain.

use std::str::FromStr;
use std::time::Duration;

use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use postgres_native_tls::MakeTlsConnector;

use crate::error::{Result, SyncError};

/// Where the office database is and who logs in (no password).
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeDb {
    pub url: String,
}

impl OfficeDb {
    /// Parse and check a `postgresql://user@host:port/db` URL. A password inside the URL
    /// is refused: it would end up in plain text in the settings.
    pub fn parse(url: &str) -> Result<OfficeDb> {
        let (bare, _) = split_root_cert(url);
        let cfg = Config::from_str(&bare).map_err(|e| {
            SyncError::Setup(format!("Địa chỉ cơ sở dữ liệu không hợp lệ: {e}. Ví dụ: postgresql://ten_dang_nhap@may-chu:5432/nhiemvu"))
        })?;
        if cfg.get_password().is_some() {
            return Err(SyncError::Setup(
                "Không ghi mật khẩu trong địa chỉ cơ sở dữ liệu: mật khẩu được nhập riêng và giữ trong kho khóa của hệ điều hành.".into(),
            ));
        }
        if cfg.get_user().is_none() {
            return Err(SyncError::Setup(
                "Địa chỉ cơ sở dữ liệu phải có tên đăng nhập, ví dụ postgresql://ten_dang_nhap@may-chu:5432/nhiemvu".into(),
            ));
        }
        Ok(OfficeDb {
            url: url.to_string(),
        })
    }

    pub fn login(&self) -> String {
        Config::from_str(&split_root_cert(&self.url).0)
            .ok()
            .and_then(|c| c.get_user().map(str::to_string))
            .unwrap_or_default()
    }

    /// The keychain account for this login on this server.
    pub fn keychain_account(&self) -> String {
        let cfg = Config::from_str(&split_root_cert(&self.url).0).ok();
        let host = cfg
            .as_ref()
            .and_then(|c| c.get_hosts().first().cloned())
            .map(|h| match h {
                postgres::config::Host::Tcp(h) => h,
                #[cfg(unix)]
                postgres::config::Host::Unix(p) => p.display().to_string(),
            })
            .unwrap_or_default();
        let port = cfg
            .as_ref()
            .and_then(|c| c.get_ports().first().copied())
            .unwrap_or(5432);
        let db = cfg
            .as_ref()
            .and_then(|c| c.get_dbname().map(str::to_string))
            .unwrap_or_default();
        format!("{}@{host}:{port}/{db}", self.login())
    }
}

/// Open a connection. `password` overrides any in the URL (tests and the admin command
/// pass full URLs). TLS follows the URL's `sslmode` (`prefer` by default, `require` to
/// insist); the server certificate is checked against the system's trusted roots plus the
/// PEM file named by `sslrootcert=` (the office's own CA), which we read ourselves.
pub fn connect(url: &str, password: Option<&str>) -> Result<Client> {
    let (url, root_cert) = split_root_cert(url);
    let mut cfg = Config::from_str(&url)
        .map_err(|e| SyncError::Setup(format!("Địa chỉ cơ sở dữ liệu không hợp lệ: {e}")))?;
    if let Some(p) = password {
        cfg.password(p);
    }
    cfg.connect_timeout(Duration::from_secs(10));
    cfg.keepalives_idle(Duration::from_secs(30));
    cfg.application_name("nhiemvu");
    if cfg.get_ssl_mode() == SslMode::Disable {
        return Ok(cfg.connect(NoTls)?);
    }
    let mut tls = native_tls::TlsConnector::builder();
    if let Some(path) = root_cert {
        let pem = std::fs::read(&path).map_err(|e| {
            SyncError::Setup(format!("Không đọc được tệp chứng thư gốc {path}: {e}"))
        })?;
        let cert = native_tls::Certificate::from_pem(&pem)
            .map_err(|e| SyncError::Setup(format!("Tệp chứng thư gốc {path} không hợp lệ: {e}")))?;
        tls.add_root_certificate(cert);
    }
    let tls = tls
        .build()
        .map_err(|e| SyncError::Setup(format!("Không khởi tạo được TLS: {e}")))?;
    match cfg.connect(MakeTlsConnector::new(tls)) {
        Ok(c) => Ok(c),
        Err(e) => {
            let text = crate::error::short(&e);
            if text.contains("certificate") || text.contains("verify") {
                Err(SyncError::Setup(format!(
                    "Chứng thư TLS của máy chủ không được tin cậy ({text}). Hỏi quản trị viên tệp chứng thư gốc và thêm sslrootcert=đường_dẫn vào địa chỉ."
                )))
            } else {
                Err(e.into())
            }
        }
    }
}

/// Take `sslrootcert=…` out of the URL's query (the driver does not know it).
fn split_root_cert(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut cert = None;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.strip_prefix("sslrootcert=") {
            Some(v) => {
                cert = Some(v.to_string());
                false
            }
            None => true,
        })
        .collect();
    let url = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    (url, cert)
}
