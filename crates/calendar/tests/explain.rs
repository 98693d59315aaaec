//! "Why this date?" (issue 22 item 1): the explanation agrees with the due instant it explains.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Weekday};
use motcua_calendar::rules::{EntrySource, HolidayGroup};
use motcua_calendar::{
    parse_instant, vn_offset, DayStatus, DeadlineRule, DueExplanation, OffReason, OfficeHours,
    Pause, Period, StartReason, WorkingCalendar, WorkingDuration, SAME_DAY_CUTOFF,
};
use proptest::prelude::*;

fn cal() -> &'static WorkingCalendar {
    WorkingCalendar::vietnam().unwrap()
}

fn t(s: &str) -> DateTime<FixedOffset> {
    parse_instant(s).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn day(e: &DueExplanation, d: NaiveDate) -> &motcua_calendar::ExplainedDay {
    e.days.iter().find(|x| x.date == d).unwrap()
}

fn hours(h: f64) -> WorkingDuration {
    WorkingDuration::from_hours(h).unwrap()
}

/// Any second from 2015 to 2030 (the years with shipped notices and around them).
fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (1_420_045_200i64..1_893_430_800).prop_map(|s| {
        DateTime::from_timestamp(s, 0)
            .unwrap()
            .with_timezone(&vn_offset())
    })
}

/// Durations as procedures state them: half days, or minutes. Zero is left out on purpose:
/// `add_working_with_pauses` with nothing to count still waits out a later pause.
fn duration() -> impl Strategy<Value = WorkingDuration> {
    prop_oneof![
        (1i64..80).prop_map(WorkingDuration::half_days),
        (1i64..20_000).prop_map(WorkingDuration::minutes)
    ]
}

/// Up to three pauses around the reception, possibly overlapping, possibly before it.
fn pauses(t: DateTime<FixedOffset>) -> impl Strategy<Value = Vec<Pause>> {
    prop::collection::vec((-200_000i64..3_000_000, 0i64..1_500_000), 0..4).prop_map(move |v| {
        v.into_iter()
            .map(|(off, len)| {
                let start = t + Duration::seconds(off);
                Pause {
                    start,
                    end: start + Duration::seconds(len),
                }
            })
            .collect()
    })
}

