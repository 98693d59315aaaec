//! The citizen portal's server-side state: submissions in progress (drafts) and lookup grants.
//! Both are keyed by the SHA-256 of a random token that only the browser's cookie holds, and
//! both expire. What a draft contains is the web layer's business (JSON text here).

use chrono::{DateTime, Utc};

use crate::{in_tx, on_read, Db, Result};

/// A submission in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub procedure_code: String,
    pub data: String,
    pub expires_at: DateTime<Utc>,
}

/// Starts a draft (or replaces one under the same id).
pub async fn create_draft(
    db: &Db,
    id_hash: &str,
    procedure_code: &str,
    data: &str,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "INSERT INTO submission_drafts (id_hash, procedure_code, data, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id_hash) DO UPDATE SET procedure_code = $2, data = $3, expires_at = $5"
    ).bind(id_hash).bind(procedure_code).bind(data).bind(crate::now()).bind(expires_at)
    .execute(&mut *tx).await?.rows_affected()))?;
    Ok(())
}

/// The unexpired draft under `id_hash`.
pub async fn draft(db: &Db, id_hash: &str, now: DateTime<Utc>) -> Result<Option<Draft>> {
    let row: Option<(String, String, DateTime<Utc>)> = on_read!(db, pool => sqlx::query_as(
        "SELECT procedure_code, data, expires_at FROM submission_drafts
         WHERE id_hash = $1 AND expires_at > $2"
    ).bind(id_hash).bind(now).fetch_optional(pool).await?);
    Ok(row.map(|(procedure_code, data, expires_at)| Draft {
        procedure_code,
        data,
        expires_at,
    }))
}

/// Saves a draft's answers and pushes its expiry back; false when it no longer exists.
pub async fn save_draft(
    db: &Db,
    id_hash: &str,
    data: &str,
    expires_at: DateTime<Utc>,
) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "UPDATE submission_drafts SET data = $2, expires_at = $3 WHERE id_hash = $1"
    ).bind(id_hash).bind(data).bind(expires_at).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

pub async fn delete_draft(db: &Db, id_hash: &str) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "DELETE FROM submission_drafts WHERE id_hash = $1"
    ).bind(id_hash).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// Records that the browser holding the token looked `dossier_code` up (or filed it), until
/// `expires_at`; a repeated grant extends it.
pub async fn grant_lookup(
    db: &Db,
    token_hash: &str,
    dossier_code: &str,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "INSERT INTO lookup_grants (token_hash, dossier_code, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (token_hash, dossier_code) DO UPDATE SET expires_at = $3"
    ).bind(token_hash).bind(dossier_code).bind(expires_at)
    .execute(&mut *tx).await?.rows_affected()))?;
    Ok(())
}

/// Whether an unexpired grant for `dossier_code` is held under the token.
pub async fn lookup_granted(
    db: &Db,
    token_hash: &str,
    dossier_code: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let n: i64 = on_read!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM lookup_grants
         WHERE token_hash = $1 AND dossier_code = $2 AND expires_at > $3"
    ).bind(token_hash).bind(dossier_code).bind(now).fetch_one(pool).await?);
    Ok(n > 0)
}

/// Deletes expired drafts and grants; returns how many rows went.
pub async fn purge_expired(db: &Db, now: DateTime<Utc>) -> Result<u64> {
    let drafts = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "DELETE FROM submission_drafts WHERE expires_at <= $1"
    ).bind(now).execute(&mut *tx).await?.rows_affected()))?;
    let grants = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "DELETE FROM lookup_grants WHERE expires_at <= $1"
    ).bind(now).execute(&mut *tx).await?.rows_affected()))?;
    Ok(drafts + grants)
}
