//! Report facts: what one dossier contributes to the per-day report counters.
//!
//! [`facts`] is a pure function of a dossier's current state: a list of `(day, counter, ±n)`
//! under one [`FactKey`]. The store keeps the facts of each dossier's last write next to its
//! snapshot and adds [`delta`]`(old, new)` to a per-day aggregate table in the same
//! transaction, so the aggregate is always the sum of the facts of every dossier's current
//! state — exactly what a rebuild from the snapshots gives.
//!
//! With `from`/`to` Vietnam dates and sums over `day ≤ x`:
//! - received in the period = Σ received over `[from, to]`; carried over = Σ(received −
//!   resolved − withdrawn − stopped) over `day < from`;
//! - in progress at `to` = Σ(received − resolved − withdrawn − stopped) over `day ≤ to`;
//! - overdue at `to` = Σ overdue over `day ≤ to`: `+1` on the first day the dossier is past
//!   its appointment in working time ([`late_day`]) and `−1` on the day it left "in progress",
//!   if it was overdue by then.
//!
//! Decisions (Circular 01/2020 practice, documented in docs/reports.md):
//! - refused at intake, or withdrawn before reception: never received, no facts;
//! - withdrawn / stopped after reception: they leave "in progress" on their closing day and are
//!   counted in their own columns, not as resolved early / on time / late;
//! - a finished dossier is resolved on the Vietnam date of `finished_at` (status 9, result
//!   ready), classified by its own rule set ([`classify_finished`]: more supplement requests
//!   than the rule allows = late) against the original appointment (`*_x` counters: against
//!   the extended one);
//! - a dossier waiting for a supplement that was asked for before its appointment is not
//!   overdue (the clock stands still); the appointment moves when the supplement arrives.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use motcua_calendar::{Pause, WorkingCalendar, VN_OFFSET};
use serde::{Deserialize, Serialize};

use crate::dossier::{
    classify_finished, vn_date, Channel, ClassifyOptions, Dossier, EndKind, PaymentMethod,
    PaymentState, ReturnChannel, Status, Timeliness,
};
use crate::rules;

/// The counters of the per-day aggregate, in column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counter {
    Received,
    Resolved,
    Early,
    OnTime,
    Late,
    /// Classified against the extended appointment.
    EarlyX,
    OnTimeX,
    LateX,
    Withdrawn,
    Stopped,
    /// ±1 when an unfinished dossier turns overdue / leaves "in progress" while overdue.
    Overdue,
    OverdueX,
    /// Working minutes used from clock start to finish, pauses excluded (resolved dossiers).
    HandlingMinutes,
    /// Resolved with more than one supplement request in handling.
    MultiSupplement,
    /// "4 tại chỗ": see [`on_the_spot`].
    OnTheSpot,
    /// Resolved with an electronic result (result files, or returned online).
    EResult,
    /// Resolved with fees paid.
    Paid,
    PaidOnline,
}

impl Counter {
    pub const ALL: [Counter; 18] = [
        Counter::Received,
        Counter::Resolved,
        Counter::Early,
        Counter::OnTime,
        Counter::Late,
        Counter::EarlyX,
        Counter::OnTimeX,
        Counter::LateX,
        Counter::Withdrawn,
        Counter::Stopped,
        Counter::Overdue,
        Counter::OverdueX,
        Counter::HandlingMinutes,
        Counter::MultiSupplement,
        Counter::OnTheSpot,
        Counter::EResult,
        Counter::Paid,
        Counter::PaidOnline,
    ];
    pub const COUNT: usize = Self::ALL.len();

    /// The aggregate table's column.
    pub fn column(self) -> &'static str {
        match self {
            Counter::Received => "received",
            Counter::Resolved => "resolved",
            Counter::Early => "early",
            Counter::OnTime => "on_time",
            Counter::Late => "late",
            Counter::EarlyX => "early_x",
            Counter::OnTimeX => "on_time_x",
            Counter::LateX => "late_x",
            Counter::Withdrawn => "withdrawn",
            Counter::Stopped => "stopped",
            Counter::Overdue => "overdue",
            Counter::OverdueX => "overdue_x",
            Counter::HandlingMinutes => "handling_minutes",
            Counter::MultiSupplement => "multi_supplement",
            Counter::OnTheSpot => "on_the_spot",
            Counter::EResult => "e_result",
            Counter::Paid => "paid",
            Counter::PaidOnline => "paid_online",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// What a dossier's facts are grouped by (the aggregate's key besides the day).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FactKey {
    pub agency_code: String,
    pub unit_code: String,
    pub field_code: String,
    pub procedure_code: String,
    pub channel: Channel,
}

/// One counter change on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fact {
    pub day: NaiveDate,
    pub counter: Counter,
    pub n: i64,
}

/// Everything one dossier contributes, as kept next to its snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierFacts {
    pub key: FactKey,
    pub facts: Vec<Fact>,
}

