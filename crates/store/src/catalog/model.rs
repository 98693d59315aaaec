//! The catalog's read models, below `catalog.rs` and `catalog/rows.rs`, which both build them.

use chrono::{DateTime, Utc};
use motcua_domain::{Component, Fee, OnlineLevel, Procedure, PublicationStatus, Step, TimeLimit};
use serde::Serialize;

/// A stored procedure version.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredProcedure {
    /// Row id of this version: what dossiers pin.
    pub id: i64,
    pub version: i64,
    pub is_current: bool,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<String>,
    #[serde(flatten)]
    pub procedure: Procedure,
}

/// The list view of a procedure (no components, steps or fees).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureSummary {
    pub code: String,
    pub version: i64,
    pub name: String,
    pub field_code: String,
    pub agency_code: String,
    pub unit_code: String,
    pub statutory_time: TimeLimit,
    pub committed_time: TimeLimit,
    pub online_level: OnlineLevel,
    pub national_portal: bool,
    pub on_the_spot: bool,
    pub status: PublicationStatus,
}

#[derive(Default)]
pub(crate) struct Children {
    pub(crate) fees: Vec<Fee>,
    pub(crate) components: Vec<Component>,
    pub(crate) steps: Vec<Step>,
}
