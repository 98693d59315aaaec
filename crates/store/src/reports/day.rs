//! Vietnam dates as instants, for the report queries' bounds.

use chrono::{DateTime, NaiveDate, Utc};

/// The instant a Vietnam date starts (00:00 UTC+7).
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - chrono::Duration::hours(7)
}
