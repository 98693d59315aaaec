//! Deadline conventions of the issue and of domain.md §6.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Weekday};
use motcua_calendar::{
    parse_instant, CalendarError, DayOverride, DeadlineRule, DueStatus, OfficeHours, OverrideKind,
    Pause, Period, WorkingCalendar, WorkingDuration, SAME_DAY_CUTOFF,
};

fn t(s: &str) -> DateTime<FixedOffset> {
    parse_instant(s).unwrap()
}

fn cal() -> &'static WorkingCalendar {
    WorkingCalendar::vietnam().unwrap()
}

fn add(from: &str, d: WorkingDuration) -> String {
    cal().add_working(t(from), d).unwrap().to_rfc3339()
}

const DAY: WorkingDuration = WorkingDuration::days(1);
const HALF: WorkingDuration = WorkingDuration::half_days(1);

// 2025-06-02 is a Monday.
#[test]
fn issue_examples() {
    assert_eq!(add("2025-06-02T09:00", DAY), "2025-06-03T09:00:00+07:00");
    assert_eq!(add("2025-06-02T09:00", HALF), "2025-06-02T15:00:00+07:00");
    assert_eq!(add("2025-06-02T18:00", DAY), "2025-06-03T17:00:00+07:00");
}

#[test]
fn start_outside_working_periods() {
    // Before 07:00 → 07:00; lunch → 13:30; weekend → Monday 07:00.
    assert_eq!(add("2025-06-02T06:00", HALF), "2025-06-02T11:00:00+07:00");
    assert_eq!(add("2025-06-02T12:00", HALF), "2025-06-03T07:30:00+07:00");
    assert_eq!(add("2025-06-07T10:00", DAY), "2025-06-09T17:00:00+07:00");
    assert_eq!(
        cal()
            .next_working_instant(t("2025-06-02T12:00"))
            .unwrap()
            .to_rfc3339(),
        "2025-06-02T13:30:00+07:00"
    );
    assert_eq!(
        cal()
            .next_working_instant(t("2025-06-02T09:10"))
            .unwrap()
            .to_rfc3339(),
        "2025-06-02T09:10:00+07:00"
    );
    assert_eq!(
        cal()
            .next_working_instant(t("2025-06-02T17:00"))
            .unwrap()
            .to_rfc3339(),
        "2025-06-03T07:00:00+07:00"
    );
}

#[test]
fn due_on_period_end_stays_there() {
    assert_eq!(
        add("2025-06-02T07:00", WorkingDuration::minutes(270)),
        "2025-06-02T11:30:00+07:00"
    );
    assert_eq!(add("2025-06-02T07:00", DAY), "2025-06-02T17:00:00+07:00");
    assert_eq!(add("2025-06-02T13:30", HALF), "2025-06-03T07:30:00+07:00");
}

#[test]
fn hours_and_minutes() {
    assert_eq!(
        add("2025-06-02T10:00", WorkingDuration::hours(2)),
        "2025-06-02T14:00:00+07:00"
    );
    assert_eq!(
        add("2025-06-02T10:00:30", WorkingDuration::minutes(1)),
        "2025-06-02T10:01:30+07:00"
    );
    assert_eq!(
        add(
            "2025-06-02T10:00",
            WorkingDuration::parse_hours("1.5").unwrap()
        ),
        "2025-06-02T11:30:00+07:00"
    );
}

#[test]
fn across_holidays_and_notices() {
    // Friday 24/1/2025 10:00 + 2 days: Tết 25/1–2/2 → Monday 3/2 and Tuesday 4/2 10:00.
    assert_eq!(
        add("2025-01-24T10:00", WorkingDuration::days(2)),
        "2025-02-04T10:00:00+07:00"
    );
    // Friday 25/4/2025 09:00 + 1 day: Saturday 26/4 is worked.
    assert_eq!(add("2025-04-25T09:00", DAY), "2025-04-26T09:00:00+07:00");
    // Saturday 4/5/2024 is worked; Friday 3/5 16:00 + 0.5 day → Saturday 10:00.
    assert_eq!(add("2024-05-03T16:00", HALF), "2024-05-04T10:00:00+07:00");
}

#[test]
fn working_time_between_and_pauses() {
    let c = cal();
    assert_eq!(
        c.working_time_between(t("2025-06-02T09:00"), t("2025-06-03T09:00"))
            .unwrap(),
        DAY
    );
    assert_eq!(
        c.working_time_between(t("2025-06-06T16:00"), t("2025-06-09T08:00"))
            .unwrap(),
        WorkingDuration::hours(2)
    );
    assert_eq!(
        c.working_time_between(t("2025-06-03T09:00"), t("2025-06-02T09:00"))
            .unwrap(),
        WorkingDuration::days(-1)
    );
    // Pause Tue 07:00 → Wed 07:00: one day is not counted.
    let p = [Pause {
        start: t("2025-06-03T07:00"),
        end: t("2025-06-04T07:00"),
    }];
    let due = c
        .add_working_with_pauses(t("2025-06-02T09:00"), DAY, &p)
        .unwrap();
    assert_eq!(due.to_rfc3339(), "2025-06-04T09:00:00+07:00");
    assert_eq!(
        c.working_time_excluding(t("2025-06-02T09:00"), due, &p)
            .unwrap(),
        DAY
    );
    // A pause that starts after the due instant changes nothing; overlapping pauses merge.
    let later = [Pause {
        start: t("2025-06-10T07:00"),
        end: t("2025-06-11T07:00"),
    }];
    assert_eq!(
        c.add_working_with_pauses(t("2025-06-02T09:00"), DAY, &later)
            .unwrap()
            .to_rfc3339(),
        "2025-06-03T09:00:00+07:00"
    );
    let overlapping = [
        p[0],
        Pause {
            start: t("2025-06-03T12:00"),
            end: t("2025-06-03T14:00"),
        },
    ];
    assert_eq!(
        c.add_working_with_pauses(t("2025-06-02T09:00"), DAY, &overlapping)
            .unwrap(),
        due
    );
}

