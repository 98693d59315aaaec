//! Satisfaction ratings (domain.md §7): one per dossier. When a dossier may be rated is the
//! domain's rule (`motcua_domain::service::may_rate`); this module only reads and writes.

use chrono::{DateTime, Utc};
use motcua_domain::service::{Rating, RatingLevel};

use crate::{in_tx, on_read, Db, StoreError};

/// Why a rating was not stored.
#[derive(Debug, thiserror::Error)]
pub enum RateError {
    #[error(
        "{} / {}",
        "Hồ sơ này đã được đánh giá",
        "this dossier was already rated"
    )]
    AlreadyRated,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for RateError {
    fn from(e: sqlx::Error) -> Self {
        RateError::Store(StoreError::Database(e))
    }
}

type Row = (String, String, String, Option<String>, DateTime<Utc>);

fn decode(row: Row) -> Result<Rating, StoreError> {
    let level = |s: &str| {
        RatingLevel::parse(s).ok_or_else(|| StoreError::Corrupt(format!("rating level «{s}»")))
    };
    Ok(Rating {
        dossier_code: row.0,
        ease: level(&row.1)?,
        overall: level(&row.2)?,
        comment: row.3,
        rated_at: row.4,
    })
}

/// Stores `rating` unless its dossier has one already (one per dossier, race-free: the
/// primary key decides between two at once). Whether the dossier may be rated is the use
/// case's question (`motcua_domain::service::may_rate`), asked before this.
pub async fn rate(db: &Db, rating: Rating) -> Result<Rating, RateError> {
    let r = rating;
    let out: Result<(), RateError> = in_tx!(db, tx => {
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM ratings WHERE dossier_code = $1")
            .bind(&r.dossier_code).fetch_optional(&mut *tx).await?;
        if exists.is_some() {
            return Err(RateError::AlreadyRated);
        }
        sqlx::query("INSERT INTO ratings (dossier_code, ease, overall, comment, rated_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&r.dossier_code).bind(r.ease.as_str()).bind(r.overall.as_str()).bind(&r.comment).bind(r.rated_at)
            .execute(&mut *tx).await?;
        Ok::<_, RateError>(())
    });
    match out {
        Ok(()) => Ok(r),
        // Two ratings racing on PostgreSQL: the loser hits the primary key.
        Err(RateError::Store(e)) => match get_rating(db, &r.dossier_code).await? {
            Some(_) => Err(RateError::AlreadyRated),
            None => Err(RateError::Store(e)),
        },
        Err(e) => Err(e),
    }
}

/// The rating of dossier `code`, if any.
pub async fn get_rating(db: &Db, code: &str) -> Result<Option<Rating>, StoreError> {
    let row: Option<Row> = on_read!(db, pool => sqlx::query_as(
        "SELECT dossier_code, ease, overall, comment, rated_at FROM ratings WHERE dossier_code = $1"
    ).bind(code).fetch_optional(pool).await?);
    row.map(decode).transpose()
}
