//! Reading the administrators' audit log (the entries are written by each administrative use
//! case, in the transaction of its change): filtered for the page, and whole as CSV.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::Actor;
use motcua_store::audit;

pub use motcua_store::audit::{AuditEntry, AuditFilter, AuditRecord};

use crate::admin::access::require_admin;
use crate::{App, Result};

/// At most this many entries go into one CSV file.
pub const CSV_LIMIT: i64 = 100_000;

/// The CSV of `records`: one line per entry, UTC instants in RFC 3339, before/after as JSON.
pub fn to_csv(records: &[AuditRecord]) -> String {
    let mut out = String::from("id,at,actor,action,target,before,after\r\n");
    for r in records {
        let cells = [
            r.id.to_string(),
            r.at.to_rfc3339(),
            r.actor.clone(),
            r.action.clone(),
            r.target.clone(),
            r.before.clone().unwrap_or_default(),
            r.after.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// RFC 4180 quoting; a cell that a spreadsheet would run as a formula gets a leading quote.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl App {
    /// Audit entries matching `filter`, newest first (`limit` from `offset`).
    pub async fn audit_log(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRecord>> {
        require_admin(actor)?;
        Ok(audit::search(&self.db, filter, limit.clamp(1, CSV_LIMIT), offset).await?)
    }

    /// Every entry matching `filter` (up to [`CSV_LIMIT`]) as CSV.
    pub async fn audit_csv(&self, actor: &Actor, filter: &AuditFilter) -> Result<String> {
        Ok(to_csv(&self.audit_log(actor, filter, CSV_LIMIT, 0).await?))
    }
}

/// The UTC instant a Vietnam-time date starts (for the page's date filters).
pub fn vietnam_day_start(d: chrono::NaiveDate) -> Option<DateTime<Utc>> {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let r = AuditRecord {
            id: 1,
            at: DateTime::from_timestamp(0, 0).unwrap(),
            actor: "admin".into(),
            action: "user.update".into(),
            target: "=HYPERLINK(\"x\")".into(),
            before: Some("{\"a\":1,\"b\":\"x\"}".into()),
            after: None,
        };
        let csv = to_csv(&[r]);
        let line = csv.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "1,1970-01-01T00:00:00+00:00,admin,user.update,\"'=HYPERLINK(\"\"x\"\")\",\"{\"\"a\"\":1,\"\"b\"\":\"\"x\"\"}\","
        );
    }
}
