//! The statistics forms: Biểu II.06a (every number a link to the dossiers behind it, listed
//! by [`super::behind`]), Biểu II.07b and the Decision 766 index.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use motcua_app::reports::ReportChoices;
use motcua_domain::reports::{Cell06a, GroupBy, Index766};
use motcua_reports::official::{self, NOT_COMPUTABLE_VI, NOT_MEASURED_VI};

use super::common::{count, export_table, percent, Export, Reporter};
use super::filters::Filters;
use crate::i18n::Lang;
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::session::urlencode;
use crate::state::AppState;

type Q = Query<HashMap<String, String>>;

#[derive(Template)]
#[template(path = "reports_index.html")]
struct IndexPage {
    layout: Layout,
}

pub async fn index(r: Reporter) -> Result<Response, PageError> {
    render(IndexPage {
        layout: r.layout("reports.index.title"),
    })
}

/// One linked number of the II.06a table.
pub struct Num {
    pub text: String,
    pub href: String,
    pub zero: bool,
}

pub struct Row06aView {
    pub stt: String,
    pub label: String,
    pub cells: Vec<Num>,
}

#[derive(Template)]
#[template(path = "reports_06a.html")]
struct Page06a {
    layout: Layout,
    f: Filters,
    o: ReportChoices,
    group_heading: &'static str,
    rows: Vec<Row06aView>,
    total: Option<Row06aView>,
    extra: Vec<(String, Num)>,
    query: String,
}

/// `/reports/06a/behind?cell=…` for the filters, narrowed to one row when `row` is given.
fn behind_href(f: &Filters, by: GroupBy, row: Option<&str>, cell: Cell06a) -> String {
    let mut h = format!("/reports/06a/behind?cell={}&{}", cell.as_str(), f.query());
    if let Some(code) = row {
        let key = match by {
            GroupBy::Field => "field",
            GroupBy::Procedure => "procedure",
            GroupBy::Unit => "unit",
            GroupBy::Agency => "agency",
        };
        // The row's code replaces any filter of the same kind.
        h = h
            .split('&')
            .filter(|kv| !kv.starts_with(&format!("{key}=")))
            .collect::<Vec<_>>()
            .join("&");
        h.push_str(&format!("&{key}={}", urlencode(code)));
    }
    h
}

fn num(n: i64, href: String, lang: Lang) -> Num {
    Num {
        text: count(n, lang),
        href,
        zero: n == 0,
    }
}

pub async fn form_06a(
    State(s): State<AppState>,
    r: Reporter,
    Query(q): Q,
) -> Result<Response, PageError> {
    let (ctx, actor) = (&r.ctx, r.actor());
    let t = ctx.t();
    let f = Filters::parse(&q, &actor, &t, "quarter");
    let o = r.choices(&s, &f).await?;
    let by = f.group_by();
    let form = match f.period {
        Some(p) => Some(
            s.app
                .report_06a(&actor, p, &f.scope(), by, f.against())
                .await?,
        ),
        None => None,
    };
    if let (Some(format), Some(form)) = (Export::parse(&q), &form) {
        // The form's heading block names the reporting agency when one is chosen.
        let unit = if f.agency.is_empty() {
            String::new()
        } else {
            o.agency_name(&f.agency)
        };
        let table = official::with_reporting_unit(official::form06a_table(form), &unit, None);
        return export_table(&s, table, vec![], format, "bieu-II.06a").await;
    }
    let lang = ctx.lang;
    let row = |stt: String,
               label: String,
               code: Option<&str>,
               c: &motcua_domain::reports::Counts06a| Row06aView {
        stt,
        label,
        cells: official::II06A_CELLS
            .iter()
            .map(|k| num(c.get(*k), behind_href(&f, by, code, *k), lang))
            .collect(),
    };
    let (rows, total, extra) = match &form {
        Some(form) => (
            form.rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    row(
                        (i + 1).to_string(),
                        official::row_label(&r.code, &r.name),
                        Some(&r.code),
                        &r.counts,
                    )
                })
                .collect(),
            Some(row(
                String::new(),
                t.get("reports.total").to_owned(),
                None,
                &form.total,
            )),
            [Cell06a::Withdrawn, Cell06a::Stopped]
                .iter()
                .map(|k| {
                    (
                        t.get(match k {
                            Cell06a::Withdrawn => "reports.06a.withdrawn",
                            _ => "reports.06a.stopped",
                        })
                        .to_owned(),
                        num(form.total.get(*k), behind_href(&f, by, None, *k), lang),
                    )
                })
                .collect(),
        ),
        None => (vec![], None, vec![]),
    };
    render(Page06a {
        layout: ctx.layout(t.get("reports.06a.title"), "reports"),
        group_heading: match by {
            GroupBy::Field => t.get("reports.by.field"),
            GroupBy::Procedure => t.get("reports.by.procedure"),
            GroupBy::Unit => t.get("reports.by.unit"),
            GroupBy::Agency => t.get("reports.by.agency"),
        },
        query: f.query(),
        f,
        o,
        rows,
        total,
        extra,
    })
}

#[derive(Template)]
#[template(path = "reports_07b.html")]
struct Page07b {
    layout: Layout,
    f: Filters,
    o: ReportChoices,
    rows: Vec<Vec<String>>,
    query: String,
}

