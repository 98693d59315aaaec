//! The report pages' period picker and scope filters, read from the query string: the values
//! as typed (kept for re-rendering), the period and scope they make, and what is wrong.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use motcua_app::reports::Scope;
use motcua_domain::dossier::{vn_date, Actor};
use motcua_domain::reports::access::may_choose_agency;
use motcua_domain::reports::{Against, CutOff, GroupBy, Period, PeriodInput};

use crate::i18n::{Lang, Tr};
use crate::session::urlencode;

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
    vn_date(Utc::now())
}

fn get(q: &HashMap<String, String>, k: &str) -> String {
    q.get(k).map(|v| v.trim().to_owned()).unwrap_or_default()
}

impl Filters {
    /// Reads the filters of `reader`; `default_kind` is the period shown when none was asked
    /// for. The period's rules are the domain's ([`PeriodInput`]), as for the JSON API.
    pub fn parse(
        q: &HashMap<String, String>,
        reader: &Actor,
        t: &Tr,
        default_kind: &str,
    ) -> Filters {
        let today = today_vn();
        let input = PeriodInput {
            kind: get(q, "kind"),
            year: get(q, "year"),
            month: get(q, "month"),
            quarter: get(q, "quarter"),
            half: get(q, "half"),
            from: get(q, "from"),
            to: get(q, "to"),
            cut: get(q, "cut"),
        }
        .or_defaults(today, default_kind);
        let (period, errors) = match input.period(today) {
            Ok(p) => (Some(p), Vec::new()),
            Err(problems) => (
                None,
                problems
                    .iter()
                    .map(|p| FieldError {
                        field: p.field,
                        message: match t.lang {
                            Lang::Vi => p.reason.message_vi(),
                            Lang::En => p.reason.message_en(),
                        }
                        .to_owned(),
                    })
                    .collect(),
            ),
        };
        let agency_locked = !may_choose_agency(reader);
        let mut f = Filters {
            kind: input.kind,
            year: input.year,
            month: input.month,
            quarter: input.quarter,
            half: input.half,
            from: input.from,
            to: input.to,
            cut: input.cut,
            agency: if agency_locked {
                reader.agency_code.clone().unwrap_or_default()
            } else {
                get(q, "agency")
            },
            unit: get(q, "unit"),
            field: get(q, "field"),
            procedure: get(q, "procedure"),
            by: get(q, "by"),
            extended: q.get("extended").is_some_and(|v| v == "1"),
            agency_locked,
            errors,
            period,
        };
        if f.by.is_empty() {
            f.by = "field".to_owned();
        }
        if GroupBy::parse(&f.by).is_none() {
            f.errors.push(FieldError {
                field: "by",
                message: t.get("reports.error.by").to_owned(),
            });
            f.by = "field".to_owned();
        }
        f
    }

    /// The cut-off day (calendar months when it is not one).
    pub fn cut_off(&self) -> CutOff {
        CutOff(self.cut.parse().unwrap_or(1))
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
