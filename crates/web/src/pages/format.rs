//! How values read in each language: time limits, money, enum labels.

use motcua_domain::{ApplicantType, FeeTiming, OnlineLevel, Role, TimeLimit, TimeUnit};

use crate::i18n::{Lang, Tr};

/// `2.5` → "2,5" in Vietnamese, "2.5" in English; whole numbers without decimals.
pub fn number(x: f64, lang: Lang) -> String {
    // −0.0 (a rounded tiny negative, an empty float sum) reads "0", never "-0".
    let x = if x == 0.0 { 0.0 } else { x };
    let s = if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    };
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

pub fn time_limit(t: &TimeLimit, tr: &Tr) -> String {
    match t.unit {
        TimeUnit::SameDay => tr.get("time.same_day").to_owned(),
        TimeUnit::WorkingDays => working_days(t.days, tr),
        TimeUnit::CalendarDays => tr.fmt("time.calendar_days", number(t.days, tr.lang)),
    }
}

/// "1 working day" / "2 working days" (Vietnamese has no plural).
fn working_days(days: f64, tr: &Tr) -> String {
    let key = if days == 1.0 {
        "time.working_day"
    } else {
        "time.working_days"
    };
    tr.fmt(key, number(days, tr.lang))
}

/// Working hours split into whole working days of 8 hours and the hours left over:
/// 21 → (2, 5), 16 → (2, 0), 4.5 → (0, 4.5).
pub fn days_and_hours(h: f64) -> (u32, f64) {
    let h = if h.is_finite() { h.max(0.0) } else { 0.0 };
    let days = (h / 8.0).floor();
    (days as u32, h - days * 8.0)
}

/// Working hours of a step as a person counts them: "4 giờ làm việc", "2 ngày làm việc", and
/// "2 ngày 5 giờ làm việc" rather than "21 giờ làm việc".
pub fn hours(h: f64, tr: &Tr) -> String {
    match days_and_hours(h) {
        (0, rest) => tr.fmt("time.hours", number(rest, tr.lang)),
        (days, 0.0) => working_days(f64::from(days), tr),
        (days, rest) => {
            let key = if days == 1 {
                "time.day_hours"
            } else {
                "time.days_hours"
            };
            tr.fmt(key, days).replacen("{}", &number(rest, tr.lang), 1)
        }
    }
}

/// 1200000 → "1.200.000 đồng" / "1,200,000 VND".
pub fn money(vnd: i64, lang: Lang) -> String {
    let digits = vnd.unsigned_abs().to_string();
    let sep = if lang == Lang::Vi { '.' } else { ',' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    let sign = if vnd < 0 { "-" } else { "" };
    match lang {
        Lang::Vi => format!("{sign}{out} đồng"),
        Lang::En => format!("{sign}{out} VND"),
    }
}

/// [`money`] for templates, which hand fields over by reference.
pub fn amount(vnd: impl std::borrow::Borrow<i64>, lang: impl std::borrow::Borrow<Lang>) -> String {
    money(*vnd.borrow(), *lang.borrow())
}

pub fn online_level(l: OnlineLevel, tr: &Tr) -> &'static str {
    tr.get(match l {
        OnlineLevel::Full => "online.full",
        OnlineLevel::Partial => "online.partial",
        OnlineLevel::None => "online.none",
    })
}

pub fn applicant(a: ApplicantType, tr: &Tr) -> &'static str {
    tr.get(match a {
        ApplicantType::Citizen => "applicant.citizen",
        ApplicantType::Business => "applicant.business",
        ApplicantType::StateAgency => "applicant.state_agency",
        ApplicantType::Organization => "applicant.organization",
        ApplicantType::Foreign => "applicant.foreign",
    })
}

pub fn fee_timing(f: FeeTiming, tr: &Tr) -> &'static str {
    tr.get(match f {
        FeeTiming::Before => "fee.before",
        FeeTiming::After => "fee.after",
        FeeTiming::Exempt => "fee.exempt",
        FeeTiming::None => "fee.none",
    })
}

pub fn role(r: Role, tr: &Tr) -> &'static str {
    tr.get(match r {
        Role::Desk => "role.desk",
        Role::Specialist => "role.specialist",
        Role::Head => "role.head",
        Role::Director => "role.director",
        Role::Clerk => "role.clerk",
        Role::Admin => "role.admin",
        Role::Reporter => "role.reporter",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money() {
        assert_eq!(number(2.5, Lang::Vi), "2,5");
        assert_eq!(number(10.0, Lang::En), "10");
        assert_eq!(number(-0.0, Lang::Vi), "0");
        assert_eq!(number((-0.001_f64 * 100.0).round() / 100.0, Lang::Vi), "0");
        assert_eq!(money(1_200_000, Lang::Vi), "1.200.000 đồng");
        assert_eq!(money(600_000, Lang::En), "600,000 VND");
        assert_eq!(money(0, Lang::Vi), "0 đồng");
    }

    #[test]
    fn time_texts() {
        let vi = Lang::Vi.tr();
        assert_eq!(
            time_limit(&TimeLimit::working_days(10.5), &vi),
            "10,5 ngày làm việc"
        );
        assert_eq!(time_limit(&TimeLimit::same_day(), &vi), "Trong ngày");
        assert_eq!(hours(16.0, &vi), "2 ngày làm việc");
        assert_eq!(hours(4.0, &Lang::En.tr()), "4 working hours");
        assert_eq!(hours(8.0, &Lang::En.tr()), "1 working day");
        assert_eq!(hours(8.0, &vi), "1 ngày làm việc");
        assert_eq!(hours(21.0, &vi), "2 ngày 5 giờ làm việc");
        assert_eq!(hours(12.0, &vi), "1 ngày 4 giờ làm việc");
        assert_eq!(hours(4.5, &vi), "4,5 giờ làm việc");
        assert_eq!(hours(21.0, &Lang::En.tr()), "2 working days and 5 h");
        assert_eq!(hours(9.0, &Lang::En.tr()), "1 working day and 1 h");
    }

    #[test]
    fn hours_split_into_days_and_hours() {
        assert_eq!(days_and_hours(21.0), (2, 5.0));
        assert_eq!(days_and_hours(16.0), (2, 0.0));
        assert_eq!(days_and_hours(4.5), (0, 4.5));
        assert_eq!(days_and_hours(-3.0), (0, 0.0));
        for h in (0..400).map(|q| f64::from(q) / 4.0) {
            let (d, r) = days_and_hours(h);
            assert!((0.0..8.0).contains(&r), "{h}");
            assert_eq!(f64::from(d) * 8.0 + r, h);
        }
    }
}
