//! The reform report figures (domain.md §8) and Biểu II.07b, from catalog facts, counter sums
//! and rating counts gathered by the store.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::facts::Counter;
use super::form06a::{ratio, Form06a, Sums};
use super::period::Period;
use crate::catalog::OnlineLevel;
use crate::service::{FeedbackFigures, RatingLevel};

/// `count` out of `of`, and the share.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    pub count: i64,
    pub of: i64,
    pub rate: Option<f64>,
}

impl Share {
    pub fn new(count: i64, of: i64) -> Share {
        Share {
            count,
            of,
            rate: ratio(count, of),
        }
    }
}

/// What the report needs of one current procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureFacts {
    pub code: String,
    /// Administrative level ("Cấp tỉnh"…), if the catalog has it.
    pub level: Option<String>,
    pub online_level: OnlineLevel,
    pub national_portal: bool,
    /// Committed time at least 30% below the statutory time, in the same unit.
    pub cut_30: bool,
    /// Has steps run by another agency (liên thông).
    pub inter_agency: bool,
}

/// Rating answers counted per level: `[very satisfied, satisfied, dissatisfied]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingCounts {
    pub ease: [i64; 3],
    pub overall: [i64; 3],
}

impl RatingCounts {
    pub fn add(&mut self, ease: RatingLevel, overall: RatingLevel, n: i64) {
        self.ease[level_index(ease)] += n;
        self.overall[level_index(overall)] += n;
    }

    pub fn total(&self) -> i64 {
        self.overall.iter().sum()
    }
}

