//! The procedure edit form: what was typed (kept as text so it can be shown back), the
//! procedure it makes, the live rules panel, and the domain's problems placed next to fields.

use motcua_app::admin::procedures::{live_rules, procedure_problems};
use motcua_domain::catalog::Entity;
use motcua_domain::{
    Agency, Fee, FeeTiming, Field, OnlineLevel, Procedure, PublicationStatus, Role, Step,
    TimeLimit, TimeUnit,
};

use super::common::{opt, pick, FormData, FormErrors};
use crate::i18n::Tr;
use crate::pages::format;

#[derive(Clone, Default)]
pub struct FeeRow {
    pub name: String,
    pub amount: String,
}

#[derive(Clone, Default)]
pub struct StepRow {
    pub name: String,
    pub role: String,
    pub unit: String,
    /// Another agency's code for a liên thông step; kept through reordering.
    pub agency: String,
    pub hours: String,
}

#[derive(Clone, Default)]
pub struct ProcForm {
    pub name: String,
    pub statutory_unit: String,
    pub statutory_days: String,
    pub committed_unit: String,
    pub committed_days: String,
    pub fee_timing: String,
    pub online_level: String,
    pub on_the_spot: bool,
    pub status: String,
    pub fees: Vec<FeeRow>,
    pub steps: Vec<StepRow>,
}

fn text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn parse_enum<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

/// "2,5" or "2.5" → 2.5.
fn number(s: &str) -> Option<f64> {
    s.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

fn num_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl ProcForm {
    pub fn from_procedure(p: &Procedure) -> ProcForm {
        ProcForm {
            name: p.name.clone(),
            statutory_unit: text(&p.statutory_time.unit),
            statutory_days: num_text(p.statutory_time.days),
            committed_unit: text(&p.committed_time.unit),
            committed_days: num_text(p.committed_time.days),
            fee_timing: text(&p.fee_timing),
            online_level: text(&p.online_level),
            on_the_spot: p.on_the_spot,
            status: text(&p.status),
            fees: p
                .fees
                .iter()
                .map(|f| FeeRow {
                    name: f.name.clone(),
                    amount: f.amount_vnd.map(|a| a.to_string()).unwrap_or_default(),
                })
                .collect(),
            steps: p
                .steps
                .iter()
                .map(|s| StepRow {
                    name: s.name.clone(),
                    role: s.role.as_str().to_owned(),
                    unit: s.unit_code.clone(),
                    agency: s.agency_code.clone().unwrap_or_default(),
                    hours: num_text(s.hours),
                })
                .collect(),
        }
    }

    pub fn from_data(f: &FormData) -> ProcForm {
        let col = |n: &str| f.all(n);
        let (names, roles, units, agencies, hours) = (
            col("step_name"),
            col("step_role"),
            col("step_unit"),
            col("step_agency"),
            col("step_hours"),
        );
        let at = |v: &Vec<&str>, i: usize| v.get(i).map(|s| s.to_string()).unwrap_or_default();
        let steps = (0..names.len())
            .map(|i| StepRow {
                name: at(&names, i),
                role: at(&roles, i),
                unit: at(&units, i),
                agency: at(&agencies, i),
                hours: at(&hours, i),
            })
            .collect();
        let (fee_names, fee_amounts) = (col("fee_name"), col("fee_amount"));
        let fees = (0..fee_names.len())
            .map(|i| FeeRow {
                name: at(&fee_names, i),
                amount: at(&fee_amounts, i),
            })
            .collect();
        ProcForm {
            name: f.get("name").to_owned(),
            statutory_unit: f.get("statutory_unit").to_owned(),
            statutory_days: f.get("statutory_days").to_owned(),
            committed_unit: f.get("committed_unit").to_owned(),
            committed_days: f.get("committed_days").to_owned(),
            fee_timing: f.get("fee_timing").to_owned(),
            online_level: f.get("online_level").to_owned(),
            on_the_spot: f.get("on_the_spot") == "1",
            status: f.get("status").to_owned(),
            fees,
            steps,
        }
    }

    /// Applies a row operation (`add`, `remove:3`, `up:2`, `down:0`, `add_fee`,
    /// `remove_fee:1`); returns whether `op` was one.
    pub fn apply_op(&mut self, op: &str) -> bool {
        let (verb, i) = match op.split_once(':') {
            Some((v, i)) => (v, i.parse::<usize>().ok()),
            None => (op, None),
        };
        match (verb, i) {
            ("add", None) => self.steps.push(StepRow {
                role: "specialist".into(),
                ..StepRow::default()
            }),
            ("add_fee", None) => self.fees.push(FeeRow::default()),
            ("remove", Some(i)) if i < self.steps.len() => {
                self.steps.remove(i);
            }
            ("remove_fee", Some(i)) if i < self.fees.len() => {
                self.fees.remove(i);
            }
            ("up", Some(i)) if i > 0 && i < self.steps.len() => self.steps.swap(i - 1, i),
            ("down", Some(i)) if i + 1 < self.steps.len() => self.steps.swap(i, i + 1),
            _ => return false,
        }
        true
    }

    fn time(&self, unit: &str, days: &str, field: &str, t: &Tr, e: &mut FormErrors) -> TimeLimit {
        let unit = parse_enum::<TimeUnit>(unit).unwrap_or(TimeUnit::WorkingDays);
        if unit == TimeUnit::SameDay {
            return TimeLimit::same_day();
        }
        match number(days) {
            Some(d) => TimeLimit { unit, days: d },
            None => {
                e.add(field, t.get("admin.proc.days_bad"));
                TimeLimit { unit, days: 0.0 }
            }
        }
    }

    /// The procedure this form makes of `base` (the current version); problems of form (not
    /// numbers, unknown choices) go to `e`, the domain judges the rest.
    pub fn to_procedure(&self, base: &Procedure, t: &Tr, e: &mut FormErrors) -> Procedure {
        let mut p = base.clone();
        p.name = motcua_domain::text::nfc(&self.name);
        p.statutory_time = self.time(
            &self.statutory_unit,
            &self.statutory_days,
            "statutory_days",
            t,
            e,
        );
        p.committed_time = self.time(
            &self.committed_unit,
            &self.committed_days,
            "committed_days",
            t,
            e,
        );
        p.fee_timing = parse_enum::<FeeTiming>(&self.fee_timing).unwrap_or(base.fee_timing);
        p.online_level = parse_enum::<OnlineLevel>(&self.online_level).unwrap_or(base.online_level);
        p.status = parse_enum::<PublicationStatus>(&self.status).unwrap_or(base.status);
        p.on_the_spot = self.on_the_spot;
        p.fees = Vec::new();
        for (i, f) in self.fees.iter().enumerate() {
            let amount = match f.amount.trim().replace(['.', ' '], "") {
                a if a.is_empty() => None,
                a => match a.parse::<i64>() {
                    Ok(v) if v >= 0 => Some(v),
                    _ => {
                        e.add(format!("fee-{i}-amount"), t.get("admin.proc.amount_bad"));
                        None
                    }
                },
            };
            if f.name.trim().is_empty() {
                e.add(
                    format!("fee-{i}-name"),
                    t.get("admin.proc.fee_name_missing"),
                );
            }
            p.fees.push(Fee {
                name: motcua_domain::text::nfc(&f.name),
                amount_vnd: amount,
                description: base
                    .fees
                    .iter()
                    .find(|b| b.name == f.name)
                    .and_then(|b| b.description.clone()),
            });
        }
        p.steps = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let hours = number(&s.hours).unwrap_or_else(|| {
                    e.add(format!("step-{i}-hours"), t.get("admin.proc.hours_bad"));
                    0.0
                });
                let role = Role::parse(&s.role).unwrap_or_else(|| {
                    e.add(format!("step-{i}-role"), t.get("admin.proc.role_bad"));
                    Role::Specialist
                });
                Step {
                    name: motcua_domain::text::nfc(&s.name),
                    role,
                    unit_code: s.unit.trim().to_owned(),
                    agency_code: opt(&s.agency),
                    hours,
                }
            })
            .collect();
        p
    }
}

