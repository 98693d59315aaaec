//! The report pages' period picker and scope filters, read from the query string: the values
//! as typed (kept for re-rendering), the period and scope they make, and what is wrong.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use motcua_domain::reports::{Against, CutOff, GroupBy, Period};
use motcua_domain::Role;
use motcua_store::reports::Scope;

use crate::i18n::Tr;
use crate::session::{urlencode, SessionUser};

/// One problem with the filters, shown in the summary and beside the field.
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// The filters as typed and as understood.
pub struct Filters {
    pub kind: String,
    pub year: String,
    pub month: String,
    pub quarter: String,
    pub half: String,
    pub from: String,
    pub to: String,
    pub cut: String,
    pub agency: String,
    pub unit: String,
    pub field: String,
    pub procedure: String,
    pub by: String,
    pub extended: bool,
    /// Admins choose the agency; everyone else reports on their own.
    pub agency_locked: bool,
    pub errors: Vec<FieldError>,
    pub period: Option<Period>,
}

/// Today's date in Vietnam (UTC+7).
pub fn today_vn() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// A period that has not ended yet stops today: figures are "as of" now, and a dossier due
/// next week is not counted as overdue at the end of the year.
pub fn as_of(p: Period, today: NaiveDate) -> Period {
    if p.from <= today && today < p.to {
        Period {
            from: p.from,
            to: today,
        }
    } else {
        p
    }
}

fn get(q: &HashMap<String, String>, k: &str) -> String {
    q.get(k).map(|v| v.trim().to_owned()).unwrap_or_default()
}

impl Filters {
    /// Reads the filters; `default_kind` is the period shown when none was asked for.
    pub fn parse(
        q: &HashMap<String, String>,
        user: &SessionUser,
        t: &Tr,
        default_kind: &str,
    ) -> Filters {
        let today = today_vn();
        let or = |v: String, d: String| if v.is_empty() { d } else { v };
        let agency_locked = !user.has_any(&[Role::Admin]);
        let mut f = Filters {
            kind: or(get(q, "kind"), default_kind.to_owned()),
            year: or(get(q, "year"), today.year().to_string()),
            month: or(get(q, "month"), today.month().to_string()),
            quarter: or(get(q, "quarter"), (today.month0() / 3 + 1).to_string()),
            half: or(get(q, "half"), (today.month0() / 6 + 1).to_string()),
            from: get(q, "from"),
            to: get(q, "to"),
            cut: or(get(q, "cut"), "1".to_owned()),
            agency: if agency_locked {
                user.agency_code.clone().unwrap_or_default()
            } else {
                get(q, "agency")
            },
            unit: get(q, "unit"),
            field: get(q, "field"),
            procedure: get(q, "procedure"),
            by: or(get(q, "by"), "field".to_owned()),
            extended: q.get("extended").is_some_and(|v| v == "1"),
            agency_locked,
            errors: Vec::new(),
            period: None,
        };
        f.period = f.read_period(t).map(|p| as_of(p, today));
        if GroupBy::parse(&f.by).is_none() {
            f.error("by", t.get("reports.error.by"));
            f.by = "field".to_owned();
        }
        f
    }

    fn error(&mut self, field: &'static str, message: &str) {
        self.errors.push(FieldError {
            field,
            message: message.to_owned(),
        });
    }

    fn read_period(&mut self, t: &Tr) -> Option<Period> {
        let cut = match self.cut.parse::<u32>() {
            Ok(c) if (1..=28).contains(&c) => CutOff(c),
            _ => {
                self.error("cut", t.get("reports.error.cut"));
                return None;
            }
        };
        if self.kind == "range" {
            let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            let (from, to) = (date(&self.from), date(&self.to));
            if from.is_none() {
                self.error("from", t.get("reports.error.from"));
            }
            if to.is_none() {
                self.error("to", t.get("reports.error.to"));
            }
            let (from, to) = (from?, to?);
            return match Period::range(from, to) {
                Ok(p) => Some(p),
                Err(_) => {
                    self.error("to", t.get("reports.error.reversed"));
                    None
                }
            };
        }
        let year = match self.year.parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                self.error("year", t.get("reports.error.year"));
                return None;
            }
        };
        let n = |s: &str| s.parse::<u32>().unwrap_or(0);
        let p = match self.kind.as_str() {
            "month" => Period::month(year, n(&self.month), cut),
            "quarter" => Period::quarter(year, n(&self.quarter), cut),
            "half" => Period::half(year, n(&self.half), cut),
            "year" => Period::year(year, cut),
            _ => {
                self.error("kind", t.get("reports.error.kind"));
                return None;
            }
        };
        match p {
            Ok(p) => Some(p),
            Err(_) => {
                self.error(
                    match self.kind.as_str() {
                        "month" => "month",
                        "quarter" => "quarter",
                        _ => "half",
                    },
                    t.get("reports.error.number"),
                );
                None
            }
        }
    }

    pub fn scope(&self) -> Scope {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Scope {
            agency_code: opt(&self.agency),
            unit_code: opt(&self.unit),
            field_code: opt(&self.field),
            procedure_code: opt(&self.procedure),
        }
    }

    pub fn group_by(&self) -> GroupBy {
        GroupBy::parse(&self.by).unwrap_or_default()
    }

    pub fn against(&self) -> Against {
        if self.extended {
            Against::Extended
        } else {
            Against::Original
        }
    }

    /// The filters as a query string (no leading `?`), for links and downloads.
    pub fn query(&self) -> String {
        let mut kv: Vec<(&str, &str)> = vec![("kind", &self.kind), ("cut", &self.cut)];
        match self.kind.as_str() {
            "range" => {
                kv.push(("from", &self.from));
                kv.push(("to", &self.to));
            }
            k => {
                kv.push(("year", &self.year));
                match k {
                    "month" => kv.push(("month", &self.month)),
                    "quarter" => kv.push(("quarter", &self.quarter)),
                    "half" => kv.push(("half", &self.half)),
                    _ => {}
                }
            }
        }
        for (k, v) in [
            ("agency", &self.agency),
            ("unit", &self.unit),
            ("field", &self.field),
            ("procedure", &self.procedure),
        ] {
            let locked = k == "agency" && self.agency_locked;
            if !v.is_empty() && !locked {
                kv.push((k, v));
            }
        }
        kv.push(("by", &self.by));
        if self.extended {
            kv.push(("extended", "1"));
        }
        kv.iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The message for `field`, if it has one.
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is(&self, name: &str, value: &str) -> bool {
        match name {
            "kind" => self.kind == value,
            "month" => self.month == value,
            "quarter" => self.quarter == value,
            "half" => self.half == value,
            "agency" => self.agency == value,
            "unit" => self.unit == value,
            "field" => self.field == value,
            "by" => self.by == value,
            _ => false,
        }
    }
}
