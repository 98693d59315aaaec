//! The tracking book (Sổ theo dõi hồ sơ, form 06 of Circular 01/2018, 07 of Circular
//! 03/2025): the dossiers an agency's desk received in a period, in the order received.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{on_read, Db, Result};

/// One line of the book.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BookLine {
    pub code: String,
    pub procedure_code: String,
    pub applicant_name: String,
    pub channel: String,
    pub status: String,
    pub received_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    /// When the dossier reached a terminal status (for `returned`: when the result was handed
    /// back).
    pub closed_at: Option<DateTime<Utc>>,
}

/// Dossiers received by `receiving_agency` in `[from, to)`, oldest first (at most 5,000: a
/// book is printed a month at a time).
pub async fn received_between(
    db: &Db,
    receiving_agency: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<BookLine>> {
    let rows: Vec<BookLine> = on_read!(db, pool => sqlx::query_as(
        "SELECT code, procedure_code, applicant_name, channel, status, received_at, due_at, closed_at
         FROM dossiers
         WHERE receiving_agency = $1 AND received_at IS NOT NULL AND received_at >= $2 AND received_at < $3
         ORDER BY received_at, code
         LIMIT 5000"
    ).bind(receiving_agency).bind(from).bind(to).fetch_all(pool).await?);
    Ok(rows)
}
