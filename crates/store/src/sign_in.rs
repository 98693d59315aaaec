//! Failed sign-ins per user name: after [`LockPolicy::max_failures`] failures in a row the
//! name is locked for [`LockPolicy::lock_for`], whether or not the account exists (so the
//! lock does not reveal which names exist).

use chrono::{DateTime, Duration, Utc};

use crate::audit::AuditEntry;
use crate::{audit_insert, in_tx, on_read, Db, Result, StoreError};

/// How many failures lock a name, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct LockPolicy {
    pub max_failures: i64,
    pub lock_for: Duration,
}

impl Default for LockPolicy {
    fn default() -> Self {
        LockPolicy {
            max_failures: 5,
            lock_for: Duration::minutes(15),
        }
    }
}

/// Until when `username` is locked, if it is locked at `now`.
pub async fn locked_until(
    db: &Db,
    username: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let until: Option<Option<DateTime<Utc>>> = on_read!(db, pool => sqlx::query_scalar(
        "SELECT locked_until FROM sign_in_failures WHERE username = $1"
    ).bind(username).fetch_optional(pool).await?);
    Ok(until.flatten().filter(|u| *u > now))
}

/// Counts one failure; returns the lock's end when this failure locked the name.
pub async fn record_failure(
    db: &Db,
    username: &str,
    now: DateTime<Utc>,
    policy: LockPolicy,
) -> Result<Option<DateTime<Utc>>> {
    let lock_at = now + policy.lock_for;
    // A failure after an expired lock starts a new count.
    let failures: i64 = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query_scalar(
        "INSERT INTO sign_in_failures (username, failures, last_failure, locked_until)
         VALUES ($1, 1, $2, NULL)
         ON CONFLICT (username) DO UPDATE SET
           failures = CASE WHEN sign_in_failures.locked_until IS NOT NULL
                             AND sign_in_failures.locked_until <= $2
                           THEN 1 ELSE sign_in_failures.failures + 1 END,
           locked_until = CASE WHEN sign_in_failures.locked_until IS NOT NULL
                                 AND sign_in_failures.locked_until <= $2
                               THEN NULL ELSE sign_in_failures.locked_until END,
           last_failure = $2
         RETURNING failures"
    ).bind(username).bind(now).fetch_one(&mut *tx).await?))?;
    if failures < policy.max_failures {
        return Ok(None);
    }
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "UPDATE sign_in_failures SET locked_until = $2 WHERE username = $1"
    ).bind(username).bind(lock_at).execute(&mut *tx).await?.rows_affected()))?;
    Ok(Some(lock_at))
}

/// Forgets the failures of `username` (after a successful sign-in or an administrator's unlock).
pub async fn clear(db: &Db, username: &str) -> Result<()> {
    clear_audited(db, username, None).await
}

/// [`clear`] with its audit entry (an administrator's unlock) in the same transaction.
pub async fn clear_audited(db: &Db, username: &str, audit: Option<&AuditEntry>) -> Result<()> {
    in_tx!(db, tx => {
        sqlx::query("DELETE FROM sign_in_failures WHERE username = $1")
            .bind(username).execute(&mut *tx).await?;
        audit_insert!(tx, audit);
        Ok::<_, StoreError>(())
    })
}
