//! Working-time arithmetic on a [`WorkingCalendar`].
//!
//! Instants are `DateTime<FixedOffset>`: any offset is accepted on input; results are always at
//! `+07:00` (Vietnam has no DST). Internally an instant is "local seconds" (Unix seconds + 7 h),
//! and the *working clock* `position(t)` = working seconds from the table's first day to `t`,
//! read off the per-day prefix sums. Every operation is then a difference of positions or the
//! earliest instant at which the clock reaches a value, found by galloping search from the
//! start day: no minute-by-minute loops.

use chrono::{DateTime, Days, FixedOffset, NaiveTime, Timelike};

use crate::calendar::WorkingCalendar;
use crate::duration::{DeadlineRule, DueStatus, Duration, WorkingDuration};
use crate::office_hours::Period;
use crate::CalendarError;

/// Vietnam's offset, +07:00.
pub const VN_OFFSET_SECONDS: i32 = 7 * 3600;
const DAY: i64 = 86_400;

/// The `+07:00` offset (checked at compile time).
pub const VN_OFFSET: FixedOffset = match FixedOffset::east_opt(VN_OFFSET_SECONDS) {
    Some(o) => o,
    None => panic!("invalid offset"),
};

/// The `+07:00` offset.
pub fn vn_offset() -> FixedOffset {
    VN_OFFSET
}

/// A half-open interval `[start, end)` during which the clock is stopped (e.g. waiting for the
/// applicant's supplement).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pause {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
}

pub(crate) fn local_seconds(t: &DateTime<FixedOffset>) -> i64 {
    t.timestamp() + i64::from(VN_OFFSET_SECONDS)
}

fn worked_in_day(periods: &[Period], sod: i64) -> i64 {
    periods
        .iter()
        .map(|p| (sod - i64::from(p.start)).clamp(0, i64::from(p.len_seconds())))
        .sum()
}

impl WorkingCalendar {
    fn day_index(&self, ls: i64) -> Result<usize, CalendarError> {
        let idx = ls.div_euclid(DAY) - self.first_day;
        if idx < 0 || idx as usize >= self.day_sched.len() {
            let date = DateTime::from_timestamp(ls - i64::from(VN_OFFSET_SECONDS), 0)
                .map_or(self.last, |d| d.with_timezone(&vn_offset()).date_naive());
            return Err(self.out_of_range(date));
        }
        Ok(idx as usize)
    }

    fn periods_at(&self, idx: usize) -> &[Period] {
        &self.schedules[self.day_sched[idx] as usize]
    }

    /// The working clock at local second `ls`.
    fn position(&self, ls: i64) -> Result<(usize, i64), CalendarError> {
        let idx = self.day_index(ls)?;
        Ok((
            idx,
            self.cum[idx] + worked_in_day(self.periods_at(idx), ls.rem_euclid(DAY)),
        ))
    }

    /// The earliest local second at which the clock reads `target`, searching from day `from`
    /// (requires `target > cum[from]`). A target reached exactly at a period's end stays there.
    fn locate(&self, target: i64, from: usize) -> Result<i64, CalendarError> {
        // Smallest day d >= from whose end-of-day clock cum[d + 1] reaches the target.
        let n = self.day_sched.len();
        let ends = &self.cum[1..];
        let (mut lo, mut step) = (from, 1usize);
        let day = loop {
            if ends[lo] >= target {
                break lo;
            }
            let hi = (lo + step).min(n - 1);
            if ends[hi] >= target {
                break lo + 1 + ends[lo + 1..=hi].partition_point(|&c| c < target);
            }
            if hi == n - 1 {
                return Err(self.out_of_range(self.last));
            }
            lo = hi;
            step *= 2;
        };
        let mut rest = target - self.cum[day];
        for p in self.periods_at(day) {
            let len = i64::from(p.len_seconds());
            if rest <= len {
                return Ok((self.first_day + day as i64) * DAY + i64::from(p.start) + rest);
            }
            rest -= len;
        }
        Err(self.out_of_range(self.last))
    }

