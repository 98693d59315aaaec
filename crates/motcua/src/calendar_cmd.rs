//! `motcua calendar …`: the working-time calendar from the command line.
//!
//! The output formats are a contract that scripts rely on (issue 3): CSV with fixed headers,
//! ISO dates, instants with `+07:00`. Errors are returned (non-zero exit) with a message in
//! Vietnamese and English.

use std::io::Write;

use anyhow::{bail, Context};
use motcua_calendar::chrono::{DateTime, FixedOffset, Weekday};
use motcua_calendar::chrono::{Datelike, NaiveDate};
use motcua_calendar::lunar::{lunar_to_solar, solar_to_lunar};
use motcua_calendar::rules::EntrySource;
use motcua_calendar::{
    parse_instant, DayNote, DayStatus, DeadlineRule, DueExplanation, Duration, LunarDate,
    OffReason, StartReason, WorkingCalendar, WorkingDuration, SAME_DAY_CUTOFF,
};

#[derive(clap::Subcommand, Debug)]
pub enum CalendarCmd {
    /// One CSV line per date: `date,working,note`.
    Days {
        /// First date (YYYY-MM-DD).
        from: String,
        /// Last date (YYYY-MM-DD), inclusive.
        to: String,
    },
    /// Holidays, days off and make-up working days: CSV `date,kind,name`.
    Holidays {
        year: i32,
        /// Last year, inclusive (default: YEAR).
        to_year: Option<i32>,
    },
    /// The solar date (ISO) of a lunar date.
    Solar {
        year: i32,
        month: u32,
        day: u32,
        /// The date is in the leap month.
        #[arg(long)]
        leap: bool,
    },
    /// The lunar date of a solar date, as `YEAR-MONTH-DAY` (+ ` leap`).
    Lunar {
        /// Solar date (YYYY-MM-DD).
        date: String,
    },
    /// The due instant of a deadline, ISO 8601 with `+07:00`.
    #[command(group(clap::ArgGroup::new("duration").required(true).args(["working_days", "working_hours", "calendar_days"])))]
    Due {
        /// When the dossier was received (ISO 8601; without an offset it is Vietnam time).
        #[arg(long)]
        received: String,
        /// Working days (a multiple of 0.5).
        #[arg(long)]
        working_days: Option<String>,
        /// Working hours.
        #[arg(long)]
        working_hours: Option<String>,
        /// Calendar days (never ending on a day off).
        #[arg(long)]
        calendar_days: Option<String>,
        /// Same-day procedure: received after 15:00 counts from the next working day.
        #[arg(long)]
        same_day: bool,
        /// Explain the date: when the clock started, each day counted or skipped and why
        /// (Vietnamese and English), then the due instant.
        #[arg(long)]
        explain: bool,
    },
}

fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!("ngày không hợp lệ '{s}', cần dạng YYYY-MM-DD / invalid date '{s}', expected YYYY-MM-DD")
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Runs one calendar subcommand, writing its output to `out`.
/// Runs `cmd` against `cal` (the default calendar plus the operator's stored overrides).
pub fn run(cmd: CalendarCmd, cal: &WorkingCalendar, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        CalendarCmd::Days { from, to } => {
            let (from, to) = (parse_date(&from)?, parse_date(&to)?);
            if from > to {
                bail!("ngày đầu {from} sau ngày cuối {to} / FROM {from} is after TO {to}");
            }
            writeln!(out, "date,working,note")?;
            for date in from.iter_days().take_while(|d| *d <= to) {
                let info = cal.day_info(date)?;
                let note = info.entry.map_or("", |e| e.name.as_str());
                writeln!(out, "{date},{},{}", info.working, csv_field(note))?;
            }
        }
        CalendarCmd::Holidays { year, to_year } => {
            let to_year = to_year.unwrap_or(year);
            if to_year < year {
                bail!("năm cuối {to_year} trước năm đầu {year} / TO_YEAR {to_year} is before YEAR {year}");
            }
            let (first, last) = cal.range();
            for y in [year, to_year] {
                if y < first.year() || y > last.year() {
                    return Err(motcua_calendar::CalendarError::YearOutOfRange {
                        year: y,
                        min: first.year(),
                        max: last.year(),
                    }
                    .into());
                }
            }
            let from = NaiveDate::from_ymd_opt(year, 1, 1).context("year")?;
            let to = NaiveDate::from_ymd_opt(to_year, 12, 31).context("year")?;
            writeln!(out, "date,kind,name")?;
            for e in cal.entries(from, to) {
                writeln!(out, "{},{},{}", e.date, e.kind.as_str(), csv_field(&e.name))?;
            }
        }
        CalendarCmd::Solar {
            year,
            month,
            day,
            leap,
        } => {
            let date = lunar_to_solar(LunarDate {
                year,
                month,
                day,
                leap,
            })?;
            writeln!(out, "{date}")?;
        }
        CalendarCmd::Lunar { date } => {
            writeln!(out, "{}", solar_to_lunar(parse_date(&date)?)?)?;
        }
        CalendarCmd::Due {
            received,
            working_days,
            working_hours,
            calendar_days,
            same_day,
            explain,
        } => {
            let received = parse_instant(&received)?;
            let mut rule = match (working_days, working_hours, calendar_days) {
                (Some(n), None, None) => DeadlineRule::working(WorkingDuration::parse_days(&n)?),
                (None, Some(n), None) => DeadlineRule::working(WorkingDuration::parse_hours(&n)?),
                (None, None, Some(n)) => {
                    let days: u32 = n.trim().parse().map_err(|_| {
                        anyhow::anyhow!(
                            "số ngày không hợp lệ '{n}', cần số nguyên không âm / invalid number of calendar days '{n}', expected a non-negative integer"
                        )
                    })?;
                    DeadlineRule::calendar_days(days)
                }
                _ => bail!(
                    "cần đúng một trong --working-days, --working-hours, --calendar-days / exactly one of --working-days, --working-hours, --calendar-days is required"
                ),
            };
            if same_day {
                rule = rule.with_same_day_cutoff(SAME_DAY_CUTOFF);
            }
            if explain {
                write_explanation(out, &cal.explain_due(received, &rule, &[])?)?;
                return Ok(());
            }
            let due = cal.due(received, &rule)?;
            writeln!(out, "{}", due.format("%Y-%m-%dT%H:%M:%S%:z"))?;
        }
    }
    Ok(())
}

