//! Signed-in sessions (browser cookies, API tokens, machine tokens, and the short step between
//! a right password and its second factor). Only a SHA-256 of the secret token is stored, so a
//! leaked database does not leak usable tokens. The rules (which kind lives how long, idle or
//! not) are the application's; this module keeps the rows.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::AuditEntry;
use crate::{audit_insert, in_tx, on_read, Db, Result, StoreError};

/// What kind of session a row is; its timeouts follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// A browser's cookie.
    Page,
    /// A token from `POST /api/v1/sessions`.
    Api,
    /// A token an administrator issued for a machine client, valid for the days given.
    Machine,
    /// Password right, second factor to come: never a signed-in person.
    Pending,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Page => "page",
            SessionKind::Api => "api",
            SessionKind::Machine => "machine",
            SessionKind::Pending => "pending",
        }
    }

    pub fn parse(s: &str) -> SessionKind {
        match s {
            "api" => SessionKind::Api,
            "machine" => SessionKind::Machine,
            "pending" => SessionKind::Pending,
            _ => SessionKind::Page,
        }
    }
}

/// A session about to be opened.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub kind: SessionKind,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
}

/// A stored session as its owner or an administrator sees it. `id` is the stored hash of the
/// token: it names the session without being usable as one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRow {
    pub id: String,
    pub user_id: i64,
    pub kind: SessionKind,
    pub created_at: DateTime<Utc>,
    /// The last request seen (to the minute); the creation when none came since.
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    token_hash: String,
    user_id: i64,
    kind: String,
    created_at: DateTime<Utc>,
    last_seen_at: Option<DateTime<Utc>>,
    expires_at: DateTime<Utc>,
    user_agent: Option<String>,
    ip: Option<String>,
}

impl From<Row> for SessionRow {
    fn from(r: Row) -> SessionRow {
        SessionRow {
            id: r.token_hash,
            user_id: r.user_id,
            kind: SessionKind::parse(&r.kind),
            last_seen_at: r.last_seen_at.unwrap_or(r.created_at),
            created_at: r.created_at,
            expires_at: r.expires_at,
            user_agent: r.user_agent,
            ip: r.ip,
        }
    }
}

const COLUMNS: &str =
    "token_hash, user_id, kind, created_at, last_seen_at, expires_at, user_agent, ip";

pub async fn open(db: &Db, s: &NewSession<'_>, audit: Option<&AuditEntry>) -> Result<()> {
    in_tx!(db, tx => {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, kind, last_seen_at, user_agent, ip)
             VALUES ($1, $2, $3, $4, $5, $3, $6, $7)",
        )
        .bind(s.token_hash).bind(s.user_id).bind(s.created_at).bind(s.expires_at)
        .bind(s.kind.as_str()).bind(s.user_agent).bind(s.ip)
        .execute(&mut *tx).await?;
        audit_insert!(tx, audit);
        Ok::<_, StoreError>(())
    })
}

/// A page session that expires at `expires_at` (kept for callers that need no more).
pub async fn create(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    let s = NewSession {
        token_hash,
        user_id,
        kind: SessionKind::Page,
        created_at: crate::now(),
        expires_at,
        user_agent: None,
        ip: None,
    };
    open(db, &s, None).await
}

/// The session of `token_hash` if it is unexpired at `now` and its user active; the idle and
/// kind rules are the caller's.
pub async fn get(db: &Db, token_hash: &str, now: DateTime<Utc>) -> Result<Option<SessionRow>> {
    let sql = format!(
        "SELECT {} FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active",
        COLUMNS
            .split(", ")
            .map(|c| format!("s.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let row: Option<Row> = on_read!(db, pool => sqlx::query_as(&sql)
        .bind(token_hash).bind(now).fetch_optional(pool).await?);
    Ok(row.map(SessionRow::from))
}

/// Notes a request on the session (the caller writes at most once a minute).
pub async fn touch(db: &Db, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
    in_tx!(db, tx => Ok::<_, StoreError>(sqlx::query(
        "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1"
    ).bind(token_hash).bind(now).execute(&mut *tx).await?.rows_affected()))?;
    Ok(())
}

/// The active user of an unexpired session (whatever its kind but pending).
pub async fn user(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<crate::users::User>> {
    match get(db, token_hash, now).await? {
        Some(s) if s.kind != SessionKind::Pending => crate::users::get_user(db, s.user_id).await,
        _ => Ok(None),
    }
}

/// The unexpired sessions of a user (pending ones left out), the most recently used first.
pub async fn list(db: &Db, user_id: i64, now: DateTime<Utc>) -> Result<Vec<SessionRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions WHERE user_id = $1 AND expires_at > $2 AND kind <> 'pending'
         ORDER BY COALESCE(last_seen_at, created_at) DESC, token_hash"
    );
    let rows: Vec<Row> = on_read!(db, pool => sqlx::query_as(&sql)
        .bind(user_id).bind(now).fetch_all(pool).await?);
    Ok(rows.into_iter().map(SessionRow::from).collect())
}

/// Ends one session; returns whether it existed.
pub async fn delete(db: &Db, token_hash: &str) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// Ends the session `id` of user `user_id` (and no one else's); returns whether it existed.
pub async fn revoke(db: &Db, user_id: i64, id: &str, audit: Option<&AuditEntry>) -> Result<bool> {
    in_tx!(db, tx => {
        let n = sqlx::query("DELETE FROM sessions WHERE token_hash = $1 AND user_id = $2")
            .bind(id).bind(user_id).execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            audit_insert!(tx, audit);
        }
        Ok::<_, StoreError>(n > 0)
    })
}

/// Ends every session of a user but `keep` (the one in use), if given; returns how many.
pub async fn revoke_all(
    db: &Db,
    user_id: i64,
    keep: Option<&str>,
    audit: Option<&AuditEntry>,
) -> Result<u64> {
    in_tx!(db, tx => {
        let n = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id).bind(keep.unwrap_or("")).execute(&mut *tx).await?.rows_affected();
        audit_insert!(tx, audit);
        Ok::<_, StoreError>(n)
    })
}

/// Ends every session of a user ("sign out everywhere").
pub async fn delete_all(db: &Db, user_id: i64) -> Result<u64> {
    revoke_all(db, user_id, None, None).await
}

/// Removes sessions that ended before `now` (housekeeping; a read never returns them anyway).
pub async fn purge_expired(db: &Db, now: DateTime<Utc>) -> Result<u64> {
    in_tx!(db, tx => Ok::<_, StoreError>(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now).execute(&mut *tx).await?.rows_affected()))
}
