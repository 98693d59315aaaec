//! Lunar calendar against golden tables generated once from the `lunar-vn` PyPI package (MIT,
//! an independent implementation of the Vietnamese calendar; cross-checked with `vnlunar`).
//! See testdata/README.md.

use chrono::NaiveDate;
use motcua_calendar::lunar::{lunar_to_solar, month_length, solar_to_lunar};
use motcua_calendar::LunarDate;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
}

#[test]
fn tet_and_hung_kings_1901_2100() {
    let text = include_str!("../testdata/tet_hung_kings_1901_2100.csv");
    let mut n = 0;
    for r in rows(text) {
        let year: i32 = r[0].parse().unwrap();
        assert_eq!(
            lunar_to_solar(LunarDate::new(year, 1, 1)).unwrap(),
            date(r[1]),
            "Tết {year}"
        );
        assert_eq!(
            lunar_to_solar(LunarDate::new(year, 3, 10)).unwrap(),
            date(r[2]),
            "10/3 {year}"
        );
        n += 1;
    }
    assert_eq!(n, 200);
}

/// The first solar day of every lunar month 1900–2100 pins down every conversion in the range.
#[test]
fn every_lunar_month_1900_2100() {
    let text = include_str!("../testdata/lunar_month_starts_1900_2100.csv");
    let rows: Vec<(NaiveDate, LunarDate)> = rows(text)
        .map(|r| {
            let l = LunarDate {
                year: r[1].parse().unwrap(),
                month: r[2].parse().unwrap(),
                day: 1,
                leap: r[3] == "1",
            };
            (date(r[0]), l)
        })
        .collect();
    assert!(rows.len() > 2400);
    for w in rows.windows(2) {
        let ((start, l), (next, _)) = (w[0], w[1]);
        let len = (next - start).num_days() as u32;
        assert_eq!(month_length(l.year, l.month, l.leap), Some(len), "{l}");
        if l.year >= 1900 {
            assert_eq!(lunar_to_solar(l).unwrap(), start, "{l}");
        }
        // Every day of the month, both ways.
        for (i, d) in start.iter_days().take(len as usize).enumerate() {
            let expected = LunarDate {
                day: i as u32 + 1,
                ..l
            };
            assert_eq!(solar_to_lunar(d).unwrap(), expected, "{d}");
        }
    }
}
