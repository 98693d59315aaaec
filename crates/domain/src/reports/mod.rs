//! Report arithmetic (issue 6, domain.md §8): pure, no I/O.
//!
//! - [`facts`]: what one dossier contributes to the per-day counters the store aggregates;
//! - [`period`]: months, quarters, half-years, years, ranges, cut-off days;
//! - [`period_input`]: the period picker as typed, its problems, "as of today";
//! - [`access`]: who may read reports, and over which agency;
//! - [`form06a`]: Biểu II.06a rows from counter sums (and one dossier's share, for drill-down);
//! - [`index766`]: the Decision 766 indicators, scores and group totals;
//! - [`reform`]: the reform report figures and Biểu II.07b.

pub mod access;
pub mod facts;
pub mod form06a;
pub mod index766;
pub mod payments;
pub mod period;
pub mod period_input;
pub mod reform;

pub use access::{may_read_reports, report_agency, ReportAccessError, REPORT_ROLES};
pub use facts::{
    by_month, delta, facts, Counter, DossierFacts, Fact, FactDelta, FactKey, ProcedureInfo,
};
pub use form06a::{Against, Cell06a, Counts06a, Form06a, GroupBy, Row06a, Sums};
pub use index766::{index_766, Group766, Index766, Indicator, Inputs766};
pub use payments::{payment_report, PaymentReport, PaymentRow};
pub use period::{month_start, split_range, CutOff, Period, PeriodError, RangePieces};
pub use period_input::{as_of, PeriodInput, PeriodProblem, PeriodReason};
pub use reform::{
    form_07b, late_procedures, reform_report, Form07b, LateProcedure, ProcedureFacts, RatingCounts,
    ReformInputs, ReformReport, ReformStatement, Row07b,
};
