//! Wrong attempts per key in a fixed window, kept in the database so a restart does not reset
//! them and every process serving one database counts the same attempts (the public lookup's
//! and `X-Applicant-Id`'s second factor, per dossier code).

use chrono::{DateTime, Duration, Utc};

use crate::{in_tx, on_read, Db, Result};

/// When `key` may be tried again, if it has used up `max` failures in its current window.
pub async fn retry_at(
    db: &Db,
    key: &str,
    now: DateTime<Utc>,
    max: i64,
    window: Duration,
) -> Result<Option<DateTime<Utc>>> {
    let row: Option<(i64, DateTime<Utc>)> = on_read!(db, pool => sqlx::query_as(
        "SELECT failures, window_start FROM lookup_failures WHERE guard_key = $1"
    ).bind(key).fetch_optional(pool).await?);
    Ok(row.and_then(|(failures, start)| {
        let end = start + window;
        (failures >= max && now < end).then_some(end)
    }))
}

/// Counts one failure of `key` at `now`; a failure after the window ended starts a new one.
/// Returns the failures in the window so far.
pub async fn record_failure(
    db: &Db,
    key: &str,
    now: DateTime<Utc>,
    window: Duration,
) -> Result<i64> {
    let expired_before = now - window;
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query_scalar(
        "INSERT INTO lookup_failures (guard_key, failures, window_start) VALUES ($1, 1, $2)
         ON CONFLICT (guard_key) DO UPDATE SET
           failures = CASE WHEN lookup_failures.window_start <= $3 THEN 1
                           ELSE lookup_failures.failures + 1 END,
           window_start = CASE WHEN lookup_failures.window_start <= $3 THEN $2
                               ELSE lookup_failures.window_start END
         RETURNING failures"
    ).bind(key).bind(now).bind(expired_before).fetch_one(&mut *tx).await?))
}

/// Forgets windows that ended before `before` (housekeeping; the counts are kept per key).
pub async fn purge(db: &Db, before: DateTime<Utc>) -> Result<u64> {
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "DELETE FROM lookup_failures WHERE window_start < $1"
    ).bind(before).execute(&mut *tx).await?.rows_affected()))
}