    fn instant(&self, ls: i64) -> Result<DateTime<FixedOffset>, CalendarError> {
        DateTime::from_timestamp(ls - i64::from(VN_OFFSET_SECONDS), 0)
            .map(|d| d.with_timezone(&vn_offset()))
            .ok_or(self.out_of_range(self.last))
    }

    fn next_working_ls(&self, ls: i64) -> Result<i64, CalendarError> {
        let (idx, pos) = self.position(ls)?;
        // One second into the next stretch of working time, minus that second.
        Ok(self.locate(pos + 1, idx)? - 1)
    }

    /// The instant counting starts from: `t` itself inside a working period, otherwise the
    /// start of the next working period (lunch, evening, weekend, holiday).
    ///
    /// ```
    /// use chrono::DateTime;
    /// use motcua_calendar::WorkingCalendar;
    /// let cal = WorkingCalendar::vietnam()?;
    /// let t = DateTime::parse_from_rfc3339("2025-01-03T17:30:00+07:00").unwrap(); // Friday evening
    /// assert_eq!(cal.next_working_instant(t)?.to_rfc3339(), "2025-01-06T07:00:00+07:00");
    /// # Ok::<(), motcua_calendar::CalendarError>(())
    /// ```
    pub fn next_working_instant(
        &self,
        t: DateTime<FixedOffset>,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        self.instant(self.next_working_ls(local_seconds(&t))?)
    }

    /// Whether `t` lies inside a working period.
    pub fn is_working_instant(&self, t: DateTime<FixedOffset>) -> Result<bool, CalendarError> {
        let ls = local_seconds(&t);
        let sod = ls.rem_euclid(DAY);
        let periods = self.periods_at(self.day_index(ls)?);
        Ok(periods
            .iter()
            .any(|p| i64::from(p.start) <= sod && sod < i64::from(p.end)))
    }

    fn add_ls(&self, ls: i64, d: WorkingDuration) -> Result<i64, CalendarError> {
        if d.is_negative() {
            return Err(CalendarError::InvalidDuration(format!(
                "{} phút âm / negative {} minutes",
                d.as_minutes(),
                d.as_minutes()
            )));
        }
        if d.as_seconds() == 0 {
            return self.next_working_ls(ls);
        }
        let (idx, pos) = self.position(ls)?;
        self.locate(pos + d.as_seconds(), idx)
    }

    /// The instant at which `d` of working time has elapsed since `t` (the due instant).
    ///
    /// ```
    /// use chrono::DateTime;
    /// use motcua_calendar::{WorkingCalendar, WorkingDuration};
    /// let cal = WorkingCalendar::vietnam()?;
    /// let monday_9 = DateTime::parse_from_rfc3339("2025-06-02T09:00:00+07:00").unwrap();
    /// let due = |d| cal.add_working(monday_9, d).map(|t| t.to_rfc3339());
    /// assert_eq!(due(WorkingDuration::days(1))?, "2025-06-03T09:00:00+07:00");
    /// assert_eq!(due(WorkingDuration::half_days(1))?, "2025-06-02T15:00:00+07:00");
    /// # Ok::<(), motcua_calendar::CalendarError>(())
    /// ```
    pub fn add_working(
        &self,
        t: DateTime<FixedOffset>,
        d: WorkingDuration,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        self.instant(self.add_ls(local_seconds(&t), d)?)
    }

    /// Working time from `a` to `b` (negative if `b` is before `a`).
    pub fn working_time_between(
        &self,
        a: DateTime<FixedOffset>,
        b: DateTime<FixedOffset>,
    ) -> Result<WorkingDuration, CalendarError> {
        let (_, pa) = self.position(local_seconds(&a))?;
        let (_, pb) = self.position(local_seconds(&b))?;
        Ok(WorkingDuration::seconds(pb - pa))
    }

