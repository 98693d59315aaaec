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
mod tests {
    use super::*;
    use crate::dossier::{Ending, Extension, PauseInterval, Payment, ResultDoc, Returned};
    use chrono::{FixedOffset, TimeZone};

    fn vn(m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2024, m, d, h, mi, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    fn cal() -> &'static WorkingCalendar {
        WorkingCalendar::vietnam().unwrap()
    }

    fn info() -> ProcedureInfo {
        ProcedureInfo {
            field_code: "F".into(),
            unit_code: "U".into(),
        }
    }

    /// Received Mon 4/3/2024 09:00, due Mon 11/3 09:00, processing.
    fn open() -> Dossier {
        Dossier {
            code: "X".into(),
            agency_code: "A".into(),
            procedure_code: "P".into(),
            status: Status::Processing,
            submitted_at: vn(3, 4, 8, 0),
            received_at: Some(vn(3, 4, 9, 0)),
            clock_start: Some(vn(3, 4, 9, 0)),
            due_at: Some(vn(3, 11, 9, 0)),
            original_due_at: Some(vn(3, 11, 9, 0)),
            ..Dossier::default()
        }
    }

    fn finished(at: DateTime<Utc>) -> Dossier {
        Dossier {
            status: Status::ResultReady,
            finished_at: Some(at),
            ..open()
        }
    }