fn case() -> impl Strategy<Value = (DateTime<FixedOffset>, WorkingDuration, bool, Vec<Pause>)> {
    (instant(), duration(), any::<bool>())
        .prop_flat_map(|(t, d, same_day)| (Just(t), Just(d), Just(same_day), pauses(t)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn explanation_adds_up_and_agrees_with_due((t, d, same_day, pauses) in case()) {
        let mut rule = DeadlineRule::working(d);
        if same_day {
            rule = rule.with_same_day_cutoff(SAME_DAY_CUTOFF);
        }
        let e = cal().explain_due(t, &rule, &pauses).unwrap();

        // (a) The counted hours add up exactly to the duration, day by day and span by span.
        prop_assert_eq!(e.counted, d);
        let by_day = e.days.iter().fold(WorkingDuration::ZERO, |a, x| a + x.counted_time);
        prop_assert_eq!(by_day, d);
        for x in &e.days {
            let spans = x.counted.iter().fold(WorkingDuration::ZERO, |a, s| a + s.duration());
            prop_assert_eq!(spans, x.counted_time);
        }

        // (b) The due instant is the one the arithmetic gives.
        let start = cal().counting_start(t, &rule).unwrap();
        prop_assert_eq!(e.due, cal().add_working_with_pauses(start, d, &pauses).unwrap());
        if pauses.is_empty() {
            prop_assert_eq!(e.due, cal().due(t, &rule).unwrap());
        }
        prop_assert_eq!(e.clock_start, cal().next_working_instant(start).unwrap());

        // (c) Every day from reception to due, in order; none counted is off; every day off has
        // a reason that matches the calendar.
        prop_assert_eq!(e.days.first().map(|x| x.date), Some(t.date_naive()));
        prop_assert_eq!(e.days.last().map(|x| x.date), Some(e.due.date_naive()));
        for w in e.days.windows(2) {
            prop_assert_eq!(w[0].date.succ_opt(), Some(w[1].date));
        }
        for x in &e.days {
            let working = cal().is_working_day(x.date).unwrap();
            prop_assert_eq!(x.is_working(), working, "{}", x.date);
            if x.counted_time > WorkingDuration::ZERO {
                prop_assert!(working, "{} counted but off", x.date);
            }
            match &x.status {
                DayStatus::Off(OffReason::Holiday(n) | OffReason::DayOff(n))
                | DayStatus::MakeupWorkday(n) => prop_assert!(!n.name.is_empty()),
                DayStatus::Off(OffReason::WeeklyRest(w)) => {
                    prop_assert!(matches!(w, Weekday::Sat | Weekday::Sun), "{}", x.date)
                }
                DayStatus::Working => {}
            }
            for s in &x.counted {
                prop_assert!(cal().is_working_instant(s.from).unwrap());
                prop_assert!(s.from < s.to && s.from >= start && s.to <= e.due);
                prop_assert!(pauses.iter().all(|p| s.to <= p.start || s.from >= p.end));
            }
        }
        // What the pauses stopped is what the days say they lost (pauses here may overlap, so
        // compare with the days' total only when they do not).
        let paused = e.days.iter().fold(WorkingDuration::ZERO, |a, x| a + x.paused_time);
        let disjoint = pauses.iter().enumerate().all(|(i, p)| {
            pauses[i + 1..].iter().all(|q| p.end <= q.start || q.end <= p.start)
        });
        if disjoint {
            let stopped = e.pauses.iter().fold(WorkingDuration::ZERO, |a, p| a + p.stopped);
            prop_assert_eq!(stopped, paused);
        }
    }
}

#[test]
fn friday_afternoon_counts_twenty_minutes_then_monday() {
    let rule = DeadlineRule::working(WorkingDuration::days(1));
    let e = cal()
        .explain_due(t("2025-06-06T16:40"), &rule, &[])
        .unwrap();
    assert_eq!(e.start_reason, StartReason::InWorkingTime);
    assert_eq!(
        day(&e, date(2025, 6, 6)).counted_time,
        WorkingDuration::minutes(20)
    );
    for d in [date(2025, 6, 7), date(2025, 6, 8)] {
        assert!(matches!(
            day(&e, d).status,
            DayStatus::Off(OffReason::WeeklyRest(_))
        ));
    }
    assert_eq!(e.due.to_rfc3339(), "2025-06-09T16:40:00+07:00");
    let monday = day(&e, date(2025, 6, 9));
    assert_eq!(monday.counted.len(), 2);
    assert_eq!(monday.counted_time, WorkingDuration::minutes(460));
}

#[test]
fn received_after_the_afternoon_counts_from_monday_opening() {
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let day_periods = [
        Period::new(hm(7, 30), hm(11, 30)).unwrap(),
        Period::new(hm(13, 0), hm(16, 30)).unwrap(),
    ];
    let mut hours_ = OfficeHours::default();
    for w in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        hours_ = hours_.with_day(w, &day_periods).unwrap();
    }
    let cal = WorkingCalendar::builder()
        .years(2025, 2025)
        .office_hours(hours_)
        .build()
        .unwrap();
    let rule = DeadlineRule::working(WorkingDuration::hours(2));
    let e = cal.explain_due(t("2025-06-06T16:40"), &rule, &[]).unwrap();
    assert_eq!(e.start_reason, StartReason::AfterOfficeHours);
    assert_eq!(e.clock_start.to_rfc3339(), "2025-06-09T07:30:00+07:00");
    assert_eq!(e.due.to_rfc3339(), "2025-06-09T09:30:00+07:00");
    assert_eq!(
        day(&e, date(2025, 6, 6)).counted_time,
        WorkingDuration::ZERO
    );
}

#[test]
fn victory_and_labour_days_with_the_swapped_day_off() {
    // Tue 29/4/2025 09:00 + 2 working days: 30/4 and 1/5 holidays, Fri 2/5 swapped off (made up
    // on Saturday 26/4), then the weekend.
    let rule = DeadlineRule::working(WorkingDuration::days(2));
    let e = cal()
        .explain_due(t("2025-04-29T09:00"), &rule, &[])
        .unwrap();
    assert_eq!(day(&e, date(2025, 4, 29)).counted_time, hours(6.0));
    for (d, name) in [(30, "30/4"), (1, "1/5")] {
        let m = if d == 30 { 4 } else { 5 };
        match &day(&e, date(2025, m, d)).status {
            DayStatus::Off(OffReason::Holiday(n)) => assert!(n.name.contains(name), "{n:?}"),
            other => panic!("{other:?}"),
        }
    }
    match &day(&e, date(2025, 5, 2)).status {
        DayStatus::Off(OffReason::DayOff(n)) => {
            assert_eq!(n.source, EntrySource::Notice);
            assert_eq!(n.notice.map(|r| r.year), Some(2025));
            assert_eq!(
                n.notice.map(|r| r.group),
                Some(HolidayGroup::VictoryAndLabour)
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(day(&e, date(2025, 5, 5)).counted_time, hours(8.0));
    assert_eq!(day(&e, date(2025, 5, 6)).counted_time, hours(2.0));
    assert_eq!(e.due.to_rfc3339(), "2025-05-06T09:00:00+07:00");
    assert_eq!(e.due, cal().due(e.received, &rule).unwrap());
}

#[test]
fn makeup_saturday_counts_and_says_so() {
    let rule = DeadlineRule::working(WorkingDuration::days(1));
    let e = cal()
        .explain_due(t("2025-04-25T16:00"), &rule, &[])
        .unwrap();
    let sat = day(&e, date(2025, 4, 26));
    match &sat.status {
        DayStatus::MakeupWorkday(n) => {
            assert!(n.name.contains("Làm bù"), "{n:?}");
            assert!(n.notice.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sat.counted_time, hours(7.0));
    assert_eq!(e.due.to_rfc3339(), "2025-04-26T16:00:00+07:00");
}

#[test]
fn tet_days_are_named() {
    let rule = DeadlineRule::working(WorkingDuration::days(1));
    let e = cal()
        .explain_due(t("2025-01-24T10:00"), &rule, &[])
        .unwrap();
    assert_eq!(e.due, cal().due(e.received, &rule).unwrap());
    let tet: Vec<_> = e
        .days
        .iter()
        .filter(|x| match &x.status {
            DayStatus::Off(OffReason::Holiday(n) | OffReason::DayOff(n)) => n.name.contains("Tết"),
            _ => false,
        })
        .collect();
    assert!(tet.len() >= 5, "{:#?}", e.days);
    assert!(tet.iter().any(|x| x.date == date(2025, 1, 29)));
    assert_eq!(e.counted, WorkingDuration::days(1));
}

#[test]
fn a_pause_is_listed_with_the_hours_it_stopped() {
    let rule = DeadlineRule::working(WorkingDuration::days(2));
    let pause = Pause {
        start: t("2025-06-02T13:30"),
        end: t("2025-06-03T07:00"),
    };
    let e = cal()
        .explain_due(t("2025-06-02T09:00"), &rule, &[pause])
        .unwrap();
    assert_eq!(e.pauses.len(), 1);
    assert_eq!(e.pauses[0].stopped, hours(3.5));
    assert_eq!(day(&e, date(2025, 6, 2)).counted_time, hours(2.5));
    assert_eq!(day(&e, date(2025, 6, 2)).paused_time, hours(3.5));
    assert_eq!(e.due.to_rfc3339(), "2025-06-04T14:30:00+07:00");
}

#[test]
fn same_day_cutoff_and_calendar_days() {
    let rule =
        DeadlineRule::working(WorkingDuration::half_days(1)).with_same_day_cutoff(SAME_DAY_CUTOFF);
    let e = cal()
        .explain_due(t("2025-06-02T15:30"), &rule, &[])
        .unwrap();
    assert_eq!(
        e.start_reason,
        StartReason::AfterSameDayCutoff {
            cutoff: SAME_DAY_CUTOFF
        }
    );
    assert_eq!(e.clock_start.to_rfc3339(), "2025-06-03T07:00:00+07:00");
    assert_eq!(e.due.to_rfc3339(), "2025-06-03T11:00:00+07:00");

    // 23/4 + 7 calendar days = 30/4, a holiday: moved past 1/5, 2/5 and the weekend to 5/5.
    let rule = DeadlineRule::calendar_days(7);
    let e = cal()
        .explain_due(t("2025-04-23T10:00"), &rule, &[])
        .unwrap();
    assert_eq!(e.start_reason, StartReason::CalendarDate);
    assert_eq!(e.due, cal().due(e.received, &rule).unwrap());
    assert_eq!(e.due.to_rfc3339(), "2025-05-05T17:00:00+07:00");
    assert_eq!(day(&e, date(2025, 4, 30)).calendar_day, Some(7));
    assert_eq!(day(&e, date(2025, 5, 2)).calendar_day, None);
    assert!(cal()
        .explain_due(
            t("2025-04-23T10:00"),
            &rule,
            &[Pause {
                start: t("2025-04-24T08:00"),
                end: t("2025-04-24T09:00")
            }]
        )
        .is_err());
}
