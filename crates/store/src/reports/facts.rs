//! The per-day report tables as they are (for checks and tests). They are kept in step with
//! every dossier write by `dossiers/facts.rs`; `rebuild_facts` recomputes them.

use motcua_domain::reports::Counter;

pub use crate::dossiers::{rebuild_facts, Rebuilt};
use crate::{Db, StoreError};

/// One row of `report_daily`: day, key and the counters in [`Counter::ALL`] order.
pub type DailyRow = (chrono::NaiveDate, [String; 5], Vec<i64>);

/// Every row of `report_daily` with a non-zero counter, in key order (for checks and tests).
pub async fn daily_rows(db: &Db) -> Result<Vec<DailyRow>, StoreError> {
    rows_of(db, "report_daily").await
}

/// Every row of `report_monthly` with a non-zero counter, in key order.
pub async fn monthly_rows(db: &Db) -> Result<Vec<DailyRow>, StoreError> {
    rows_of(db, "report_monthly").await
}

async fn rows_of(db: &Db, table: &str) -> Result<Vec<DailyRow>, StoreError> {
    use sqlx::Row;
    let cols: Vec<&str> = Counter::ALL.iter().map(|c| c.column()).collect();
    let sql = format!(
        "SELECT day, agency_code, unit_code, field_code, procedure_code, channel, {} FROM {table}
         ORDER BY day, agency_code, unit_code, field_code, procedure_code, channel",
        cols.join(", ")
    );
    let out = crate::on_read!(db, pool => {
        let rows = sqlx::query(&sql).fetch_all(pool).await?;
        let mut out: Vec<DailyRow> = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut counts = Vec::with_capacity(cols.len());
            for i in 0..cols.len() {
                counts.push(r.try_get::<i64, _>(6 + i)?);
            }
            if counts.iter().all(|n| *n == 0) {
                continue;
            }
            let key = [r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?];
            out.push((r.try_get(0)?, key, counts));
        }
        out
    });
    Ok(out)
}
