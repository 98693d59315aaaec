//! Administration: the catalog (agencies and units, procedures saved as new versions, whole
//! catalog files), for administrators and the system only. Users are in [`crate::users`],
//! settings in [`crate::settings`], calendar overrides in [`crate::calendar`].
//!
//! Every use case checks [`access::require_admin`] itself: the pages' `Admin` extractor only
//! chooses the 403 page, and the CLI (as [`Actor::system`]) goes through the same check.
//!
//! [`Actor::system`]: motcua_domain::dossier::Actor::system

pub mod access;
pub mod catalog;
pub mod procedures;

pub use access::{require_admin, Problem};
pub use catalog::{ImportOutcome, ImportSummary};
pub use procedures::{live_rules, LiveRules, ProcedureEdit, ProcedureSaved, TARGET_CUT};
