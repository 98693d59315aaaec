//! The outbox: messages (e-mail, SMS, national-portal sync records) written in the same
//! transaction as the change that caused them, then delivered by a worker that retries until
//! the receiver acknowledges. A message is never lost and, once delivered, never sent again.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::{in_tx, on_read, Db, Result};

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    /// `email`, `sms`, `national_portal` or `log` (no transport configured: logged only).
    pub channel: String,
    pub dossier_code: Option<String>,
    pub recipient: Option<String>,
    pub subject: Option<String>,
    /// Text for people, or the JSON record for the national portal.
    pub body: String,
}

/// A queued message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub channel: String,
    pub dossier_code: Option<String>,
    pub recipient: Option<String>,
    pub subject: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub next_attempt: DateTime<Utc>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, channel, dossier_code, recipient, subject, body, created_at, attempts, \
    next_attempt, last_error, delivered_at";

/// The insert used for each message, by [`push`] and inside dossier transactions.
pub(crate) const INSERT: &str = "INSERT INTO outbox (channel, dossier_code, recipient, subject, body, created_at, attempts, next_attempt)
     VALUES ($1, $2, $3, $4, $5, $6, 0, $6)";

/// Queues `messages` on their own (outside a dossier change).
pub async fn push(db: &Db, messages: &[NewMessage]) -> Result<()> {
    let now = crate::now();
    in_tx!(db, tx => {
        for m in messages {
            sqlx::query(INSERT)
            .bind(&m.channel).bind(&m.dossier_code).bind(&m.recipient).bind(&m.subject).bind(&m.body).bind(now)
            .execute(&mut *tx).await?;
        }
        Ok::<_, crate::StoreError>(())
    })?;
    Ok(())
}

/// Takes up to `limit` undelivered messages that are due, leasing them for `lease` so that
/// concurrent workers (several `serve` instances on PostgreSQL) never take the same one.
pub async fn claim_due(
    db: &Db,
    now: DateTime<Utc>,
    limit: i64,
    lease: Duration,
) -> Result<Vec<Message>> {
    claim_due_on(db, now, limit, lease, None).await
}

/// [`claim_due`] restricted to `channels` (every channel when `None`): a worker leaves alone
/// the channels it has no transport for, so they neither fill its batch nor count attempts.
pub async fn claim_due_on(
    db: &Db,
    now: DateTime<Utc>,
    limit: i64,
    lease: Duration,
    channels: Option<&[&str]>,
) -> Result<Vec<Message>> {
    let until = now + lease;
    // Channel names are bound as $4, $5, …: never spliced into the SQL text.
    let only = match channels {
        Some([]) => return Ok(Vec::new()),
        Some(cs) => {
            let params: Vec<String> = (0..cs.len()).map(|i| format!("${}", i + 4)).collect();
            format!(" AND channel IN ({})", params.join(", "))
        }
        None => String::new(),
    };
    let lock = match db.backend() {
        crate::Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        // One writer at a time on SQLite: the UPDATE below is already exclusive.
        crate::Backend::Sqlite => "",
    };
    let pick = format!(
        "SELECT id FROM outbox WHERE delivered_at IS NULL AND next_attempt <= $1
              AND (locked_until IS NULL OR locked_until <= $1){only}
              ORDER BY next_attempt, id LIMIT $3{lock}"
    );
    let sql =
        format!("UPDATE outbox SET locked_until = $2 WHERE id IN ({pick}) RETURNING {COLUMNS}");
    let rows: Vec<Message> = in_tx!(db, tx => {
        let mut q = sqlx::query_as(&sql).bind(now).bind(until).bind(limit);
        for c in channels.unwrap_or_default() {
            q = q.bind(*c);
        }
        Ok::<_, crate::StoreError>(q.fetch_all(&mut *tx).await?)
    })?;
    let mut rows = rows;
    rows.sort_by_key(|m| (m.next_attempt, m.id));
    Ok(rows)
}

/// Records a delivery.
pub async fn mark_delivered(db: &Db, id: i64, at: DateTime<Utc>) -> Result<()> {
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, locked_until = NULL, last_error = NULL WHERE id = $2"
    ).bind(at).bind(id).execute(&mut *tx).await?.rows_affected()))?;
    Ok(())
}

/// Records a failed attempt; the message is tried again at `next_attempt`.
pub async fn mark_failed(db: &Db, id: i64, error: &str, next_attempt: DateTime<Utc>) -> Result<()> {
    in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt = $2, locked_until = NULL WHERE id = $3"
    ).bind(error).bind(next_attempt).bind(id).execute(&mut *tx).await?.rows_affected()))?;
    Ok(())
}

/// Messages of one dossier (or all when `None`), oldest first.
pub async fn list(db: &Db, dossier_code: Option<&str>, limit: i64) -> Result<Vec<Message>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox WHERE ($1 IS NULL OR dossier_code = $1) ORDER BY id LIMIT $2"
    );
    let rows = on_read!(db, pool => sqlx::query_as(&sql).bind(dossier_code).bind(limit).fetch_all(pool).await?);
    Ok(rows)
}

/// Undelivered messages, the longest-waiting first: what the operators' page lists.
pub async fn undelivered(db: &Db, limit: i64) -> Result<Vec<Message>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, id LIMIT $1"
    );
    let rows = on_read!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await?);
    Ok(rows)
}

/// How many undelivered messages there are, per channel: `(channel, never tried, failed)`.
pub async fn undelivered_counts(db: &Db) -> Result<Vec<(String, i64, i64)>> {
    let rows: Vec<(String, i64, i64)> = on_read!(db, pool => sqlx::query_as(
        "SELECT channel,
                COALESCE(SUM(CASE WHEN attempts = 0 THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0)
         FROM outbox WHERE delivered_at IS NULL GROUP BY channel ORDER BY channel"
    ).fetch_all(pool).await?);
    Ok(rows)
}

/// Makes undelivered message `id` due at `now` (an operator's "try again"); whether there was
/// such a message.
pub async fn retry_now(db: &Db, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "UPDATE outbox SET next_attempt = $1, locked_until = NULL WHERE id = $2 AND delivered_at IS NULL"
    ).bind(now).bind(id).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}