    /// Pauses as sorted, merged local-second intervals: overlapping pauses stop the clock once.
    pub(crate) fn merged(pauses: &[Pause]) -> Vec<(i64, i64)> {
        let mut v: Vec<(i64, i64)> = pauses
            .iter()
            .map(|p| (local_seconds(&p.start), local_seconds(&p.end)))
            .filter(|(s, e)| e > s)
            .collect();
        v.sort_unstable();
        let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
        for (s, e) in v {
            match out.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
        out
    }

    /// Working time from `a` to `b` with the pause intervals taken out (working time used).
    ///
    /// ```
    /// use chrono::DateTime;
    /// use motcua_calendar::{Pause, WorkingCalendar, WorkingDuration};
    /// let cal = WorkingCalendar::vietnam()?;
    /// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
    /// let pause = Pause { start: t("2025-06-02T13:30:00+07:00"), end: t("2025-06-03T07:00:00+07:00") };
    /// let used = cal.working_time_excluding(t("2025-06-02T07:00:00+07:00"), t("2025-06-03T11:30:00+07:00"), &[pause])?;
    /// assert_eq!(used, WorkingDuration::hours(9));
    /// # Ok::<(), motcua_calendar::CalendarError>(())
    /// ```
    pub fn working_time_excluding(
        &self,
        a: DateTime<FixedOffset>,
        b: DateTime<FixedOffset>,
        pauses: &[Pause],
    ) -> Result<WorkingDuration, CalendarError> {
        let (la, lb) = (local_seconds(&a), local_seconds(&b));
        let (_, pa) = self.position(la)?;
        let (_, pb) = self.position(lb)?;
        let (lo, hi) = (la.min(lb), la.max(lb));
        let mut paused = 0;
        for (s, e) in Self::merged(pauses) {
            let (s, e) = (s.max(lo), e.min(hi));
            if e > s {
                paused += self.position(e)?.1 - self.position(s)?.1;
            }
        }
        let total = pb - pa;
        Ok(WorkingDuration::seconds(if total >= 0 {
            total - paused
        } else {
            total + paused
        }))
    }

    /// The due instant for working time `d` counted from `t`, with the clock stopped during
    /// the pauses.
    pub fn add_working_with_pauses(
        &self,
        t: DateTime<FixedOffset>,
        d: WorkingDuration,
        pauses: &[Pause],
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        if d.is_negative() {
            return self.add_working(t, d);
        }
        let mut cur = local_seconds(&t);
        let mut rest = d.as_seconds();
        for (s, e) in Self::merged(pauses) {
            if e <= cur {
                continue;
            }
            if s > cur {
                let (idx, pc) = self.position(cur)?;
                let available = self.position(s)?.1 - pc;
                if rest > 0 && available >= rest {
                    return self.instant(self.locate(pc + rest, idx)?);
                }
                rest -= available.min(rest);
            }
            cur = cur.max(e);
        }
        self.instant(self.add_ls(cur, WorkingDuration::seconds(rest))?)
    }

    /// `n` calendar days after the date of `t`; if that day is not worked, the next working
    /// day. The due instant is the end of that day's office hours.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use motcua_calendar::WorkingCalendar;
    /// let cal = WorkingCalendar::vietnam()?;
    /// let t = DateTime::parse_from_rfc3339("2025-04-23T10:00:00+07:00").unwrap();
    /// // 23/4 + 7 = 30/4, a holiday; 1/5 holiday, 2/5 swapped day off, 3–4/5 weekend → Mon 5/5.
    /// assert_eq!(cal.add_calendar_days(t, 7)?.to_rfc3339(), "2025-05-05T17:00:00+07:00");
    /// # Ok::<(), motcua_calendar::CalendarError>(())
    /// ```
    pub fn add_calendar_days(
        &self,
        t: DateTime<FixedOffset>,
        n: u32,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        let local = t.with_timezone(&vn_offset()).date_naive();
        let target = local
            .checked_add_days(Days::new(u64::from(n)))
            .ok_or(self.out_of_range(self.last))?;
        let day = self.next_working_day(target)?;
        let idx = self.index(day)?;
        let end = self.periods_at(idx).last().map_or(0, |p| i64::from(p.end));
        self.instant((self.first_day + idx as i64) * DAY + end)
    }

    /// Where counting starts for a rule: the received instant, or the next working day's first
    /// period if the rule has a same-day cut-off and `received` is after it.
    pub fn counting_start(
        &self,
        received: DateTime<FixedOffset>,
        rule: &DeadlineRule,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        let ls = local_seconds(&received);
        match rule.same_day_cutoff {
            Some(cut) if ls.rem_euclid(DAY) > i64::from(cut.num_seconds_from_midnight()) => {
                let next_midnight = (ls.div_euclid(DAY) + 1) * DAY;
                self.instant(self.next_working_ls(next_midnight)?)
            }
            _ => Ok(received),
        }
    }

    /// The due instant of a rule for a dossier (or step) received at `received`.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use motcua_calendar::{DeadlineRule, WorkingCalendar, WorkingDuration, SAME_DAY_CUTOFF};
    /// let cal = WorkingCalendar::vietnam()?;
    /// let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
    /// let one_day = DeadlineRule::working(WorkingDuration::days(1));
    /// // Monday 18:00 + 1 working day = Tuesday 17:00.
    /// assert_eq!(cal.due(t("2025-06-02T18:00:00+07:00"), &one_day)?.to_rfc3339(), "2025-06-03T17:00:00+07:00");
    /// // Same-day procedure received after 15:00: counted from the next working day.
    /// let same_day = DeadlineRule::working(WorkingDuration::half_days(1)).with_same_day_cutoff(SAME_DAY_CUTOFF);
    /// assert_eq!(cal.due(t("2025-06-02T15:30:00+07:00"), &same_day)?.to_rfc3339(), "2025-06-03T11:00:00+07:00");
    /// # Ok::<(), motcua_calendar::CalendarError>(())
    /// ```
    pub fn due(
        &self,
        received: DateTime<FixedOffset>,
        rule: &DeadlineRule,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        let start = self.counting_start(received, rule)?;
        match rule.duration {
            Duration::Working(d) => self.add_working(start, d),
            Duration::CalendarDays(n) => self.add_calendar_days(start, n),
        }
    }

    /// Classifies `now` against `due`: overdue once past it, due soon when at most `warn_within`
    /// working time remains.
    pub fn due_status(
        &self,
        now: DateTime<FixedOffset>,
        due: DateTime<FixedOffset>,
        warn_within: WorkingDuration,
    ) -> Result<DueStatus, CalendarError> {
        if now > due {
            return Ok(DueStatus::Overdue);
        }
        Ok(if self.working_time_between(now, due)? <= warn_within {
            DueStatus::DueSoon
        } else {
            DueStatus::OnTrack
        })
    }
}

/// Parses an ISO 8601 / RFC 3339 instant; without an offset it is taken as Vietnam time.
///
/// ```
/// use motcua_calendar::parse_instant;
/// assert_eq!(parse_instant("2025-06-02T09:00")?.to_rfc3339(), "2025-06-02T09:00:00+07:00");
/// assert_eq!(parse_instant("2025-06-02T02:00:00Z")?.to_rfc3339(), "2025-06-02T09:00:00+07:00");
/// # Ok::<(), motcua_calendar::CalendarError>(())
/// ```
pub fn parse_instant(s: &str) -> Result<DateTime<FixedOffset>, CalendarError> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&vn_offset()));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%d %H:%M%:z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Ok(t.with_timezone(&vn_offset()));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            if let Some(t) = t.and_local_timezone(vn_offset()).single() {
                return Ok(t);
            }
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if let Some(t) = d
            .and_time(NaiveTime::MIN)
            .and_local_timezone(vn_offset())
            .single()
        {
            return Ok(t);
        }
    }
    Err(CalendarError::InvalidInstant(format!(
        "'{s}' không phải thời điểm ISO 8601 / '{s}' is not an ISO 8601 instant"
    )))
}
