//! `nhiemvu so-mat kiem-tra`: verify the confidential store's audit chain from the command
//! line (the same check as the window's Nhật ký), pointing at the first broken entry. The
//! key comes from the keychain, or the passphrase (or recovery code) is read without echo
//! from the terminal, or from the first line of standard input with `--stdin`.

use std::io::{BufRead, IsTerminal};

use nhiemvu_secret::{SecretError, SecretStore, Unlock};

use super::{Confidential, SecretUnlock};
use crate::AppError;

fn read_secret(prompt: &str, from_stdin: bool) -> Result<String, AppError> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| AppError::Sync(format!("Không đọc được từ đầu vào chuẩn: {e}")))?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    if !std::io::stdin().is_terminal() {
        return Err(AppError::Sync(
            "Cần nhập mật khẩu sổ mật: chạy lệnh trong cửa sổ dòng lệnh, hoặc dùng --stdin.".into(),
        ));
    }
    rpassword::prompt_password(prompt)
        .map_err(|e| AppError::Sync(format!("Không đọc được mật khẩu: {e}")))
}

/// Opens the store next to the database the way this computer allows, and verifies it.
/// Returns the text to print and whether the log is whole.
pub fn verify(
    c: &Confidential,
    clerk: nhiemvu_secret::Clerk,
    stdin: bool,
) -> Result<(String, bool), AppError> {
    let secret_err = |e: SecretError| AppError::Sync(e.to_string());
    let how = SecretStore::how_to_open(c.path(), c.vault.as_ref())
        .map_err(secret_err)?
        .ok_or_else(|| AppError::Sync(SecretError::NotCreated.to_string()))?;
    let unlock = match how {
        Unlock::Keychain => SecretUnlock::Keychain,
        Unlock::Passphrase => SecretUnlock::Passphrase {
            passphrase: read_secret("Mật khẩu sổ mật: ", stdin)?,
        },
        Unlock::RecoveryCode => SecretUnlock::RecoveryCode {
            code: read_secret("Mã khôi phục: ", stdin)?,
            keep: None,
        },
    };
    c.unlock(clerk, unlock).map_err(secret_err)?;
    let r = c.with(|s| s.verify()).map_err(secret_err)?;
    c.lock();
    Ok(match r.first_broken {
        None => (
            format!(
                "Nhật ký sổ mật toàn vẹn: {} mục, {} dòng sổ khớp với nhật ký. Mã kiểm tra: {}.",
                r.entries,
                r.rows,
                &r.head[..16]
            ),
            true,
        ),
        Some(b) => (
            format!(
                "NHẬT KÝ SỔ MẬT KHÔNG TOÀN VẸN: {}{}{}.",
                b.seq
                    .map(|s| format!("mục nhật ký số {s}: "))
                    .unwrap_or_default(),
                b.entity_id
                    .map(|id| format!("{} {id}: ", b.entity.unwrap_or_default()))
                    .unwrap_or_default(),
                b.reason
            ),
            false,
        ),
    })
}
