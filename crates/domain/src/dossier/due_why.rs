//! "Why is my appointment that date?" for a dossier: the calendar's day-by-day explanation of
//! its committed time counted from reception, with the supplement pauses that stopped the clock,
//! then the apologies (form 04) that set a new date. Pure: the pages and the API render it.

use chrono::{DateTime, Utc};
use motcua_calendar::{DueExplanation, WorkingCalendar};

use super::clock::{closed_pauses, deadline_rule, for_dossier, to_vn};
use super::{Dossier, DossierError, Extension};
use crate::catalog::Procedure;

/// A dossier's appointment with everything that led to it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppointmentWhy {
    /// The committed time counted from reception, day by day, the closed pauses included. Its
    /// `due` is the appointment before any extension.
    pub counted: DueExplanation,
    /// The clock has stood still since then, waiting for the applicant: the date moves by the
    /// working time it stands when they answer.
    pub paused_since: Option<DateTime<Utc>>,
    /// Each new appointment given with an apology, oldest first; the last one is in force.
    pub extensions: Vec<Extension>,
    /// The appointment in force.
    pub due_at: DateTime<Utc>,
}

/// Why `d`'s appointment is what it is, under the rule set it was received with and the
/// `procedure` version it pinned. `None` before reception.
pub fn explain_appointment(
    d: &Dossier,
    procedure: &Procedure,
    cal: &WorkingCalendar,
) -> Result<Option<AppointmentWhy>, DossierError> {
    let (Some(received), Some(due_at)) = (d.received_at, d.due_at) else {
        return Ok(None);
    };
    let rules = for_dossier(Some(d), received);
    let rule = deadline_rule(procedure, rules);
    let pauses = closed_pauses(d);
    let counted = match cal.explain_due(to_vn(received), &rule, &pauses) {
        Ok(e) => e,
        // The calendar has no pause arithmetic for calendar-day limits (the domain moves such
        // a date by the paused working time): explain the count, the pauses are listed apart.
        Err(_) if !pauses.is_empty() => cal.explain_due(to_vn(received), &rule, &[])?,
        Err(e) => return Err(e.into()),
    };
    Ok(Some(AppointmentWhy {
        counted,
        paused_since: d.open_pause().map(|p| p.start),
        extensions: d.extensions.clone(),
        due_at,
    }))
}
