//! The confidential operations that need the ordinary database too: who the clerk is,
//! the unit directory and the working calendar for secret tasks, the names of the bodies
//! for printed registers. Plain methods, so tests call them without a window.

use chrono::NaiveDate;
use nhiemvu_core::model::Id;
use nhiemvu_core::store::TaskAction;
use nhiemvu_core::timeliness::today_local;
use nhiemvu_report::Period;
use nhiemvu_secret::{Clerk, NewSecretTask, SecretError, SecretStatistics, SecretTaskRow};

use crate::commands::reports::SavedReport;
use crate::confidential::print::{self, SecretPrint};
use crate::Shared;

fn core(e: nhiemvu_core::CoreError) -> SecretError {
    SecretError::Core(e)
}

impl Shared {
    /// The person using this computer, as the log names them.
    pub fn secret_clerk(&self) -> Clerk {
        match self.store().profile() {
            Ok(Some(p)) => Clerk {
                person_id: Some(p.person.id),
                unit_id: Some(p.unit.id),
                name: p.person.full_name,
            },
            _ => Clerk {
                person_id: None,
                unit_id: None,
                name: "Văn thư mật".into(),
            },
        }
    }

    pub fn secret_tasks(
        &self,
        entry_id: Option<Id>,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<SecretTaskRow>, SecretError> {
        let (cal, soon) = {
            let store = self.store();
            (store.calendar().clone(), store.settings().due_soon_days)
        };
        let as_of = as_of.unwrap_or_else(today_local);
        self.confidential
            .with(|s| s.task_rows(entry_id, as_of, &cal, soon))
    }

    pub fn secret_add_task(&self, task: NewSecretTask) -> Result<SecretTaskRow, SecretError> {
        let units = self.store().units().map_err(core)?;
        self.confidential.with(|s| s.add_task(task, &units))
    }

    pub fn secret_task_action(
        &self,
        task_id: Id,
        expected_version: Option<i64>,
        action: TaskAction,
    ) -> Result<SecretTaskRow, SecretError> {
        let (units, cal) = {
            let store = self.store();
            (store.units().map_err(core)?, store.calendar().clone())
        };
        self.confidential
            .with(|s| s.apply_task_action(&cal, task_id, expected_version, action, &units))
    }

    /// Statistics of the secret tasks for a period ("2026-Q1", "2026-6T", "2026", …), as
    /// of `as_of` (by default the period's end, or today while it runs).
    pub fn secret_statistics(
        &self,
        period: &str,
        as_of: Option<NaiveDate>,
    ) -> Result<SecretStatistics, SecretError> {
        let period =
            Period::parse(period).map_err(|e| SecretError::invalid("period", e.to_string()))?;
        let (from, to) = period.dates();
        let as_of = as_of.unwrap_or_else(|| to.min(today_local()));
        let (cal, soon) = {
            let store = self.store();
            (store.calendar().clone(), store.settings().due_soon_days)
        };
        self.confidential
            .with(|s| s.task_statistics(&cal, from, to, as_of, soon))
    }

    /// The PDF of a register or of the statistics (in memory). Printing is noted in the
    /// store's log.
    pub fn secret_pdf(&self, what: &SecretPrint) -> Result<Vec<u8>, SecretError> {
        let bodies = print::Bodies::from_settings(&self.store().settings().clone());
        let stats = match what {
            SecretPrint::Statistics { period, as_of } => {
                Some((self.secret_statistics(period, *as_of)?, period.clone()))
            }
            _ => None,
        };
        self.confidential.with(|s| {
            let pdf = print::render(s, what, &bodies, stats.as_ref())?;
            s.note("print")?;
            Ok(pdf)
        })
    }

    /// Save a register as a PDF in `dir` (the window: Documents/Nhiệm Vụ), when the clerk
    /// allows export.
    pub fn secret_export(
        &self,
        what: &SecretPrint,
        dir: &std::path::Path,
    ) -> Result<SavedReport, SecretError> {
        let allowed = self
            .confidential
            .with(|s| Ok(s.settings()?.export_enabled))?;
        if !allowed {
            return Err(SecretError::Refused(
                "Lưu sổ mật ra tệp đang tắt: chỉ in được. Văn thư mật bật mục «Cho phép lưu ra tệp PDF» trong Cài đặt sổ mật khi được phép; việc bật, tắt và mỗi lần lưu đều được ghi nhật ký.".into(),
            ));
        }
        let pdf = self.secret_pdf(what)?;
        let path = crate::reports::unused_path(dir, &print::file_name(what));
        crate::reports::write_atomically(&path, &pdf)
            .map_err(|e| SecretError::Storage(e.to_string()))?;
        self.confidential.with(|s| s.note("export"))?;
        Ok(SavedReport {
            path: path.display().to_string(),
            bytes: pdf.len() as u64,
        })
    }
}