#[test]
fn calendar_days_never_end_on_a_day_off() {
    let c = cal();
    let due = c
        .due(t("2025-06-02T10:00"), &DeadlineRule::calendar_days(3))
        .unwrap();
    assert_eq!(due.to_rfc3339(), "2025-06-05T17:00:00+07:00");
    // Monday + 5 = Saturday → Monday.
    let due = c
        .due(t("2025-06-02T10:00"), &DeadlineRule::calendar_days(5))
        .unwrap();
    assert_eq!(due.to_rfc3339(), "2025-06-09T17:00:00+07:00");
}

#[test]
fn same_day_cutoff() {
    let c = cal();
    let rule = DeadlineRule::working(HALF).with_same_day_cutoff(SAME_DAY_CUTOFF);
    assert_eq!(
        c.due(t("2025-06-02T14:59"), &rule).unwrap().to_rfc3339(),
        "2025-06-03T08:59:00+07:00"
    );
    assert_eq!(
        c.due(t("2025-06-02T15:00"), &rule).unwrap().to_rfc3339(),
        "2025-06-03T09:00:00+07:00"
    );
    assert_eq!(
        c.due(t("2025-06-02T15:01"), &rule).unwrap().to_rfc3339(),
        "2025-06-03T11:00:00+07:00"
    );
    // Friday after 15:00 → Monday.
    assert_eq!(
        c.due(t("2025-06-06T16:00"), &rule).unwrap().to_rfc3339(),
        "2025-06-09T11:00:00+07:00"
    );
}

#[test]
fn due_status() {
    let c = cal();
    let due = t("2025-06-03T09:00");
    let warn = WorkingDuration::hours(4);
    assert_eq!(
        c.due_status(t("2025-06-02T09:00"), due, warn).unwrap(),
        DueStatus::OnTrack
    );
    assert_eq!(
        c.due_status(t("2025-06-02T16:00"), due, warn).unwrap(),
        DueStatus::DueSoon
    );
    assert_eq!(
        c.due_status(t("2025-06-03T09:01"), due, warn).unwrap(),
        DueStatus::Overdue
    );
}

#[test]
fn offsets_are_normalised_to_vietnam_time() {
    // 02:00 UTC = 09:00 in Hanoi.
    let utc = DateTime::parse_from_rfc3339("2025-06-02T02:00:00Z").unwrap();
    assert_eq!(
        cal().add_working(utc, DAY).unwrap().to_rfc3339(),
        "2025-06-03T09:00:00+07:00"
    );
}

#[test]
fn overrides_and_agency_hours() {
    let d = NaiveDate::from_ymd_opt(2025, 6, 3).unwrap();
    let stormy = WorkingCalendar::builder()
        .years(2025, 2025)
        .with_overrides(&[DayOverride {
            date: d,
            kind: OverrideKind::DayOff,
            name: "Nghỉ do bão".into(),
        }])
        .build()
        .unwrap();
    assert_eq!(
        stormy
            .add_working(t("2025-06-02T09:00"), DAY)
            .unwrap()
            .to_rfc3339(),
        "2025-06-04T09:00:00+07:00"
    );
    assert_eq!(
        stormy.day_info(d).unwrap().entry.unwrap().name,
        "Nghỉ do bão"
    );

    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let hours = OfficeHours::default()
        .with_day(Weekday::Sat, &[Period::new(hm(7, 30), hm(11, 30)).unwrap()])
        .unwrap();
    let desk = WorkingCalendar::builder()
        .years(2025, 2025)
        .office_hours(hours)
        .build()
        .unwrap();
    // Friday 16:00 + 2 h: 1 h Friday, then Saturday from 07:30.
    assert_eq!(
        desk.add_working(t("2025-06-06T16:00"), WorkingDuration::hours(2))
            .unwrap()
            .to_rfc3339(),
        "2025-06-07T08:30:00+07:00"
    );
}

#[test]
fn errors() {
    assert!(matches!(
        WorkingDuration::parse_days("0.3"),
        Err(CalendarError::InvalidDuration(_))
    ));
    assert!(WorkingDuration::parse_days("-1").is_err());
    assert!(WorkingDuration::parse_days("abc").is_err());
    let small = WorkingCalendar::builder()
        .years(2025, 2025)
        .build()
        .unwrap();
    assert!(matches!(
        small.add_working(t("2025-12-31T09:00"), DAY),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(small.add_working(t("2024-06-02T09:00"), DAY).is_err());
    assert!(WorkingCalendar::builder()
        .years(1800, 1900)
        .build()
        .is_err());
    assert!(cal()
        .add_working(t("2025-06-02T09:00"), WorkingDuration::days(-1))
        .is_err());
}
