//! The leaders' dashboard: on-time and online share by month, on-time rate by field and by
//! unit, overdue now by unit, satisfaction — each an SVG chart with its numbers in a table
//! beside it; downloads as XLSX (native Excel charts), PDF and CSV.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use motcua_domain::reports::{CutOff, Form06a, GroupBy, Period};
use motcua_reports::official::{self, period_line};
use motcua_reports::{
    bar_chart_svg, line_chart_svg, Cell, Chart, ChartKind, HeaderCell, ReportTable, Series,
    ValueFormat,
};
use motcua_store::reports as rep;

use super::filters::today_vn;
use super::{count, export_table, percent, refused, Export, Filters, Options};
use crate::i18n::{Lang, Tr};
use crate::pages::error::PageError;
use crate::pages::{render, Layout, PageCtx};
use crate::session::SignedIn;
use crate::state::AppState;

/// One chart with the numbers it shows.
pub struct Panel {
    pub title: String,
    pub svg: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "reports_dashboard.html")]
struct DashboardPage {
    layout: Layout,
    f: Filters,
    o: Options,
    panels: Vec<Panel>,
    query: String,
}

/// The dashboard's figures, computed once for the page and the downloads.
struct Figures {
    period: Period,
    months: Vec<(String, Form06a)>,
    by_field: Form06a,
    by_unit: Form06a,
    overdue_now: Form06a,
    satisfaction: [(String, i64); 3],
}

async fn figures(s: &AppState, f: &Filters, period: Period) -> Result<Figures, PageError> {
    let scope = f.scope();
    let against = f.against();
    let cut = CutOff(f.cut.parse().unwrap_or(1));
    // Months of the period's last year, up to the period's end (or today).
    let end = period.to.min(today_vn());
    let year = period.to.year();
    let mut months = Vec::new();
    for m in 1..=12 {
        let Ok(p) = Period::month(year, m, cut) else {
            continue;
        };
        if p.from > end {
            break;
        }
        let p = super::filters::as_of(p, today_vn());
        let form = rep::form_06a(&s.db, &p, &scope, GroupBy::Agency, against).await?;
        months.push((format!("{m:02}/{year}"), form));
    }
    let by_field = rep::form_06a(&s.db, &period, &scope, GroupBy::Field, against).await?;
    let by_unit = rep::form_06a(&s.db, &period, &scope, GroupBy::Unit, against).await?;
    let today = today_vn();
    let now = Period {
        from: today,
        to: today,
    };
    let overdue_now = rep::form_06a(&s.db, &now, &scope, GroupBy::Unit, against).await?;
    let r = rep::reform_figures(&s.db, &period, &scope).await?;
    let sat = &r.satisfaction;
    let satisfaction = [
        ("Rất hài lòng".to_owned(), sat.very_satisfied.count),
        (
            "Hài lòng".to_owned(),
            sat.satisfied.count - sat.very_satisfied.count,
        ),
        ("Không hài lòng".to_owned(), sat.dissatisfied.count),
    ];
    Ok(Figures {
        period,
        months,
        by_field,
        by_unit,
        overdue_now,
        satisfaction,
    })
}

fn online_share(c: &motcua_domain::reports::Counts06a) -> Option<f64> {
    let new = c.new_online + c.new_direct_postal;
    (new > 0).then(|| c.new_online as f64 / new as f64)
}