/// Counter changes of one aggregate row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactDelta {
    pub day: NaiveDate,
    pub key: FactKey,
    pub counts: [i64; Counter::COUNT],
}

/// What the catalog says about the dossier's procedure version (the dossier does not carry
/// its field and unit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureInfo {
    pub field_code: String,
    pub unit_code: String,
}

fn end_of_day(day: NaiveDate) -> DateTime<chrono::FixedOffset> {
    let next = day.succ_opt().unwrap_or(day);
    next.and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_local_timezone(VN_OFFSET)
        .single()
        .unwrap_or_else(|| Utc::now().with_timezone(&VN_OFFSET))
}

/// The first Vietnam date at whose end a dossier due at `due` is past due in working time:
/// the due date itself if working time remains on it after `due`, else the next working day.
/// Falls back to the due date when the calendar does not cover it.
pub fn late_day(due: DateTime<Utc>, cal: &WorkingCalendar) -> NaiveDate {
    let t = due.with_timezone(&VN_OFFSET);
    let day = t.date_naive();
    match cal.working_time_between(t, end_of_day(day)) {
        Ok(left) if left.as_seconds() > 0 => day,
        Ok(_) => day
            .succ_opt()
            .and_then(|next| cal.next_working_day(next).ok())
            .unwrap_or(day),
        Err(_) => day,
    }
}

/// "4 tại chỗ": received at the desk (in person), result ready and handed over at the desk on
/// the same Vietnam date.
pub fn on_the_spot(d: &Dossier) -> bool {
    let (Some(received), Some(finished), Some(returned)) =
        (d.received_at, d.finished_at, d.returned.as_ref())
    else {
        return false;
    };
    d.channel == Channel::Direct
        && returned.channel == ReturnChannel::Desk
        && vn_date(received) == vn_date(finished)
        && vn_date(finished) == vn_date(returned.at)
}

/// Whether the result is electronic: result files attached, or returned online.
pub fn electronic_result(d: &Dossier) -> bool {
    d.result.as_ref().is_some_and(|r| !r.files.is_empty())
        || d.returned
            .as_ref()
            .is_some_and(|r| r.channel == ReturnChannel::Online)
}

/// Classification of a finished dossier; if the calendar cannot say (dates out of range),
/// by raw instants.
fn classify(d: &Dossier, cal: &WorkingCalendar, against_original: bool) -> Option<Timeliness> {
    let rules = match d.rule_set {
        Some(id) => rules::by_id(id),
        None => rules::for_date(vn_date(d.received_at.unwrap_or(d.submitted_at))),
    };
    let opts = ClassifyOptions {
        against_original,
        ..ClassifyOptions::from_rules(rules)
    };
    match classify_finished(d, cal, &opts) {
        Ok(t) => t,
        Err(_) => {
            let finished = d.finished_at?;
            let due = if against_original {
                d.original_due_at.or(d.due_at)?
            } else {
                d.due_at?
            };
            Some(if finished > due {
                Timeliness::Late
            } else if vn_date(finished) < vn_date(due) {
                Timeliness::Early
            } else {
                Timeliness::OnTime
            })
        }
    }
}

/// Working minutes used between clock start and finish, closed pauses excluded.
fn handling_minutes(d: &Dossier, cal: &WorkingCalendar) -> i64 {
    let (Some(start), Some(end)) = (d.clock_start.or(d.received_at), d.finished_at) else {
        return 0;
    };
    let pauses: Vec<Pause> = d
        .pauses
        .iter()
        .filter_map(|p| {
            p.end.map(|e| Pause {
                start: p.start.with_timezone(&VN_OFFSET),
                end: e.with_timezone(&VN_OFFSET),
            })
        })
        .collect();
    cal.working_time_excluding(
        start.with_timezone(&VN_OFFSET),
        end.with_timezone(&VN_OFFSET),
        &pauses,
    )
    .map(|w| w.as_minutes().max(0))
    .unwrap_or(0)
}

