//! Every year 2016–2026 against the days off and make-up days as announced (off ranges from the
//! notices, written independently of the data table in src/notices.rs).

use chrono::{Datelike, NaiveDate, Weekday};
use motcua_calendar::{DayKind, WorkingCalendar};

/// Weekdays off and weekend days worked in `year`, as "d/m" lists.
fn actual(year: i32) -> (Vec<String>, Vec<String>) {
    let cal = WorkingCalendar::vietnam().unwrap();
    let (mut off, mut worked) = (Vec::new(), Vec::new());
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    for d in first.iter_days().take_while(|d| d.year() == year) {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let working = cal.is_working_day(d).unwrap();
        let s = format!("{}/{}", d.day(), d.month());
        if !weekend && !working {
            off.push(s);
        } else if weekend && working {
            worked.push(s);
        }
    }
    (off, worked)
}

fn list(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

#[test]
fn years_2016_to_2026_as_announced() {
    #[rustfmt::skip]
    let expected: &[(i32, &str, &str)] = &[
        (2016, "1/1 8/2 9/2 10/2 11/2 12/2 18/4 2/5 3/5 2/9", ""),
        (2017, "2/1 26/1 27/1 30/1 31/1 1/2 6/4 1/5 2/5 4/9", ""),
        (2018, "1/1 14/2 15/2 16/2 19/2 20/2 25/4 30/4 1/5 3/9 31/12", ""),
        (2019, "1/1 4/2 5/2 6/2 7/2 8/2 15/4 29/4 30/4 1/5 2/9", "5/1 4/5"),
        (2020, "1/1 23/1 24/1 27/1 28/1 29/1 2/4 30/4 1/5 2/9", ""),
        (2021, "1/1 10/2 11/2 12/2 15/2 16/2 21/4 30/4 3/5 2/9 3/9", ""),
        (2022, "3/1 31/1 1/2 2/2 3/2 4/2 11/4 2/5 3/5 1/9 2/9", ""),
        (2023, "2/1 20/1 23/1 24/1 25/1 26/1 1/5 2/5 3/5 1/9 4/9", ""),
        (2024, "1/1 8/2 9/2 12/2 13/2 14/2 18/4 29/4 30/4 1/5 2/9 3/9", "4/5"),
        (2025, "1/1 27/1 28/1 29/1 30/1 31/1 7/4 30/4 1/5 2/5 1/9 2/9", "26/4"),
        // (verify) 2026: checked against python-holidays; Hùng Kings, 30/4–1/5, 24/11 computed.
        (2026, "1/1 16/2 17/2 18/2 19/2 20/2 27/4 30/4 1/5 31/8 1/9 2/9 24/11", "22/8"),
    ];
    for &(year, off, worked) in expected {
        let (a_off, a_worked) = actual(year);
        assert_eq!(a_off, list(off), "days off {year}");
        assert_eq!(a_worked, list(worked), "make-up days {year}");
    }
}

#[test]
fn entries_name_each_day() {
    let cal = WorkingCalendar::vietnam().unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    let e: Vec<_> = cal.entries(d(4, 26), d(5, 2)).collect();
    assert_eq!(e.len(), 4);
    assert_eq!(e[0].kind, DayKind::MakeupWorkday);
    assert_eq!(e[1].name, "Ngày Chiến thắng (30/4)");
    assert_eq!(e[3].kind, DayKind::DayOff);
    let info = cal.day_info(d(1, 29)).unwrap();
    assert!(!info.working);
    assert_eq!(info.entry.unwrap().name, "Tết Nguyên đán (mùng 1)");
}

#[test]
fn years_without_notice_use_the_rules() {
    let cal = WorkingCalendar::vietnam().unwrap();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    // 2030: Tết Canh Tuất is Saturday 2/2; 30 Chạp (Fri 1/2) + mùng 1–4 → Fri..Tue, with
    // compensation for Saturday and Sunday on Wed 6/2 and Thu 7/2.
    for day in [1, 4, 5, 6, 7] {
        assert!(
            !cal.is_working_day(d(2030, 2, day)).unwrap(),
            "2030-02-{day}"
        );
    }
    assert!(cal.is_working_day(d(2030, 2, 8)).unwrap());
    // Without notices, 2025 Tết falls back to the law: 28/1 .. 1/2, compensation Mon 3/2.
    let law = WorkingCalendar::builder()
        .years(2024, 2026)
        .without_notices()
        .build()
        .unwrap();
    assert!(law.is_working_day(d(2025, 1, 27)).unwrap());
    assert!(!law.is_working_day(d(2025, 2, 3)).unwrap());
}

/// Every day of 2016–2026 against an independent source (python-holidays, see testdata/README).
#[test]
fn every_day_2016_to_2026_agrees_with_an_independent_source() {
    let cal = motcua_calendar::WorkingCalendar::vietnam().expect("calendar");
    let data = include_str!("../testdata/working_days_2016_2026_python_holidays.csv");
    let mut checked = 0;
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("date"))
    {
        let (date, working) = line.split_once(',').expect("two columns");
        let date: motcua_calendar::chrono::NaiveDate = date.parse().expect("date");
        let ours = cal.is_working_day(date).expect("in range");
        assert_eq!(ours, working == "true", "{date}");
        checked += 1;
    }
    assert_eq!(checked, 4018);
}