fn instant(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A working duration as "6 giờ 30 phút / 6 h 30 min".
fn hours(d: WorkingDuration) -> String {
    let (h, m) = (d.as_minutes() / 60, d.as_minutes() % 60);
    match (h, m) {
        (h, 0) => format!("{h} giờ / {h} h"),
        (0, m) => format!("{m} phút / {m} min"),
        (h, m) => format!("{h} giờ {m} phút / {h} h {m} min"),
    }
}

fn weekday(w: Weekday) -> (&'static str, &'static str) {
    match w {
        Weekday::Mon => ("Thứ Hai", "Monday"),
        Weekday::Tue => ("Thứ Ba", "Tuesday"),
        Weekday::Wed => ("Thứ Tư", "Wednesday"),
        Weekday::Thu => ("Thứ Năm", "Thursday"),
        Weekday::Fri => ("Thứ Sáu", "Friday"),
        Weekday::Sat => ("Thứ Bảy", "Saturday"),
        Weekday::Sun => ("Chủ nhật", "Sunday"),
    }
}

/// "name (who decided it)": the law, a Government notice of a year, or the operator.
fn note(n: &DayNote) -> String {
    let by = match (n.source, n.notice) {
        (EntrySource::Notice, Some(r)) => format!(
            "thông báo nghỉ lễ năm {y} của Chính phủ / the Government's {y} notice",
            y = r.year
        ),
        (EntrySource::Notice, None) => {
            "thông báo của Chính phủ / the Government's notice".to_string()
        }
        (EntrySource::Law, _) => "theo Bộ luật Lao động / by the Labour Code".to_string(),
        (EntrySource::Override, _) => "do quản trị viên đặt / set by the operator".to_string(),
    };
    format!("{} ({by})", n.name)
}

fn off_reason(r: &OffReason) -> String {
    match r {
        OffReason::WeeklyRest(w) => {
            let (vi, en) = weekday(*w);
            format!("nghỉ hằng tuần ({vi}) / weekly rest ({en})")
        }
        OffReason::Holiday(n) => format!("nghỉ lễ / public holiday: {}", note(n)),
        OffReason::DayOff(n) => format!("ngày nghỉ / day off: {}", note(n)),
    }
}

fn start_reason(r: &StartReason) -> String {
    match r {
        StartReason::InWorkingTime => {
            "nhận trong giờ làm việc / received in working time".to_string()
        }
        StartReason::BeforeOfficeHours => {
            "nhận trước giờ làm việc, tính từ đầu giờ / received before office hours, counted from opening".to_string()
        }
        StartReason::DuringBreak => {
            "nhận trong giờ nghỉ trưa, tính từ buổi chiều / received during the break, counted from the next period".to_string()
        }
        StartReason::AfterOfficeHours => {
            "nhận sau giờ làm việc, tính từ buổi làm việc kế tiếp / received after office hours, counted from the next working period".to_string()
        }
        StartReason::DayOff(o) => format!(
            "nhận vào ngày nghỉ, tính từ ngày làm việc kế tiếp / received on a day off, counted from the next working day — {}",
            off_reason(o)
        ),
        StartReason::AfterSameDayCutoff { cutoff } => format!(
            "thủ tục trong ngày nhận sau {c}, tính từ ngày làm việc kế tiếp / same-day procedure received after {c}, counted from the next working day",
            c = cutoff.format("%H:%M")
        ),
        StartReason::CalendarDate => {
            "thời hạn theo ngày lịch, tính từ ngày tiếp nhận / calendar-day deadline, counted from the date received".to_string()
        }
    }
}

/// The explanation, one line per day, then the due instant (issue 22: "why this date?").
fn write_explanation(out: &mut dyn Write, e: &DueExplanation) -> anyhow::Result<()> {
    writeln!(out, "Tiếp nhận / Received: {}", instant(&e.received))?;
    writeln!(
        out,
        "Bắt đầu tính / Clock starts: {} — {}",
        instant(&e.clock_start),
        start_reason(&e.start_reason)
    )?;
    for day in &e.days {
        let (vi, en) = weekday(motcua_calendar::chrono::Datelike::weekday(&day.date));
        let what = match (&day.status, e.rule.duration) {
            (DayStatus::Off(r), _) => format!("bỏ qua / skipped — {}", off_reason(r)),
            (status, Duration::Working(_)) => {
                let spans: Vec<String> = day
                    .counted
                    .iter()
                    .map(|s| format!("{}–{}", s.from.format("%H:%M"), s.to.format("%H:%M")))
                    .collect();
                let mut line = format!("tính / counted {}", hours(day.counted_time));
                if !spans.is_empty() {
                    line.push_str(&format!(" ({})", spans.join(", ")));
                }
                if day.paused_time > WorkingDuration::ZERO {
                    line.push_str(&format!("; tạm dừng / paused {}", hours(day.paused_time)));
                }
                if let DayStatus::MakeupWorkday(n) = status {
                    line.push_str(&format!("; ngày làm bù / make-up working day: {}", note(n)));
                }
                line
            }
            (status, Duration::CalendarDays(_)) => {
                let mut line = match day.calendar_day {
                    Some(k) => format!("ngày thứ {k} / day {k}"),
                    None if day.date == e.due.date_naive() => {
                        "hạn dời sang ngày làm việc này / due moved to this working day".to_string()
                    }
                    None => "ngày tiếp nhận / day received".to_string(),
                };
                if let DayStatus::MakeupWorkday(n) = status {
                    line.push_str(&format!("; ngày làm bù / make-up working day: {}", note(n)));
                }
                line
            }
        };
        writeln!(out, "{} {vi} / {en}: {what}", day.date)?;
    }
    for p in &e.pauses {
        writeln!(
            out,
            "Tạm dừng / Pause: {} → {}, dừng / stopped {}",
            instant(&p.start),
            instant(&p.end),
            hours(p.stopped)
        )?;
    }
    if let Duration::Working(_) = e.rule.duration {
        writeln!(out, "Tổng đã tính / Total counted: {}", hours(e.counted))?;
    }
    writeln!(out, "Hạn giải quyết / Due: {}", instant(&e.due))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct Cli {
        #[command(subcommand)]
        cmd: CalendarCmd,
    }

    fn call(args: &[&str]) -> anyhow::Result<String> {
        let cli = Cli::try_parse_from(std::iter::once("calendar").chain(args.iter().copied()))?;
        let mut out = Vec::new();
        run(cli.cmd, WorkingCalendar::vietnam()?, &mut out)?;
        Ok(String::from_utf8(out)?)
    }

    #[test]
    fn days_csv() {
        let s = call(&["days", "2025-04-25", "2025-04-27"]).unwrap();
        assert_eq!(
            s,
            "date,working,note\n2025-04-25,true,\n2025-04-26,true,Làm bù cho thứ Sáu 02/05\n2025-04-27,false,\n"
        );
        let s = call(&["days", "2025-01-29", "2025-01-29"]).unwrap();
        assert_eq!(
            s,
            "date,working,note\n2025-01-29,false,Tết Nguyên đán (mùng 1)\n"
        );
        assert!(call(&["days", "2025-02-30", "2025-03-01"]).is_err());
        assert!(call(&["days", "2025-03-02", "2025-03-01"]).is_err());
    }

    #[test]
    fn holidays_csv() {
        let s = call(&["holidays", "2024"]).unwrap();
        assert!(s.starts_with("date,kind,name\n2024-01-01,holiday,Tết Dương lịch\n"));
        assert!(s.contains("2024-04-29,day_off,"));
        assert!(s.contains("2024-05-04,makeup_workday,"));
        let two = call(&["holidays", "2024", "2025"]).unwrap();
        assert!(two.contains("2025-04-26,makeup_workday,"));
        assert!(call(&["holidays", "2300"])
            .unwrap_err()
            .to_string()
            .contains("2300"));
        assert!(call(&["holidays", "2025", "2024"]).is_err());
    }

    #[test]
    fn solar_and_lunar() {
        assert_eq!(call(&["solar", "1985", "1", "1"]).unwrap(), "1985-01-21\n");
        assert_eq!(call(&["solar", "2007", "1", "1"]).unwrap(), "2007-02-17\n");
        assert_eq!(
            call(&["solar", "2023", "2", "1", "--leap"]).unwrap(),
            "2023-03-22\n"
        );
        assert!(call(&["solar", "2024", "2", "1", "--leap"]).is_err());
        assert!(call(&["solar", "2500", "1", "1"]).is_err());
        assert_eq!(call(&["lunar", "2023-03-22"]).unwrap(), "2023-2-1 leap\n");
        assert_eq!(call(&["lunar", "2025-01-29"]).unwrap(), "2025-1-1\n");
        assert!(call(&["lunar", "29/01/2025"]).is_err());
    }

    #[test]
    fn due() {
        let due = |args: &[&str]| call(&[&["due"][..], args].concat()).unwrap();
        assert_eq!(
            due(&["--received", "2025-06-02T09:00", "--working-days", "1"]),
            "2025-06-03T09:00:00+07:00\n"
        );
        assert_eq!(
            due(&["--received", "2025-06-02T09:00", "--working-days", "0.5"]),
            "2025-06-02T15:00:00+07:00\n"
        );
        assert_eq!(
            due(&["--received", "2025-06-02T18:00", "--working-days", "1"]),
            "2025-06-03T17:00:00+07:00\n"
        );
        assert_eq!(
            due(&["--received", "2025-06-02T02:00:00Z", "--working-hours", "2"]),
            "2025-06-02T11:00:00+07:00\n"
        );
        assert_eq!(
            due(&["--received", "2025-06-02T10:00", "--calendar-days", "5"]),
            "2025-06-09T17:00:00+07:00\n"
        );
        assert_eq!(
            due(&[
                "--received",
                "2025-06-02T15:30",
                "--working-days",
                "0.5",
                "--same-day"
            ]),
            "2025-06-03T11:00:00+07:00\n"
        );
        // --explain: one line per day with the reason a day is skipped, then the due instant.
        let e = due(&[
            "--received",
            "2025-04-29T09:00",
            "--working-days",
            "2",
            "--explain",
        ]);
        assert!(e.contains("2025-04-29 Thứ Ba / Tuesday: tính / counted 6 giờ / 6 h (09:00–11:30, 13:30–17:00)"), "{e}");
        assert!(e.contains("2025-04-30 Thứ Tư / Wednesday: bỏ qua / skipped — nghỉ lễ / public holiday: Ngày Chiến thắng (30/4)"), "{e}");
        assert!(
            e.contains("2025-05-02 Thứ Sáu / Friday: bỏ qua / skipped — ngày nghỉ / day off:"),
            "{e}"
        );
        assert!(
            e.contains("2025-05-03 Thứ Bảy / Saturday: bỏ qua / skipped — nghỉ hằng tuần"),
            "{e}"
        );
        assert!(
            e.contains("Tổng đã tính / Total counted: 16 giờ / 16 h\n"),
            "{e}"
        );
        assert!(
            e.ends_with("Hạn giải quyết / Due: 2025-05-06T09:00:00+07:00\n"),
            "{e}"
        );
        let e = due(&[
            "--received",
            "2025-04-25T16:00",
            "--working-days",
            "1",
            "--explain",
        ]);
        assert!(
            e.contains("2025-04-26 Thứ Bảy / Saturday: tính / counted 7 giờ / 7 h"),
            "{e}"
        );
        assert!(
            e.contains("ngày làm bù / make-up working day: Làm bù"),
            "{e}"
        );
        let e = due(&[
            "--received",
            "2025-04-23T10:00",
            "--calendar-days",
            "7",
            "--explain",
        ]);
        assert!(
            e.contains("2025-04-30 Thứ Tư / Wednesday: bỏ qua / skipped"),
            "{e}"
        );
        assert!(
            e.ends_with("Hạn giải quyết / Due: 2025-05-05T17:00:00+07:00\n"),
            "{e}"
        );
        let err = call(&[
            "due",
            "--received",
            "2025-06-02T09:00",
            "--working-days",
            "0.3",
        ])
        .unwrap_err();
        assert!(err.to_string().contains("0.5"));
        assert!(call(&["due", "--received", "yesterday", "--working-days", "1"]).is_err());
        assert!(call(&["due", "--received", "2025-06-02T09:00"]).is_err());
        assert!(call(&[
            "due",
            "--received",
            "2025-06-02T09:00",
            "--working-days",
            "1",
            "--working-hours",
            "1"
        ])
        .is_err());
        assert!(call(&[
            "due",
            "--received",
            "2025-06-02T09:00",
            "--calendar-days",
            "-1"
        ])
        .is_err());
    }
}
