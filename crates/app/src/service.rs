//! The service to applicants after and beside their dossiers: satisfaction ratings and
//! feedback and petitions (phản ánh, kiến nghị — PAKN).

use motcua_domain::service::Feedback;
use motcua_store::feedback;

use crate::{App, AppError, Result};

impl App {
    /// PAKN `code` as its sender may follow it: `key` must be the e-mail or phone they gave (or
    /// its last 4 digits). A wrong key and an unknown code answer the same
    /// [`AppError::NotFound`]; wrong keys count against the code as at the dossier lookup.
    pub async fn feedback_status(&self, code: &str, key: &str) -> Result<Feedback> {
        let code = code.trim();
        // Its own key space: a PAKN code never spends a dossier code's tries.
        let guard = format!("pakn:{code}");
        let at = std::time::Instant::now();
        if let Err(retry) = self.lookup_failures.check(&guard, at) {
            return Err(AppError::TooMany {
                retry_after_secs: retry.0.as_secs(),
            });
        }
        match feedback::get_feedback(&self.db, code).await? {
            Some(f) if f.contact_matches(key) => Ok(f),
            _ => {
                self.lookup_failures.fail(&guard, at);
                Err(AppError::NotFound(format!("PAKN {code}")))
            }
        }
    }
}