/// The charts, titled in the page's language.
fn charts(x: &Figures, t: &Tr) -> Vec<(Chart, ChartKind)> {
    let rate = |o: Option<f64>| o.unwrap_or(0.0);
    let by_rows = |title: &str, form: &Form06a| Chart {
        title: title.to_owned(),
        categories: form
            .rows
            .iter()
            .map(|r| official::row_label(&r.code, &r.name))
            .collect(),
        series: vec![Series {
            name: t.get("reports.dash.on_time").to_owned(),
            values: form
                .rows
                .iter()
                .map(|r| rate(r.counts.on_time_rate()))
                .collect(),
        }],
        format: ValueFormat::Percent,
    };
    let overdue: Vec<_> = x
        .overdue_now
        .rows
        .iter()
        .filter(|r| r.counts.in_progress_total > 0)
        .collect();
    let total_sat: i64 = x.satisfaction.iter().map(|s| s.1).sum();
    vec![
        (
            Chart {
                title: t.get("reports.dash.by_month").to_owned(),
                categories: x.months.iter().map(|m| m.0.clone()).collect(),
                series: vec![
                    Series {
                        name: t.get("reports.dash.on_time").to_owned(),
                        values: x
                            .months
                            .iter()
                            .map(|m| rate(m.1.total.on_time_rate()))
                            .collect(),
                    },
                    Series {
                        name: t.get("reports.dash.online").to_owned(),
                        values: x
                            .months
                            .iter()
                            .map(|m| rate(online_share(&m.1.total)))
                            .collect(),
                    },
                ],
                format: ValueFormat::Percent,
            },
            ChartKind::Line,
        ),
        (
            by_rows(t.get("reports.dash.by_field"), &x.by_field),
            ChartKind::Bar,
        ),
        (
            by_rows(t.get("reports.dash.by_unit"), &x.by_unit),
            ChartKind::Bar,
        ),
        (
            Chart {
                title: t.get("reports.dash.overdue_now").to_owned(),
                categories: overdue
                    .iter()
                    .map(|r| official::row_label(&r.code, &r.name))
                    .collect(),
                series: vec![Series {
                    name: t.get("reports.dash.overdue").to_owned(),
                    values: overdue.iter().map(|r| r.counts.overdue as f64).collect(),
                }],
                format: ValueFormat::Count,
            },
            ChartKind::Bar,
        ),
        (
            Chart {
                title: t.get("reports.dash.satisfaction").to_owned(),
                categories: x.satisfaction.iter().map(|s| s.0.clone()).collect(),
                series: vec![Series {
                    name: t.get("reports.dash.share").to_owned(),
                    values: x
                        .satisfaction
                        .iter()
                        .map(|s| {
                            if total_sat > 0 {
                                s.1 as f64 / total_sat as f64
                            } else {
                                0.0
                            }
                        })
                        .collect(),
                }],
                format: ValueFormat::Percent,
            },
            ChartKind::Bar,
        ),
    ]
}

/// The numbers beside each chart: counts and rates, "—" where nothing was resolved.
fn panels(x: &Figures, charts: &[(Chart, ChartKind)], t: &Tr, lang: Lang) -> Vec<Panel> {
    let svg = |c: &(Chart, ChartKind)| match c.1 {
        ChartKind::Line => line_chart_svg(&c.0),
        ChartKind::Bar => bar_chart_svg(&c.0),
    };
    let h = |k: &str| t.get(k).to_owned();
    let rate_rows = |form: &Form06a| -> Vec<Vec<String>> {
        form.rows
            .iter()
            .map(|r| {
                vec![
                    official::row_label(&r.code, &r.name),
                    count(r.counts.resolved_total, lang),
                    count(r.counts.early + r.counts.on_time, lang),
                    percent(r.counts.on_time_rate(), lang),
                ]
            })
            .collect()
    };
    let rate_head = vec![
        h("reports.dash.group"),
        h("reports.dash.resolved"),
        h("reports.dash.on_time_n"),
        h("reports.dash.on_time"),
    ];
    let total_sat: i64 = x.satisfaction.iter().map(|s| s.1).sum();
    let mut out = Vec::new();
    let mut it = charts.iter();
    if let Some(c) = it.next() {
        out.push(Panel {
            title: c.0.title.clone(),
            svg: svg(c),
            head: vec![
                h("reports.dash.month"),
                h("reports.dash.resolved"),
                h("reports.dash.on_time"),
                h("reports.dash.received"),
                h("reports.dash.online"),
            ],
            rows: x
                .months
                .iter()
                .map(|(m, f)| {
                    vec![
                        m.clone(),
                        count(f.total.resolved_total, lang),
                        percent(f.total.on_time_rate(), lang),
                        count(f.total.new_online + f.total.new_direct_postal, lang),
                        percent(online_share(&f.total), lang),
                    ]
                })
                .collect(),
        });
    }
    for form in [&x.by_field, &x.by_unit] {
        if let Some(c) = it.next() {
            out.push(Panel {
                title: c.0.title.clone(),
                svg: svg(c),
                head: rate_head.clone(),
                rows: rate_rows(form),
            });
        }
    }
    if let Some(c) = it.next() {
        out.push(Panel {
            title: c.0.title.clone(),
            svg: svg(c),
            head: vec![
                h("reports.dash.group"),
                h("reports.dash.in_progress"),
                h("reports.dash.overdue"),
            ],
            rows: x
                .overdue_now
                .rows
                .iter()
                .filter(|r| r.counts.in_progress_total > 0)
                .map(|r| {
                    vec![
                        official::row_label(&r.code, &r.name),
                        count(r.counts.in_progress_total, lang),
                        count(r.counts.overdue, lang),
                    ]
                })
                .collect(),
        });
    }
    if let Some(c) = it.next() {
        out.push(Panel {
            title: c.0.title.clone(),
            svg: svg(c),
            head: vec![
                h("reports.dash.answer"),
                h("reports.dash.count"),
                h("reports.dash.share"),
            ],
            rows: x
                .satisfaction
                .iter()
                .map(|(name, n)| {
                    vec![
                        name.clone(),
                        count(*n, lang),
                        percent((total_sat > 0).then(|| *n as f64 / total_sat as f64), lang),
                    ]
                })
                .collect(),
        });
    }
    out
}