/// The domain's validation of `p` against the stored agencies and fields, placed on the form.
pub fn domain_problems(
    p: &Procedure,
    agencies: &[Agency],
    fields: &[Field],
    t: &Tr,
    e: &mut FormErrors,
) {
    for pr in procedure_problems(p, agencies, fields) {
        let field = match (pr.entity, pr.index) {
            (Entity::Step, Some(i)) => match pr.attribute {
                "hours" => format!("step-{i}-hours"),
                "unit_code" | "agency_code" => format!("step-{i}-unit"),
                _ => format!("step-{i}-name"),
            },
            (Entity::Procedure, _) => match pr.attribute {
                "name" | "statutory_days" | "committed_days" | "steps" => pr.attribute.to_owned(),
                _ => "name".to_owned(),
            },
            _ => "name".to_owned(),
        };
        // A field already marked by the form's own check keeps that (more precise) message.
        if !e.has(&field) {
            e.add(field, pick(t, &pr.message_vi, &pr.message_en));
        }
    }
}

/// The rules shown live next to the internal procedure.
pub struct Rules {
    /// "Steps add up to 64 working hours".
    pub total: String,
    /// The domain's message when the steps do not add up to the committed time.
    pub steps_error: Option<String>,
    /// "Cut 33.3%" or none when the times cannot be compared.
    pub cut: Option<String>,
    /// The committed time is not below the statutory time.
    pub no_cut: bool,
    /// Cut, but less than the reform target.
    pub below_target: bool,
    /// Calendar days against working days: no percentage can be given.
    pub incomparable: bool,
}

pub fn rules(p: &Procedure, agencies: &[Agency], fields: &[Field], t: &Tr) -> Rules {
    let r = live_rules(p, agencies, fields);
    Rules {
        total: t.fmt(
            "admin.proc.steps_total",
            format::number(r.steps_hours, t.lang),
        ),
        steps_error: r.steps_problem.map(|(vi, en)| pick(t, &vi, &en)),
        cut: r
            .cut_percent
            .map(|c| format::number((c * 10.0).round() / 10.0, t.lang)),
        no_cut: r.no_cut,
        below_target: r.below_target,
        incomparable: r.cut_percent.is_none(),
    }
}