fn level_index(l: RatingLevel) -> usize {
    match l {
        RatingLevel::VerySatisfied => 0,
        RatingLevel::Satisfied => 1,
        RatingLevel::Dissatisfied => 2,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReformInputs {
    /// Counter sums over the period's days, and over the same period a year earlier.
    pub within: Sums,
    pub previous: Sums,
    /// Received in the period per channel: direct, online, postal.
    pub channels: [i64; 3],
    pub previous_online: i64,
    pub procedures: Vec<ProcedureFacts>,
    pub ratings: RatingCounts,
}

/// Shares of the rating answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Satisfaction {
    pub ratings: i64,
    /// Satisfied or very satisfied, overall.
    pub satisfied: Share,
    pub very_satisfied: Share,
    pub dissatisfied: Share,
    /// Satisfied or very satisfied with the ease of the procedure.
    pub ease_satisfied: Share,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineServices {
    pub full: i64,
    pub partial: i64,
    pub none: i64,
    /// Offered online (full or partial) and on the national portal.
    pub on_national_portal: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReformReport {
    pub period: Period,
    pub previous_period: Period,
    pub procedures: i64,
    pub procedures_cut_30: Share,
    pub online_services: OnlineServices,
    pub resolved: i64,
    pub resolved_on_time: Share,
    pub on_the_spot: Share,
    pub satisfaction: Satisfaction,
    pub received_direct: i64,
    pub received_online: i64,
    pub received_postal: i64,
    pub received_total: i64,
    pub previous_received_total: i64,
    pub previous_received_online: i64,
    /// This period ÷ the same period a year earlier (e.g. 1.4 = ×1.4).
    pub total_vs_previous: Option<f64>,
    pub online_vs_previous: Option<f64>,
}

pub fn reform_report(period: Period, i: &ReformInputs) -> ReformReport {
    let w = |c: Counter| i.within[c.index()];
    let resolved = w(Counter::Resolved);
    let n = i.procedures.len() as i64;
    let count =
        |f: &dyn Fn(&ProcedureFacts) -> bool| i.procedures.iter().filter(|p| f(p)).count() as i64;
    let r = &i.ratings;
    let ratings = r.total();
    let received_total = w(Counter::Received);
    let previous_received_total = i.previous[Counter::Received.index()];
    ReformReport {
        period,
        previous_period: period.previous_year(),
        procedures: n,
        procedures_cut_30: Share::new(count(&|p| p.cut_30), n),
        online_services: OnlineServices {
            full: count(&|p| p.online_level == OnlineLevel::Full),
            partial: count(&|p| p.online_level == OnlineLevel::Partial),
            none: count(&|p| p.online_level == OnlineLevel::None),
            on_national_portal: count(&|p| {
                p.online_level != OnlineLevel::None && p.national_portal
            }),
        },
        resolved,
        resolved_on_time: Share::new(w(Counter::Early) + w(Counter::OnTime), resolved),
        on_the_spot: Share::new(w(Counter::OnTheSpot), resolved),
        satisfaction: Satisfaction {
            ratings,
            satisfied: Share::new(r.overall[0] + r.overall[1], ratings),
            very_satisfied: Share::new(r.overall[0], ratings),
            dissatisfied: Share::new(r.overall[2], ratings),
            ease_satisfied: Share::new(r.ease[0] + r.ease[1], ratings),
        },
        received_direct: i.channels[0],
        received_online: i.channels[1],
        received_postal: i.channels[2],
        received_total,
        previous_received_total,
        previous_received_online: i.previous_online,
        total_vs_previous: ratio(received_total, previous_received_total),
        online_vs_previous: ratio(i.channels[1], i.previous_online),
    }
}

/// Dossiers of one procedure resolved after their appointment in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateProcedure {
    pub code: String,
    pub name: String,
    pub late: i64,
}

/// The procedures with dossiers resolved late in a period (against the original
/// appointment, as the on-time rate counts them), most late first, from Biểu II.06a grouped
/// by procedure.
pub fn late_procedures(by_procedure: &Form06a) -> Vec<LateProcedure> {
    let mut out: Vec<LateProcedure> = by_procedure
        .rows
        .iter()
        .filter(|r| r.counts.late > 0)
        .map(|r| LateProcedure {
            code: r.code.clone(),
            name: if r.name.trim().is_empty() {
                r.code.clone()
            } else {
                r.name.clone()
            },
            late: r.counts.late,
        })
        .collect();
    out.sort_by(|a, b| b.late.cmp(&a.late).then_with(|| a.code.cmp(&b.code)));
    out
}

/// Everything the reform report's text says for one period and scope, gathered by one use
/// case for every door (page, CLI): the figures, who speaks, which procedures had dossiers
/// resolved late, the apologies sent, the petitions. Rendered by `motcua_reports::official`.
/// As JSON (`motcua report reform`): the figures' fields, then `department`, `late`,
/// `apologies` and `pakn`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReformStatement {
    #[serde(flatten)]
    pub figures: ReformReport,
    /// The reporting agency as it names itself ("Sở Công Thương"); empty when the report
    /// covers several agencies.
    pub department: String,
    /// Procedures with dossiers resolved late in the period, most late first.
    pub late: Vec<LateProcedure>,
    /// Letters of apology and new appointment (form 04: "Phiếu xin lỗi và hẹn lại ngày trả kết
    /// quả", since 2025 "Văn bản xin lỗi và đề nghị gia hạn") issued in the period.
    pub apologies: i64,
    /// Petitions (PAKN) received in the period and how they were answered; `None` when the
    /// report is narrowed below an agency (petitions are addressed to an agency).
    pub pakn: Option<FeedbackFigures>,
}

/// One row of Biểu II.07b: procedures of one administrative level handled under one-stop and
/// inter-agency one-stop (liên thông), and dossiers received under each in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Row07b {
    pub level: String,
    pub procedures: i64,
    pub one_stop: i64,
    pub inter_agency: i64,
    pub dossiers_one_stop: i64,
    pub dossiers_inter_agency: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Form07b {
    pub period: Period,
    pub rows: Vec<Row07b>,
    pub total: Row07b,
}

/// II.07b from the current procedures and the dossiers received per procedure code.
pub fn form_07b(
    period: Period,
    procedures: &[ProcedureFacts],
    received: &BTreeMap<String, i64>,
) -> Form07b {
    let mut rows: BTreeMap<String, Row07b> = BTreeMap::new();
    for p in procedures {
        let level = p.level.clone().unwrap_or_else(|| "Khác".to_owned());
        let row = rows.entry(level.clone()).or_insert_with(|| Row07b {
            level,
            ..Row07b::default()
        });
        let n = received.get(&p.code).copied().unwrap_or(0);
        row.procedures += 1;
        if p.inter_agency {
            row.inter_agency += 1;
            row.dossiers_inter_agency += n;
        } else {
            row.one_stop += 1;
            row.dossiers_one_stop += n;
        }
    }
    let rows: Vec<Row07b> = rows.into_values().collect();
    let mut total = Row07b {
        level: "Tổng số".to_owned(),
        ..Row07b::default()
    };
    for r in &rows {
        total.procedures += r.procedures;
        total.one_stop += r.one_stop;
        total.inter_agency += r.inter_agency;
        total.dossiers_one_stop += r.dossiers_one_stop;
        total.dossiers_inter_agency += r.dossiers_inter_agency;
    }
    Form07b {
        period,
        rows,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn p(code: &str, level: OnlineLevel, portal: bool, cut: bool, inter: bool) -> ProcedureFacts {
        ProcedureFacts {
            code: code.into(),
            level: Some(if inter { "Cấp tỉnh" } else { "Cấp xã" }.into()),
            online_level: level,
            national_portal: portal,
            cut_30: cut,
            inter_agency: inter,
        }
    }

    #[test]
    fn late_procedures_name_each_with_its_late_count_most_first() {
        use crate::reports::{Against, Counts06a, GroupBy, Row06a};
        let d = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let period = Period::range(d, d).unwrap();
        let row = |code: &str, name: &str, late| Row06a {
            code: code.into(),
            name: name.into(),
            counts: Counts06a {
                late,
                resolved_total: late + 1,
                ..Counts06a::default()
            },
        };
        let f = Form06a::new(
            period,
            GroupBy::Procedure,
            Against::Original,
            vec![
                row("1.1", "Cấp phép A", 1),
                row("2.2", "Cấp phép B", 0),
                row("3.3", "", 4),
            ],
        );
        let late = late_procedures(&f);
        assert_eq!(
            late.iter()
                .map(|l| (l.code.as_str(), l.name.as_str(), l.late))
                .collect::<Vec<_>>(),
            vec![("3.3", "3.3", 4), ("1.1", "Cấp phép A", 1)]
        );
    }

    #[test]
    fn reform_figures() {
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        let period = Period::range(d(1, 1), d(12, 31)).unwrap();
        let mut within = [0; Counter::COUNT];
        within[Counter::Received.index()] = 140;
        within[Counter::Resolved.index()] = 100;
        within[Counter::Early.index()] = 60;
        within[Counter::OnTime.index()] = 38;
        within[Counter::OnTheSpot.index()] = 5;
        let mut previous = [0; Counter::COUNT];
        previous[Counter::Received.index()] = 100;
        let mut ratings = RatingCounts::default();
        ratings.add(RatingLevel::VerySatisfied, RatingLevel::VerySatisfied, 49);
        ratings.add(RatingLevel::Satisfied, RatingLevel::Satisfied, 1);
        let r = reform_report(
            period,
            &ReformInputs {
                within,
                previous,
                channels: [40, 85, 15],
                previous_online: 35,
                procedures: vec![
                    p("a", OnlineLevel::Full, true, true, false),
                    p("b", OnlineLevel::Partial, false, false, false),
                    p("c", OnlineLevel::None, true, true, true),
                ],
                ratings,
            },
        );
        assert_eq!(r.procedures_cut_30, Share::new(2, 3));
        assert_eq!(
            (
                r.online_services.full,
                r.online_services.partial,
                r.online_services.none
            ),
            (1, 1, 1)
        );
        assert_eq!(r.online_services.on_national_portal, 1);
        assert_eq!(r.resolved_on_time.rate, Some(0.98));
        assert_eq!(r.on_the_spot.rate, Some(0.05));
        assert_eq!(r.satisfaction.satisfied.rate, Some(1.0));
        assert_eq!(r.satisfaction.very_satisfied.rate, Some(0.98));
        assert_eq!(r.total_vs_previous, Some(1.4));
        assert_eq!(r.online_vs_previous, Some(85.0 / 35.0));
        assert_eq!(
            r.previous_period.from,
            NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
        );

        let received = BTreeMap::from([("a".to_owned(), 7), ("c".to_owned(), 2)]);
        let f = form_07b(
            period,
            &[
                p("a", OnlineLevel::Full, true, true, false),
                p("c", OnlineLevel::None, true, true, true),
            ],
            &received,
        );
        assert_eq!(f.rows.len(), 2);
        assert_eq!(
            (f.total.procedures, f.total.one_stop, f.total.inter_agency),
            (2, 1, 1)
        );
        assert_eq!(
            (f.total.dossiers_one_stop, f.total.dossiers_inter_agency),
            (7, 2)
        );
    }
}
