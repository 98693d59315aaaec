//! Signed-in sessions (API bearer tokens; browser sessions later). Only a SHA-256 of the
//! secret token is stored, so a leaked database does not leak usable tokens.

use chrono::{DateTime, Utc};

use crate::users::User;
use crate::{in_tx, on_read, Db, Result};

pub async fn create(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(token_hash).bind(user_id).bind(crate::now()).bind(expires_at)
    .execute(&mut *tx).await?.rows_affected()))?;
    Ok(())
}

/// The active user of an unexpired session.
pub async fn user(db: &Db, token_hash: &str, now: DateTime<Utc>) -> Result<Option<User>> {
    let id: Option<i64> = on_read!(db, pool => sqlx::query_scalar(
        "SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active"
    ).bind(token_hash).bind(now).fetch_optional(pool).await?);
    match id {
        Some(id) => crate::users::get_user(db, id).await,
        None => Ok(None),
    }
}

/// Ends one session; returns whether it existed.
pub async fn delete(db: &Db, token_hash: &str) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// Ends every session of a user ("sign out everywhere").
pub async fn delete_all(db: &Db, user_id: i64) -> Result<u64> {
    let n = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n)
}
