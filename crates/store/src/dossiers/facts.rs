//! A dossier's report facts in its write: counted from the new state, kept as JSON in
//! `dossiers.report_facts`, and added as `new − old` to `report_daily` and `report_monthly`
//! in the same transaction, so the tables are always the exact sum of every dossier's stored
//! facts, whatever the calendar said when each was written.

use std::sync::LazyLock;

use motcua_domain::dossier::Dossier;
use motcua_domain::reports::{facts, Counter, DossierFacts, FactDelta, FactKey};

use super::types::FactsBasis;
use crate::codec::to_text;
use crate::StoreError;

/// `INSERT … ON CONFLICT DO UPDATE` adding one row of counter changes to `table`
/// (`report_daily` or `report_monthly`): `$1` day, `$2..$6` key, then one parameter per counter
/// in [`Counter::ALL`] order.
fn upsert(table: &str) -> String {
    let cols: Vec<&str> = Counter::ALL.iter().map(|c| c.column()).collect();
    let params: Vec<String> = (0..cols.len()).map(|i| format!("${}", i + 7)).collect();
    let sets: Vec<String> = cols
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table} (day, agency_code, unit_code, field_code, procedure_code, channel, {})
         VALUES ($1, $2, $3, $4, $5, $6, {})
         ON CONFLICT (day, agency_code, unit_code, field_code, procedure_code, channel) DO UPDATE SET {}",
        cols.join(", "),
        params.join(", "),
        sets.join(", ")
    )
}

pub(crate) static UPSERT_DAILY: LazyLock<String> = LazyLock::new(|| upsert("report_daily"));
pub(crate) static UPSERT_MONTHLY: LazyLock<String> = LazyLock::new(|| upsert("report_monthly"));

/// The daily changes and their monthly roll-up, each with its statement, in lock order.
pub(crate) fn statements(
    old: Option<&DossierFacts>,
    new: Option<&DossierFacts>,
) -> Vec<(&'static str, FactDelta)> {
    let daily = motcua_domain::reports::delta(old, new);
    let monthly = motcua_domain::reports::by_month(&daily);
    let d: &'static str = UPSERT_DAILY.as_str();
    let m: &'static str = UPSERT_MONTHLY.as_str();
    daily
        .into_iter()
        .map(|x| (d, x))
        .chain(monthly.into_iter().map(|x| (m, x)))
        .collect()
}

pub(crate) fn encode(f: &Option<DossierFacts>) -> Result<Option<String>, StoreError> {
    f.as_ref()
        .map(|f| serde_json::to_string(f).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}

pub(crate) fn decode(s: Option<&str>) -> Option<DossierFacts> {
    // Unreadable old facts (should not happen) are treated as none; a rebuild repairs.
    s.and_then(|s| serde_json::from_str(s).ok())
}

/// The facts of `d` now, counted on `basis`.
pub(crate) fn of(d: &Dossier, basis: &FactsBasis) -> Option<DossierFacts> {
    facts(d, &basis.procedure, &basis.calendar)
}

pub(crate) fn channel_text(k: &FactKey) -> String {
    to_text(&k.channel)
}
