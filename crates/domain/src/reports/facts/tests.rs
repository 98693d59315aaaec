//! Tests of `facts`.

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
            upload_ticket: None,
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
