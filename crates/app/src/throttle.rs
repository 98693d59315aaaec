//! Wrong second factors per key in a fixed window: the public lookup and `X-Applicant-Id`
//! count wrong identity numbers / phones per dossier code (one count for both doors), PAKN
//! follow-ups per PAKN code, so the last 4 digits of a phone (10,000 possibilities) cannot be
//! guessed by trying them all. Kept in the database (`motcua_store::throttle`): a restart does
//! not give an attacker fresh tries, and two processes on one database share one limit.

use chrono::{DateTime, Duration, Utc};
use motcua_store::throttle;

use crate::{App, AppError, Result};

/// How many wrong keys a window allows, and how long a window is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuardPolicy {
    pub max_failures: i64,
    pub window: Duration,
}

impl GuardPolicy {
    /// The lookup's default: 10 wrong keys per code per hour.
    pub fn for_lookup() -> GuardPolicy {
        GuardPolicy {
            max_failures: 10,
            window: Duration::hours(1),
        }
    }
}

impl App {
    /// [`AppError::TooMany`] while `key` has used up its wrong attempts.
    pub(crate) async fn guard_check(&self, key: &str, now: DateTime<Utc>) -> Result<()> {
        let p = self.guard_policy;
        match throttle::retry_at(&self.db, key, now, p.max_failures, p.window).await? {
            Some(until) => Err(AppError::TooMany {
                retry_after_secs: (until - now).num_seconds().max(1) as u64,
            }),
            None => Ok(()),
        }
    }

    /// Counts one wrong attempt against `key`.
    pub(crate) async fn guard_fail(&self, key: &str, now: DateTime<Utc>) -> Result<()> {
        throttle::record_failure(&self.db, key, now, self.guard_policy.window).await?;
        Ok(())
    }
}