pub async fn form_07b(
    State(s): State<AppState>,
    r: Reporter,
    Query(q): Q,
) -> Result<Response, PageError> {
    let (ctx, actor) = (&r.ctx, r.actor());
    let t = ctx.t();
    let f = Filters::parse(&q, &actor, &t, "quarter");
    let o = r.choices(&s, &f).await?;
    let form = match f.period {
        Some(p) => Some(s.app.report_07b(&actor, p, &f.scope()).await?),
        None => None,
    };
    if let (Some(format), Some(form)) = (Export::parse(&q), &form) {
        return export_table(
            &s,
            official::form07b_table(form),
            vec![],
            format,
            "bieu-II.07b",
        )
        .await;
    }
    let lang = ctx.lang;
    let rows = form
        .map(|form| {
            let mut rows: Vec<Vec<String>> = form
                .rows
                .iter()
                .chain(std::iter::once(&form.total))
                .map(|r| {
                    vec![
                        r.level.clone(),
                        count(r.procedures, lang),
                        count(r.one_stop, lang),
                        count(r.inter_agency, lang),
                        count(r.dossiers_one_stop, lang),
                        count(r.dossiers_inter_agency, lang),
                    ]
                })
                .collect();
            if let Some(last) = rows.last_mut() {
                last[0] = t.get("reports.total").to_owned();
            }
            rows
        })
        .unwrap_or_default();
    render(Page07b {
        layout: ctx.layout(t.get("reports.07b.title"), "reports"),
        query: f.query(),
        f,
        o,
        rows,
    })
}

pub struct IndicatorView {
    pub name: String,
    pub computable: bool,
    /// Computable and with data in the period; otherwise "không đo được", out of the total.
    pub measured: bool,
    pub fraction: String,
    pub rate: String,
    pub threshold: String,
    pub max_points: String,
    pub points: String,
    pub note: String,
}

pub struct GroupView {
    pub name: String,
    pub max_points: String,
    pub points: String,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Template)]
#[template(path = "reports_766.html")]
struct Page766 {
    layout: Layout,
    f: Filters,
    o: ReportChoices,
    groups: Vec<GroupView>,
    score: String,
    max_points: String,
    measured_points: String,
    /// Points of the indicators left out of the total (not measurable), if any.
    unmeasured_points: Option<String>,
    not_computable: &'static str,
    not_measured: &'static str,
    query: String,
}

fn points(x: f64, lang: Lang) -> String {
    crate::pages::format::number((x * 100.0).round() / 100.0, lang)
}

fn groups_view(x: &Index766, lang: Lang) -> Vec<GroupView> {
    x.groups
        .iter()
        .map(|g| GroupView {
            name: g.name_vi.to_owned(),
            max_points: points(g.max_points, lang),
            points: points(g.score, lang),
            indicators: x
                .indicators
                .iter()
                .filter(|i| i.group == g.group)
                .map(|i| IndicatorView {
                    name: match lang {
                        Lang::Vi => i.name_vi.to_owned(),
                        Lang::En => i.name_en.to_owned(),
                    },
                    computable: i.computable,
                    measured: i.measured(),
                    fraction: format!(
                        "{}/{}",
                        count(i.numerator, lang),
                        count(i.denominator, lang)
                    ),
                    rate: percent(i.rate, lang),
                    threshold: percent(Some(i.threshold), lang),
                    max_points: points(i.max_points, lang),
                    points: i
                        .score
                        .map(|s| points(s, lang))
                        .unwrap_or_else(|| "—".into()),
                    note: i.note.to_owned(),
                })
                .collect(),
        })
        .collect()
}

pub async fn index_766(
    State(s): State<AppState>,
    r: Reporter,
    Query(q): Q,
) -> Result<Response, PageError> {
    let (ctx, actor) = (&r.ctx, r.actor());
    let t = ctx.t();
    let f = Filters::parse(&q, &actor, &t, "year");
    let o = r.choices(&s, &f).await?;
    let x = match f.period {
        Some(p) => Some((p, s.app.report_766(&actor, p, &f.scope()).await?)),
        None => None,
    };
    if let (Some(format), Some((p, x))) = (Export::parse(&q), &x) {
        return export_table(
            &s,
            official::index766_table(x, p),
            vec![],
            format,
            "chi-so-766",
        )
        .await;
    }
    let lang = ctx.lang;
    let (groups, score, max_points, measured_points, unmeasured_points) = match &x {
        Some((_, x)) => (
            groups_view(x, lang),
            points(x.score, lang),
            points(x.max_points, lang),
            points(x.measured_points, lang),
            (x.measured_points < x.max_points)
                .then(|| points(x.max_points - x.measured_points, lang)),
        ),
        None => Default::default(),
    };
    render(Page766 {
        layout: ctx.layout(t.get("reports.766.title"), "reports"),
        query: f.query(),
        f,
        o,
        groups,
        score,
        max_points,
        measured_points,
        unmeasured_points,
        not_computable: match lang {
            Lang::Vi => NOT_COMPUTABLE_VI,
            Lang::En => "Cannot be computed from this system's data",
        },
        not_measured: match lang {
            Lang::Vi => NOT_MEASURED_VI,
            Lang::En => "Not measurable: no dossiers to count in this period",
        },
    })
}