/// The facts of a dossier in its current state. `None` if it was never received.
pub fn facts(d: &Dossier, info: &ProcedureInfo, cal: &WorkingCalendar) -> Option<DossierFacts> {
    let received = d.received_at?;
    if matches!(
        d.status,
        Status::Submitted | Status::IntakeSupplement | Status::Refused
    ) {
        return None;
    }
    let mut out = Vec::new();
    let mut add = |day: NaiveDate, counter: Counter, n: i64| {
        if n != 0 {
            out.push(Fact { day, counter, n });
        }
    };
    add(vn_date(received), Counter::Received, 1);

    let ended_without_result = d.ending.as_ref().filter(|e| {
        matches!(e.kind, EndKind::Withdrawn | EndKind::Stopped) && d.finished_at.is_none()
    });
    // When the dossier left "in progress", if it did.
    let left_at: Option<DateTime<Utc>> = match (d.finished_at, ended_without_result) {
        (Some(f), _) => Some(f),
        (None, Some(e)) => Some(d.closed_at.unwrap_or(e.at)),
        (None, None) => None,
    };

    if let Some(f) = d.finished_at {
        let day = vn_date(f);
        add(day, Counter::Resolved, 1);
        let class = |t: Option<Timeliness>, early, on_time, late| match t {
            Some(Timeliness::Early) => Some(early),
            Some(Timeliness::OnTime) => Some(on_time),
            Some(Timeliness::Late) => Some(late),
            None => None,
        };
        if let Some(c) = class(
            classify(d, cal, true),
            Counter::Early,
            Counter::OnTime,
            Counter::Late,
        ) {
            add(day, c, 1);
        }
        if let Some(c) = class(
            classify(d, cal, false),
            Counter::EarlyX,
            Counter::OnTimeX,
            Counter::LateX,
        ) {
            add(day, c, 1);
        }
        add(day, Counter::HandlingMinutes, handling_minutes(d, cal));
        add(
            day,
            Counter::MultiSupplement,
            i64::from(d.supplement_requests > 1),
        );
        add(day, Counter::OnTheSpot, i64::from(on_the_spot(d)));
        add(day, Counter::EResult, i64::from(electronic_result(d)));
        let paid = d.payment.state == PaymentState::Paid;
        add(day, Counter::Paid, i64::from(paid));
        add(
            day,
            Counter::PaidOnline,
            i64::from(paid && d.payment.method == Some(PaymentMethod::Online)),
        );
    } else if let Some(e) = ended_without_result {
        let day = vn_date(left_at.unwrap_or(e.at));
        let c = match e.kind {
            EndKind::Stopped => Counter::Stopped,
            _ => Counter::Withdrawn,
        };
        add(day, c, 1);
    }

    // Overdue spans, against the original and the extended appointment.
    let open_pause = d.open_pause().map(|p| p.start);
    for (due, counter) in [
        (d.original_due_at.or(d.due_at), Counter::Overdue),
        (d.due_at, Counter::OverdueX),
    ] {
        let Some(due) = due else { continue };
        // Waiting for a supplement asked for before the appointment: not overdue.
        if left_at.is_none() && open_pause.is_some_and(|p| p <= due) {
            continue;
        }
        let late = late_day(due, cal);
        match left_at.map(vn_date) {
            Some(left) if left <= late => {}
            Some(left) => {
                add(late, counter, 1);
                add(left, counter, -1);
            }
            None => add(late, counter, 1),
        }
    }
    out.sort();
    Some(DossierFacts {
        key: FactKey {
            agency_code: d.agency_code.clone(),
            unit_code: info.unit_code.clone(),
            field_code: info.field_code.clone(),
            procedure_code: d.procedure_code.clone(),
            channel: d.channel,
        },
        facts: out,
    })
}

/// The aggregate changes that turn `old` into `new`, one per (day, key) with a non-zero count,
/// sorted by day then key (so concurrent writers lock aggregate rows in one order).
pub fn delta(old: Option<&DossierFacts>, new: Option<&DossierFacts>) -> Vec<FactDelta> {
    use std::collections::BTreeMap;
    let mut rows: BTreeMap<(NaiveDate, &FactKey), [i64; Counter::COUNT]> = BTreeMap::new();
    for (set, sign) in [(old, -1i64), (new, 1i64)] {
        let Some(set) = set else { continue };
        for f in &set.facts {
            rows.entry((f.day, &set.key)).or_insert([0; Counter::COUNT])[f.counter.index()] +=
                sign * f.n;
        }
    }
    rows.into_iter()
        .filter(|(_, c)| c.iter().any(|n| *n != 0))
        .map(|((day, key), counts)| FactDelta {
            day,
            key: key.clone(),
            counts,
        })
        .collect()
}

/// The same changes rolled up per month (`day` = the month's first day), for the monthly
/// aggregate; sorted like [`delta`].
pub fn by_month(deltas: &[FactDelta]) -> Vec<FactDelta> {
    use std::collections::BTreeMap;
    let mut rows: BTreeMap<(NaiveDate, &FactKey), [i64; Counter::COUNT]> = BTreeMap::new();
    for d in deltas {
        let row = rows
            .entry((super::period::month_start(d.day), &d.key))
            .or_insert([0; Counter::COUNT]);
        for (r, n) in row.iter_mut().zip(d.counts) {
            *r += n;
        }
    }
    rows.into_iter()
        .filter(|(_, c)| c.iter().any(|n| *n != 0))
        .map(|((day, key), counts)| FactDelta {
            day,
            key: key.clone(),
            counts,
        })
        .collect()
}

/// A date range of Vietnam dates, both ends included.
pub fn day_bounds(from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - Duration::hours(7);
    let end = to
        .succ_opt()
        .unwrap_or(to)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        - Duration::hours(7);
    (start, end)
}

#[cfg(test)]
mod tests;
