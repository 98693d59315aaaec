//! Operator overrides of the working calendar: a day made working, a day off or a holiday,
//! with who changed it and when. The calendar crate takes them as input.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::{in_tx, on_read, Db, Result};

/// One stored override. `kind` is `working`, `day_off` or `holiday`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct StoredOverride {
    pub day: NaiveDate,
    pub kind: String,
    pub name: String,
    pub changed_by: String,
    pub changed_at: DateTime<Utc>,
}

pub async fn list_overrides(db: &Db) -> Result<Vec<StoredOverride>> {
    let rows = on_read!(db, pool => sqlx::query_as(
        "SELECT day, kind, name, changed_by, changed_at FROM calendar_overrides ORDER BY day"
    ).fetch_all(pool).await?);
    Ok(rows)
}

/// Sets (or replaces) the override of `day`.
pub async fn set_override(
    db: &Db,
    day: NaiveDate,
    kind: &str,
    name: &str,
    actor: &str,
) -> Result<()> {
    set_override_audited(db, day, kind, name, actor, None).await
}

/// [`set_override`] with its audit entry in the same transaction.
pub async fn set_override_audited(
    db: &Db,
    day: NaiveDate,
    kind: &str,
    name: &str,
    actor: &str,
    audit: Option<&crate::audit::AuditEntry>,
) -> Result<()> {
    in_tx!(db, tx => {
        sqlx::query(
            "INSERT INTO calendar_overrides (day, kind, name, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name,
               changed_by = excluded.changed_by, changed_at = excluded.changed_at",
        )
        .bind(day).bind(kind).bind(name).bind(actor).bind(crate::now())
        .execute(&mut *tx).await?;
        crate::audit_insert!(tx, audit);
        Ok::<_, crate::StoreError>(())
    })
}

/// Removes the override of `day`; returns whether there was one.
pub async fn remove_override(db: &Db, day: NaiveDate) -> Result<bool> {
    remove_override_audited(db, day, None).await
}

/// [`remove_override`] with its audit entry (written only if there was one) in the same transaction.
pub async fn remove_override_audited(
    db: &Db,
    day: NaiveDate,
    audit: Option<&crate::audit::AuditEntry>,
) -> Result<bool> {
    in_tx!(db, tx => {
        let n = sqlx::query("DELETE FROM calendar_overrides WHERE day = $1")
            .bind(day).execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            crate::audit_insert!(tx, audit);
        }
        Ok::<_, crate::StoreError>(n > 0)
    })
}
