//! Single-record changes of agencies and units, for the administration pages (an import
//! changes many at once; these keep every other row, and its catalog position, as it is).

use motcua_domain::{Agency, Unit};

use crate::audit::AuditEntry;
use crate::{audit_insert, in_tx, on_read, Db, Result, StoreError};

/// Adds an agency or updates its name, parent and contacts; its units are left as they are
/// (see [`upsert_unit`]). A new agency goes last in catalog order.
pub async fn upsert_agency(db: &Db, a: &Agency) -> Result<()> {
    upsert_agency_audited(db, a, None).await
}

/// [`upsert_agency`] with its audit entry in the same transaction.
pub async fn upsert_agency_audited(db: &Db, a: &Agency, audit: Option<&AuditEntry>) -> Result<()> {
    let next: i64 = on_read!(db, pool => sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM agencies"
    ).fetch_one(pool).await?);
    in_tx!(db, tx => {
        sqlx::query(
            "INSERT INTO agencies (code, name, parent_code, address, phone, email, position, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code,
               address = excluded.address, phone = excluded.phone, email = excluded.email,
               updated_at = excluded.updated_at",
        )
        .bind(&a.code).bind(&a.name).bind(&a.parent_code).bind(&a.address).bind(&a.phone)
        .bind(&a.email).bind(next).bind(crate::now())
        .execute(&mut *tx).await?;
        audit_insert!(tx, audit);
        Ok::<_, StoreError>(())
    })
}

/// Adds a unit to an agency or renames it. Fails with `NotFound` when the agency does not exist.
pub async fn upsert_unit(db: &Db, agency_code: &str, u: &Unit) -> Result<()> {
    upsert_unit_audited(db, agency_code, u, None).await
}

/// [`upsert_unit`] with its audit entry in the same transaction.
pub async fn upsert_unit_audited(
    db: &Db,
    agency_code: &str,
    u: &Unit,
    audit: Option<&AuditEntry>,
) -> Result<()> {
    let (exists, next): (i64, i64) = on_read!(db, pool => sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM agencies WHERE code = $1),
                (SELECT COALESCE(MAX(position), -1) + 1 FROM units WHERE agency_code = $1)"
    ).bind(agency_code).fetch_one(pool).await?);
    if exists == 0 {
        return Err(StoreError::NotFound(format!("agency {agency_code}")));
    }
    in_tx!(db, tx => {
        sqlx::query(
            "INSERT INTO units (agency_code, code, name, position) VALUES ($1, $2, $3, $4)
             ON CONFLICT (agency_code, code) DO UPDATE SET name = excluded.name",
        )
        .bind(agency_code).bind(&u.code).bind(&u.name).bind(next)
        .execute(&mut *tx).await?;
        audit_insert!(tx, audit);
        Ok::<_, StoreError>(())
    })
}
