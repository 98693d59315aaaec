//! The dossiers behind one number of Biểu II.06a (the drill-down): each candidate's stored
//! facts are counted again with the form's own arithmetic, so the list agrees with the
//! aggregate; each row carries what a list shows beside the code.

use motcua_domain::reports::{Against, Cell06a, Counts06a, DossierFacts, Period};
use serde::Serialize;

use super::day::day_start;
use super::query::{next_day, Scope};
use crate::{on_read, Db, StoreError};

/// A page of the dossiers behind one cell of II.06a (narrow `scope` to the row's code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierPage {
    pub total: i64,
    pub codes: Vec<String>,
}

/// One dossier behind a cell: its code and what a list names beside it. The applicant's name
/// is as stored: whoever shows it asks the access rule first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BehindRow {
    pub code: String,
    pub procedure_code: String,
    /// The name of the procedure version the dossier pinned.
    pub procedure_name: String,
    pub agency_code: String,
    /// The unit the pinned procedure belongs to.
    pub unit_code: String,
    pub applicant_name: String,
}

/// The dossiers counted in `cell` of II.06a for `period` over `scope`, by code, paged.
pub async fn dossiers_behind(
    db: &Db,
    period: &Period,
    scope: &Scope,
    cell: Cell06a,
    against: Against,
    limit: u32,
    offset: u32,
) -> Result<DossierPage, StoreError> {
    let codes = all_dossiers_behind(db, period, scope, cell, against).await?;
    let total = codes.len() as i64;
    let page = codes
        .into_iter()
        .skip(offset as usize)
        .take(limit.clamp(1, 1000) as usize)
        .collect();
    Ok(DossierPage { total, codes: page })
}

/// Every code behind `cell` (for exports of the whole list), in code order.
pub async fn all_dossiers_behind(
    db: &Db,
    period: &Period,
    scope: &Scope,
    cell: Cell06a,
    against: Against,
) -> Result<Vec<String>, StoreError> {
    Ok(rows_behind(db, period, scope, cell, against)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect())
}

/// Every dossier behind `cell`, in code order, with its procedure, agency, unit and
/// applicant.
pub async fn rows_behind(
    db: &Db,
    period: &Period,
    scope: &Scope,
    cell: Cell06a,
    against: Against,
) -> Result<Vec<BehindRow>, StoreError> {
    let (filter, args) = scope.clauses(
        3,
        [
            "d.agency_code",
            "p.unit_code",
            "p.field_code",
            "d.procedure_code",
        ],
    );
    // Every cell counts dossiers received by the end of the period and still open at its start.
    let sql = format!(
        "SELECT d.code, d.report_facts, d.procedure_code, p.name, d.agency_code, p.unit_code,
                d.applicant_name
         FROM dossiers d
         JOIN procedures p ON p.id = d.procedure_version_id
         WHERE d.report_facts IS NOT NULL AND d.received_at < $2
           AND (COALESCE(d.finished_at, d.closed_at) IS NULL OR COALESCE(d.finished_at, d.closed_at) >= $1)
           {filter}
         ORDER BY d.code"
    );
    let (start, end) = (day_start(period.from), day_start(next_day(period.to)));
    type Row = (String, String, String, String, String, String, String);
    let rows: Vec<Row> = on_read!(db, pool => {
        let mut q = sqlx::query_as(&sql).bind(start).bind(end);
        for a in &args {
            q = q.bind(a);
        }
        q.fetch_all(pool).await?
    });
    let mut out = Vec::new();
    for (code, facts, procedure_code, procedure_name, agency_code, unit_code, applicant_name) in
        rows
    {
        let f: DossierFacts = serde_json::from_str(&facts)
            .map_err(|e| StoreError::Corrupt(format!("facts of {code}: {e}")))?;
        if Counts06a::of_dossier(&f, period, against).get(cell) > 0 {
            out.push(BehindRow {
                code,
                procedure_code,
                procedure_name,
                agency_code,
                unit_code,
                applicant_name,
            });
        }
    }
    Ok(out)
}
