//! Inbox queries over the dossiers' filter columns.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::Status;
use serde::Serialize;

use crate::codec::to_text;
use crate::sql::Where;
use crate::{on_read, Db, StoreError};

/// Which dossiers an inbox shows.
#[derive(Debug, Clone, Default)]
pub struct DossierFilter {
    /// Held by this officer.
    pub owner_user: Option<String>,
    /// In these unit queues (`unit_key`).
    pub owner_units: Vec<String>,
    /// Online submissions waiting for this agency's desk to check them (no owner yet).
    pub intake_agency: Option<String>,
    pub statuses: Vec<Status>,
    pub agency_code: Option<String>,
    pub owner_account: Option<String>,
    /// Folded words matched against code, applicant name and id number.
    pub q: Option<String>,
    /// Only these procedures (e.g. the procedures of one field).
    pub procedure_codes: Vec<String>,
    /// Only dossiers whose appointment is before this instant (overdue at it).
    pub due_before: Option<DateTime<Utc>>,
    /// Dossiers this agency handles or received (`agency_code` or `receiving_agency`).
    pub visible_agency: Option<String>,
    /// Received at or after this instant.
    pub received_from: Option<DateTime<Utc>>,
    /// Received before this instant.
    pub received_before: Option<DateTime<Utc>>,
    /// Appointment at or after this instant.
    pub due_from: Option<DateTime<Utc>>,
    pub limit: u32,
    pub offset: u32,
}

/// A line of an inbox.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DossierLine {
    pub code: String,
    pub procedure_code: String,
    pub applicant_name: String,
    pub status: String,
    pub channel: String,
    pub owner_user: Option<String>,
    pub owner_unit: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub received_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// Dossiers matching `f`, what is due first first (no due date last, then by submission).
pub async fn list(db: &Db, f: &DossierFilter) -> Result<(i64, Vec<DossierLine>), StoreError> {
    let mut w = Where::default();
    let mut owner: Vec<String> = Vec::new();
    if let Some(u) = &f.owner_user {
        owner.push(format!("owner_user = {}", w.arg(u.clone())));
    }
    for unit in &f.owner_units {
        owner.push(format!("owner_unit = {}", w.arg(unit.clone())));
    }
    if let Some(a) = &f.intake_agency {
        let p = w.arg(a.clone());
        owner.push(format!("(status = 'submitted' AND receiving_agency = {p})"));
    }
    if !owner.is_empty() {
        w.raw(format!("({})", owner.join(" OR ")));
    }
    if !f.statuses.is_empty() {
        let alts: Vec<String> = f.statuses.iter().map(|s| w.arg(to_text(s))).collect();
        w.raw(format!("status IN ({})", alts.join(", ")));
    }
    if let Some(a) = &f.agency_code {
        w.push(|p| format!("agency_code = {p}"), a.clone());
    }
    if let Some(a) = &f.owner_account {
        w.push(|p| format!("owner_account = {p}"), a.clone());
    }
    for term in
        f.q.as_deref()
            .map(motcua_domain::text::query_terms)
            .unwrap_or_default()
    {
        w.push(|p| format!("search_text LIKE {p}"), format!("% {term}%"));
    }
    if !f.procedure_codes.is_empty() {
        let alts: Vec<String> = f.procedure_codes.iter().map(|c| w.arg(c.clone())).collect();
        w.raw(format!("procedure_code IN ({})", alts.join(", ")));
    }
    if let Some(a) = &f.visible_agency {
        let p = w.arg(a.clone());
        w.raw(format!("(agency_code = {p} OR receiving_agency = {p})"));
    }
    // The typed (instant) arguments go last, bound after the text ones, in this order.
    let typed: Vec<(&str, DateTime<Utc>)> = [
        ("due_at <", f.due_before),
        ("received_at >=", f.received_from),
        ("received_at <", f.received_before),
        ("due_at >=", f.due_from),
    ]
    .into_iter()
    .filter_map(|(c, t)| Some((c, t?)))
    .collect();
    let first_typed = w.args.len() + 1;
    for (i, (clause, _)) in typed.iter().enumerate() {
        w.raw(format!("{clause} ${}", first_typed + i));
    }
    let where_sql = w.sql();
    let args = w.args;
    let limit = f.limit.clamp(1, 500);
    let count_sql = format!("SELECT COUNT(*) FROM dossiers WHERE {where_sql}");
    let list_sql = format!(
        "SELECT code, procedure_code, applicant_name, status, channel, owner_user, owner_unit,
           submitted_at, received_at, due_at, version
         FROM dossiers WHERE {where_sql}
         ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, submitted_at, code
         LIMIT {limit} OFFSET {}",
        f.offset
    );
    let (total, rows) = on_read!(db, pool => {
        let mut count = sqlx::query_scalar(&count_sql);
        let mut q = sqlx::query_as(&list_sql);
        for a in &args {
            count = count.bind(a);
            q = q.bind(a);
        }
        for (_, t) in &typed {
            count = count.bind(*t);
            q = q.bind(*t);
        }
        (count.fetch_one(pool).await?, q.fetch_all(pool).await?)
    });
    Ok((total, rows))
}
