//! Reports (issue 6): the per-day facts kept in step with dossier writes, and the queries of
//! Biểu II.06a / II.07b, the Decision 766 index and the reform report over them.

use chrono::{DateTime, NaiveDate, Utc};

/// The instant a Vietnam date starts (00:00 UTC+7).
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(7)
}

pub mod bench;
pub mod facts;

pub use facts::{rebuild_facts, Rebuilt};
pub mod query;

pub use query::{
    all_dossiers_behind, dossiers_behind, form_06a, form_07b, index_766, reform_figures,
    DossierPage, Scope,
};
