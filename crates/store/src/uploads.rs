//! Uploaded blobs not yet known to be kept (`pending_uploads`, migration 0020), and the two
//! questions the sweep asks before removing one: does a dossier's event log reference it, does a
//! live submission draft? The rule (how long to wait, what to remove) is the caller's.

use chrono::{DateTime, Utc};

use crate::{in_tx, on_read, Db, Result};

/// Records an upload of `sha256` at `at` (a later upload of the same bytes moves it forward).
pub async fn record(db: &Db, sha256: &str, at: DateTime<Utc>) -> Result<()> {
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "INSERT INTO pending_uploads (sha256, uploaded_at) VALUES ($1, $2)
         ON CONFLICT (sha256) DO UPDATE SET uploaded_at = $2
         WHERE pending_uploads.uploaded_at < $2"
    ).bind(sha256).bind(at).execute(&mut *tx).await?.rows_affected()))?;
    Ok(())
}

/// Up to `limit` uploads made before `before`, oldest first.
pub async fn older_than(db: &Db, before: DateTime<Utc>, limit: i64) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT sha256 FROM pending_uploads WHERE uploaded_at < $1
         ORDER BY uploaded_at LIMIT $2"
    ).bind(before).bind(limit).fetch_all(pool).await?);
    Ok(rows.into_iter().map(|(s,)| s).collect())
}

/// Forgets `sha256` if it was still uploaded before `before` (an upload since then keeps it
/// pending).
pub async fn forget(db: &Db, sha256: &str, before: DateTime<Utc>) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "DELETE FROM pending_uploads WHERE sha256 = $1 AND uploaded_at < $2"
    ).bind(sha256).bind(before).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// Whether any dossier event or any unexpired submission draft names `sha256`. (A full scan
/// of the events that carry files; the sweep asks this only for old unclaimed uploads.)
pub async fn referenced(db: &Db, sha256: &str, now: DateTime<Utc>) -> Result<bool> {
    // 64 lowercase hex digits: nothing in it is a LIKE wildcard.
    let pattern = format!("%{sha256}%");
    let (events, drafts): (i64, i64) = on_read!(db, pool => sqlx::query_as(
        "SELECT
            (SELECT COUNT(*) FROM (SELECT 1 FROM dossier_events WHERE data LIKE $1 LIMIT 1) e),
            (SELECT COUNT(*) FROM (SELECT 1 FROM submission_drafts
                                   WHERE data LIKE $1 AND expires_at > $2 LIMIT 1) d)"
    ).bind(&pattern).bind(now).fetch_one(pool).await?);
    Ok(events > 0 || drafts > 0)
}