    fn of(d: &Dossier) -> Vec<(NaiveDate, Counter, i64)> {
        facts(d, &info(), cal())
            .map(|f| f.facts.iter().map(|x| (x.day, x.counter, x.n)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn late_day_skips_non_working_time() {
        // Due inside office hours: that very day.
        assert_eq!(late_day(vn(3, 11, 9, 0), cal()), day(3, 11));
        // Due Friday 17:00: nothing left that day, the weekend is off → Monday.
        assert_eq!(late_day(vn(3, 8, 17, 0), cal()), day(3, 11));
        // Due 11:30 before lunch: the afternoon still counts.
        assert_eq!(late_day(vn(3, 8, 11, 30), cal()), day(3, 8));
        // Due the evening before 30/4–1/5 (holidays) … → Thursday 2/5.
        assert_eq!(late_day(vn(4, 29, 17, 0), cal()), day(5, 2));
    }

    #[test]
    fn never_received_has_no_facts() {
        let submitted = Dossier {
            status: Status::Submitted,
            received_at: None,
            ..open()
        };
        assert_eq!(facts(&submitted, &info(), cal()), None);
        let refused = Dossier {
            status: Status::Refused,
            received_at: None,
            ..open()
        };
        assert_eq!(facts(&refused, &info(), cal()), None);
        let withdrawn_early = Dossier {
            status: Status::Withdrawn,
            received_at: None,
            ..open()
        };
        assert_eq!(facts(&withdrawn_early, &info(), cal()), None);
    }

    #[test]
    fn open_dossier_is_received_and_turns_overdue() {
        assert_eq!(
            of(&open()),
            vec![
                (day(3, 4), Counter::Received, 1),
                (day(3, 11), Counter::Overdue, 1),
                (day(3, 11), Counter::OverdueX, 1),
            ]
        );
        let k = facts(&open(), &info(), cal()).unwrap().key;
        assert_eq!(
            (k.field_code.as_str(), k.unit_code.as_str(), k.channel),
            ("F", "U", Channel::Direct)
        );
    }

    #[test]
    fn paused_before_due_is_not_overdue_paused_after_is() {
        let mut d = open();
        d.status = Status::AwaitingSupplement;
        d.pauses = vec![PauseInterval {
            start: vn(3, 5, 9, 0),
            end: None,
            reason: "r".into(),
        }];
        assert_eq!(of(&d), vec![(day(3, 4), Counter::Received, 1)]);
        d.pauses[0].start = vn(3, 12, 9, 0);
        assert!(of(&d).contains(&(day(3, 11), Counter::Overdue, 1)));
    }

    #[test]
    fn finished_early_on_time_late() {
        let early = of(&finished(vn(3, 8, 10, 0)));
        assert!(early.contains(&(day(3, 8), Counter::Resolved, 1)));
        assert!(early.contains(&(day(3, 8), Counter::Early, 1)));
        assert!(early.contains(&(day(3, 8), Counter::EarlyX, 1)));
        // Never overdue: no overdue facts at all.
        assert!(!early.iter().any(|f| f.1 == Counter::Overdue));
        // Four working days and one hour: Mon 9:00 → Fri 10:00 = 4 × 8 h + 1 h.
        assert!(early.contains(&(day(3, 8), Counter::HandlingMinutes, (4 * 8 + 1) * 60)));

        let on_time = of(&finished(vn(3, 11, 8, 30)));
        assert!(on_time.contains(&(day(3, 11), Counter::OnTime, 1)));
        // 17:30 after a 17:00 appointment: no working time past it → on time.
        let mut evening = finished(vn(3, 11, 17, 30));
        evening.due_at = Some(vn(3, 11, 17, 0));
        evening.original_due_at = evening.due_at;
        assert!(of(&evening).contains(&(day(3, 11), Counter::OnTime, 1)));

        let late = of(&finished(vn(3, 13, 10, 0)));
        assert!(late.contains(&(day(3, 13), Counter::Late, 1)));
        // Overdue from the due day until the finish day.
        assert!(late.contains(&(day(3, 11), Counter::Overdue, 1)));
        assert!(late.contains(&(day(3, 13), Counter::Overdue, -1)));
    }

    #[test]
    fn more_than_one_supplement_is_late() {
        let mut d = finished(vn(3, 5, 10, 0));
        d.supplement_requests = 2;
        let f = of(&d);
        assert!(f.contains(&(day(3, 5), Counter::Late, 1)));
        assert!(f.contains(&(day(3, 5), Counter::MultiSupplement, 1)));
        d.supplement_requests = 1;
        assert!(of(&d).contains(&(day(3, 5), Counter::Early, 1)));
    }

    #[test]
    fn extension_counts_against_original_by_default() {
        let mut d = finished(vn(3, 13, 10, 0));
        d.due_at = Some(vn(3, 15, 17, 0));
        d.extensions = vec![Extension {
            reason: "r".into(),
            previous_due: vn(3, 11, 9, 0),
            new_due: vn(3, 15, 17, 0),
            by: "x".into(),
            at: vn(3, 7, 9, 0),
        }];
        let f = of(&d);
        assert!(f.contains(&(day(3, 13), Counter::Late, 1)));
        assert!(f.contains(&(day(3, 13), Counter::EarlyX, 1)));
        assert!(f.contains(&(day(3, 11), Counter::Overdue, 1)));
        assert!(!f.iter().any(|x| x.1 == Counter::OverdueX));
    }

    #[test]
    fn withdrawn_and_stopped_leave_in_progress() {
        for (kind, status, counter) in [
            (EndKind::Withdrawn, Status::Withdrawn, Counter::Withdrawn),
            (EndKind::Stopped, Status::Stopped, Counter::Stopped),
        ] {
            let ending = |at| Ending {
                kind,
                reasons: vec![],
                stage: Status::Processing,
                step: 1,
                by: "x".into(),
                at,
            };
            let before_due = Dossier {
                status,
                closed_at: Some(vn(3, 6, 9, 0)),
                ending: Some(ending(vn(3, 6, 9, 0))),
                ..open()
            };
            assert_eq!(
                of(&before_due),
                vec![(day(3, 4), Counter::Received, 1), (day(3, 6), counter, 1)]
            );
            let after_due = Dossier {
                status,
                closed_at: Some(vn(3, 14, 9, 0)),
                ending: Some(ending(vn(3, 14, 9, 0))),
                ..open()
            };
            let f = of(&after_due);
            assert!(f.contains(&(day(3, 14), counter, 1)));
            assert!(f.contains(&(day(3, 11), Counter::Overdue, 1)));
            assert!(f.contains(&(day(3, 14), Counter::Overdue, -1)));
            assert!(!f.iter().any(|x| x.1 == Counter::Resolved));
        }
    }

    #[test]
    fn on_the_spot_e_result_and_payment() {
        let mut d = finished(vn(3, 4, 15, 0));
        d.status = Status::Returned;
        d.returned = Some(Returned {
            channel: ReturnChannel::Desk,
            received_by: "a".into(),
            by: "b".into(),
            at: vn(3, 4, 16, 0),
        });
        assert!(on_the_spot(&d));
        assert!(!electronic_result(&d));
        let f = of(&d);
        assert!(f.contains(&(day(3, 4), Counter::OnTheSpot, 1)));
        // Returned the next day, or filed online: not on the spot.
        let mut later = d.clone();
        later.returned.as_mut().unwrap().at = vn(3, 5, 8, 0);
        assert!(!on_the_spot(&later));
        let mut online = d.clone();
        online.channel = Channel::Online;
        assert!(!on_the_spot(&online));

        d.result = Some(ResultDoc {
            number: "1".into(),
            signer: "s".into(),
            signed_on: day(3, 4),
            files: vec![crate::dossier::FileRef {
                sha256: "a".into(),
                name: "r.pdf".into(),
                size: 1,
                content_type: None,
                component: None,
            }],
        });
        d.payment = Payment {
            state: PaymentState::Paid,
            method: Some(PaymentMethod::Online),
            ..Payment::default()
        };
        let f = of(&d);
        for c in [Counter::EResult, Counter::Paid, Counter::PaidOnline] {
            assert!(f.contains(&(day(3, 4), c, 1)), "{c:?}");
        }
    }

    #[test]
    fn delta_is_new_minus_old() {
        let a = facts(&open(), &info(), cal());
        let b = facts(&finished(vn(3, 13, 10, 0)), &info(), cal());
        assert!(delta(a.as_ref(), a.as_ref()).is_empty());
        assert!(delta(None, None).is_empty());
        // From nothing: every fact.
        let all = delta(None, a.as_ref());
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].counts[Counter::Received.index()], 1);
        // Open → late: resolved and late added; the overdue span closed on the finish day.
        let d = delta(a.as_ref(), b.as_ref());
        let on = |dd: NaiveDate| d.iter().find(|x| x.day == dd).map(|x| x.counts);
        assert_eq!(on(day(3, 4)), None);
        assert_eq!(on(day(3, 11)), None, "the overdue start is unchanged");
        let c = on(day(3, 13)).unwrap();
        assert_eq!(c[Counter::Resolved.index()], 1);
        assert_eq!(c[Counter::Late.index()], 1);
        assert_eq!(c[Counter::Overdue.index()], -1);
        // Sorted by day; summing the deltas a→b and b→a gives nothing.
        assert!(d.windows(2).all(|w| w[0].day <= w[1].day));
        let back = delta(b.as_ref(), a.as_ref());
        for x in &d {
            let y = back
                .iter()
                .find(|y| y.day == x.day && y.key == x.key)
                .unwrap();
            assert!(x.counts.iter().zip(y.counts).all(|(p, q)| p + q == 0));
        }
        // A key change (transfer to another agency) moves every fact.
        let mut moved = open();
        moved.agency_code = "B".into();
        let m = facts(&moved, &info(), cal());
        assert_eq!(delta(a.as_ref(), m.as_ref()).len(), 4);
    }
}
