//! Reports (issue 6): the per-day facts kept in step with dossier writes, and the queries of
//! Biểu II.06a / II.07b, the Decision 766 index and the reform report over them.

pub mod behind;
pub mod bench;
mod day;
pub mod facts;

pub use day::day_start;
pub use facts::{rebuild_facts, Rebuilt};
pub mod query;

pub use behind::{all_dossiers_behind, dossiers_behind, rows_behind, BehindRow, DossierPage};
pub use query::{apologies, form_06a, form_07b, index_766, reform_figures, Scope};
