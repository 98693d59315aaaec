//! Property tests for working-time arithmetic and lunar round trips.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use motcua_calendar::lunar::{lunar_to_solar, solar_to_lunar};
use motcua_calendar::{vn_offset, Pause, WorkingCalendar, WorkingDuration};
use proptest::prelude::*;

fn cal() -> &'static WorkingCalendar {
    WorkingCalendar::vietnam().unwrap()
}

/// Any second from 2015 to 2030.
fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (1_420_045_200i64..1_893_430_800).prop_map(|s| {
        DateTime::from_timestamp(s, 0)
            .unwrap()
            .with_timezone(&vn_offset())
    })
}

fn duration() -> impl Strategy<Value = WorkingDuration> {
    prop_oneof![
        (1i64..80).prop_map(WorkingDuration::half_days),
        (1i64..20_000).prop_map(WorkingDuration::minutes)
    ]
}

proptest! {
    #[test]
    fn due_is_in_working_time_on_a_working_day(t in instant(), d in duration()) {
        let due = cal().add_working(t, d).unwrap();
        let inside = cal().is_working_instant(due).unwrap();
        let at_period_end = cal().is_working_instant(due - Duration::seconds(1)).unwrap();
        prop_assert!(inside || at_period_end, "{due}");
        prop_assert!(cal().is_working_day(due.date_naive()).unwrap());
        prop_assert!(due > t);
    }

    #[test]
    fn add_then_measure_gives_back_the_duration(t in instant(), d in duration()) {
        let due = cal().add_working(t, d).unwrap();
        prop_assert_eq!(cal().working_time_between(t, due).unwrap(), d);
        // Earliest: one second earlier is not enough.
        prop_assert!(cal().working_time_between(t, due - Duration::seconds(1)).unwrap() < d);
    }

    #[test]
    fn monotone_in_n(t in instant(), a in 0i64..60, b in 0i64..60) {
        let (lo, hi) = (a.min(b), a.max(b));
        let x = cal().add_working(t, WorkingDuration::half_days(lo)).unwrap();
        let y = cal().add_working(t, WorkingDuration::half_days(hi)).unwrap();
        prop_assert!(x <= y);
    }

    #[test]
    fn pauses_are_excluded(t in instant(), d in duration(), off in 0i64..2_000_000, len in 0i64..1_000_000) {
        let start = t + Duration::seconds(off);
        let pauses = [Pause { start, end: start + Duration::seconds(len) }];
        let due = cal().add_working_with_pauses(t, d, &pauses).unwrap();
        prop_assert_eq!(cal().working_time_excluding(t, due, &pauses).unwrap(), d);
        prop_assert!(due >= cal().add_working(t, d).unwrap());
    }

    #[test]
    fn calendar_days_end_on_working_days(t in instant(), n in 0u32..400) {
        let due = cal().add_calendar_days(t, n).unwrap();
        prop_assert!(cal().is_working_day(due.date_naive()).unwrap());
        prop_assert!(due.date_naive() >= t.date_naive() + Duration::days(i64::from(n)));
    }

    #[test]
    fn lunar_round_trip(days in 0i64..109_500) {
        let d = NaiveDate::from_ymd_opt(1900, 2, 1).unwrap() + Duration::days(days);
        let l = solar_to_lunar(d).unwrap();
        prop_assert_eq!(lunar_to_solar(l).unwrap(), d);
    }
}
