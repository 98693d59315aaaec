//! The leaders' dashboard: on-time and online share by month, on-time rate by field and by
//! unit, overdue now by unit, satisfaction — each an SVG chart with its numbers in a table
//! beside it; downloads as XLSX (native Excel charts), PDF and CSV.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use motcua_app::reports::{Dashboard, MonthFigures, ReportChoices};
use motcua_domain::reports::Form06a;
use motcua_reports::official::{self, period_line};
use motcua_reports::{
    bar_chart_svg, line_chart_svg, Cell, Chart, ChartKind, HeaderCell, ReportTable, Series,
    ValueFormat,
};

use super::common::{count, export_table, percent, Export, Reporter};
use super::filters::{today_vn, Filters};
use crate::i18n::{Lang, Tr};
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
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
    o: ReportChoices,
    panels: Vec<Panel>,
    query: String,
    /// Feedback and petitions of the period (received, answered on time / late, pending).
    pakn: Option<motcua_domain::service::FeedbackFigures>,
    /// Fees collected in the period: `[procedure, receipts online, online, receipts at the
    /// desk, at the desk, total]` per procedure, the total line last.
    payments: Option<Vec<[String; 6]>>,
}

/// The payment report as table rows, procedures by name.
fn payment_rows(
    r: &motcua_domain::reports::PaymentReport,
    o: &ReportChoices,
    t: &Tr,
    lang: Lang,
) -> Vec<[String; 6]> {
    let money = |v: i64| crate::pages::format::money(v, lang);
    let row = |name: String, x: &motcua_domain::reports::PaymentRow| {
        [
            name,
            x.online_count.to_string(),
            money(x.online_vnd),
            x.desk_count.to_string(),
            money(x.desk_vnd),
            money(x.total_vnd),
        ]
    };
    let mut out: Vec<[String; 6]> = r
        .rows
        .iter()
        .map(|x| {
            let name = o
                .procedures
                .iter()
                .find(|p| p.code == x.procedure_code)
                .map_or_else(
                    || x.procedure_code.clone(),
                    |p| format!("{} ({})", p.name, p.code),
                );
            row(name, x)
        })
        .collect();
    if !out.is_empty() {
        out.push(row(t.get("pay.total").to_owned(), &r.total));
    }
    out
}

/// "05/2025".
fn month_label(m: &MonthFigures) -> String {
    format!("{:02}/{}", m.month, m.year)
}

/// The answers of the satisfaction chart, named as on the rating form.
fn satisfaction(x: &Dashboard) -> [(String, i64); 3] {
    let s = &x.satisfaction;
    [
        ("Rất hài lòng".to_owned(), s.very_satisfied),
        ("Hài lòng".to_owned(), s.satisfied),
        ("Không hài lòng".to_owned(), s.dissatisfied),
    ]
}

fn online_share(c: &motcua_domain::reports::Counts06a) -> Option<f64> {
    let new = c.new_online + c.new_direct_postal;
    (new > 0).then(|| c.new_online as f64 / new as f64)
}

/// The charts, titled in the page's language.
fn charts(x: &Dashboard, t: &Tr) -> Vec<(Chart, ChartKind)> {
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
    let satisfaction = satisfaction(x);
    let total_sat: i64 = satisfaction.iter().map(|s| s.1).sum();
    vec![
        (
            Chart {
                title: t.get("reports.dash.by_month").to_owned(),
                categories: x.months.iter().map(month_label).collect(),
                series: vec![
                    Series {
                        name: t.get("reports.dash.on_time").to_owned(),
                        values: x
                            .months
                            .iter()
                            .map(|m| rate(m.form.total.on_time_rate()))
                            .collect(),
                    },
                    Series {
                        name: t.get("reports.dash.online").to_owned(),
                        values: x
                            .months
                            .iter()
                            .map(|m| rate(online_share(&m.form.total)))
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
                categories: satisfaction.iter().map(|s| s.0.clone()).collect(),
                series: vec![Series {
                    name: t.get("reports.dash.share").to_owned(),
                    values: satisfaction
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
fn panels(x: &Dashboard, charts: &[(Chart, ChartKind)], t: &Tr, lang: Lang) -> Vec<Panel> {
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
    let satisfaction = satisfaction(x);
    let total_sat: i64 = satisfaction.iter().map(|s| s.1).sum();
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
                .map(|m| {
                    let f = &m.form;
                    vec![
                        month_label(m),
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
            rows: satisfaction
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
fn table(x: &Dashboard) -> ReportTable {
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
            .map(|m| {
                let c = &m.form.total;
                vec![
                    Cell::text(month_label(m).as_str()),
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
        sheet: None,
        form_block: None,
    }
}

pub async fn page(
    State(s): State<AppState>,
    reader: Reporter,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (ctx, actor) = (&reader.ctx, reader.actor());
    let t = ctx.t();
    let f = Filters::parse(&q, &actor, &t, "year");
    let o = reader.choices(&s, &f).await?;
    let x = match f.period {
        Some(p) => Some(
            s.app
                .report_dashboard(&actor, p, &f.scope(), f.against(), f.cut_off(), today_vn())
                .await?,
        ),
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
    let payments = match f.period {
        Some(p) => {
            let r = s.app.report_payments(&actor, p, &f.scope()).await?;
            Some(payment_rows(&r, &o, &t, ctx.lang))
        }
        None => None,
    };
    let pakn = match f.period {
        Some(p) => Some(
            s.app
                .feedback_figures(
                    &actor,
                    p,
                    f.scope().agency_code.as_deref(),
                    chrono::Utc::now(),
                )
                .await?,
        ),
        None => None,
    };
    render(DashboardPage {
        layout: ctx.layout(t.get("reports.dashboard.title"), "reports"),
        query: f.query(),
        f,
        o,
        panels,
        payments,
        pakn,
    })
}