/// The monthly figures as the downloads' first sheet.
fn table(x: &Figures) -> ReportTable {
    let h = HeaderCell::new;
    let opt = |r: Option<f64>| r.map(Cell::percent).unwrap_or_else(Cell::empty);
    ReportTable {
        title: "Tình hình giải quyết hồ sơ theo tháng".into(),
        subtitle: Some(period_line(&x.period)),
        header: vec![vec![
            h("Tháng"),
            h("Tiếp nhận mới"),
            h("Trực tuyến"),
            h("Tỷ lệ trực tuyến"),
            h("Đã giải quyết"),
            h("Đúng hạn, trước hạn"),
            h("Tỷ lệ đúng hạn"),
            h("Quá hạn đang giải quyết"),
        ]],
        rows: x
            .months
            .iter()
            .map(|(m, f)| {
                let c = &f.total;
                vec![
                    Cell::text(m.as_str()),
                    Cell::int(c.new_online + c.new_direct_postal),
                    Cell::int(c.new_online),
                    opt(online_share(c)),
                    Cell::int(c.resolved_total),
                    Cell::int(c.early + c.on_time),
                    opt(c.on_time_rate()),
                    Cell::int(c.overdue),
                ]
            })
            .collect(),
        widths: vec![10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 12.0],
        landscape: true,
        notes: vec![],
    }
}

pub async fn page(
    State(s): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    if let Some(r) = refused(&ctx, &user) {
        return Ok(r);
    }
    let t = ctx.t();
    let f = Filters::parse(&q, &user, &t, "year");
    let o = Options::load(&s, &f).await?;
    let x = match f.period {
        Some(p) => Some(figures(&s, &f, p).await?),
        None => None,
    };
    if let (Some(format), Some(x)) = (Export::parse(&q), &x) {
        // Downloads are for the official record: Vietnamese titles whatever the page language.
        let charts = charts(x, &crate::i18n::Lang::Vi.tr());
        return export_table(&s, table(x), charts, format, "bang-dieu-khien").await;
    }
    let panels = match &x {
        Some(x) => panels(x, &charts(x, &t), &t, ctx.lang),
        None => vec![],
    };
    render(DashboardPage {
        layout: ctx.layout(t.get("reports.dashboard.title"), "reports"),
        query: f.query(),
        f,
        o,
        panels,
    })
}
