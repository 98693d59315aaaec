//! `/api/v1/reports/…`: Biểu II.06a and the dossiers behind its numbers, II.07b, the Decision
//! 766 index and the reform figures as JSON, for signed-in officers with a reporting role.
//! Each handler reads the period and scope (the same picker as the report pages, read by
//! `motcua_domain::reports::PeriodInput`), calls one report use case and converts the domain's
//! values into the API types below, so the API contract can change apart from the domain.

use axum::extract::{Query, State};
use axum::Json;
use chrono::{NaiveDate, Utc};
use motcua_app::reports::Scope;
use motcua_app::AppError;
use motcua_domain::dossier::vn_date;
use motcua_domain::reports::{
    self as dr, Against, Cell06a, Counts06a, Form06a, Form07b, Group766, GroupBy, Index766, Period,
    PeriodInput, ReformReport, Row07b,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::sessions::Officer;
use crate::i18n::Lang;
use crate::state::AppState;

/// The period and scope of a report. Blank values take the report pages' defaults.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// `month`, `quarter`, `half`, `year` or `range`; default `quarter` for II.06a and II.07b,
    /// `year` for the 766 index and the reform figures. A period still running stops today.
    kind: Option<String>,
    /// Default: this year.
    year: Option<String>,
    /// 1–12, for `kind=month`; default this month.
    month: Option<String>,
    /// 1–4, for `kind=quarter`; default this quarter.
    quarter: Option<String>,
    /// 1–2, for `kind=half`; default this half-year.
    half: Option<String>,
    /// First day (`YYYY-MM-DD`), for `kind=range`.
    from: Option<String>,
    /// Last day, included (`YYYY-MM-DD`), for `kind=range`.
    to: Option<String>,
    /// Cut-off day 1–28 (15: a month runs from the 15th to the 14th); default 1.
    cut: Option<String>,
    /// Agency code; only administrators choose it, everyone else reports on their own agency.
    agency: Option<String>,
    unit: Option<String>,
    field: Option<String>,
    procedure: Option<String>,
}

/// How II.06a counts (II.06a and its drill-down only).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountParams {
    /// Rows by `field` (default), `procedure`, `unit` or `agency`.
    by: Option<String>,
    /// `true` (or `1`): early / on time / late against the appointment after extensions.
    extended: Option<String>,
}

/// One cell of II.06a and the page of its list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BehindParams {
    /// `received_total`, `carried_over`, `new_online`, `new_direct_postal`, `resolved_total`,
    /// `early`, `on_time`, `late`, `in_progress_total`, `within_deadline`, `overdue`,
    /// `withdrawn` or `stopped`.
    cell: Option<String>,
    /// From 1; default 1.
    page: Option<String>,
    /// 1–1000; default 50.
    per_page: Option<String>,
}

/// A closed range of Vietnam dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodOut {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The thirteen numbers of a II.06a row (columns 3–15 of the form).
#[derive(Debug, Serialize, ToSchema)]
pub struct Counts06aOut {
    pub received_total: i64,
    pub carried_over: i64,
    pub new_online: i64,
    /// Received in person or by post.
    pub new_direct_postal: i64,
    pub resolved_total: i64,
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
    pub in_progress_total: i64,
    pub within_deadline: i64,
    pub overdue: i64,
    pub withdrawn: i64,
    pub stopped: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Row06aOut {
    /// The field, procedure, unit or agency code.
    pub code: String,
    pub name: String,
    pub counts: Counts06aOut,
}

/// Biểu II.06a.
#[derive(Debug, Serialize, ToSchema)]
pub struct Form06aOut {
    pub period: PeriodOut,
    /// `field`, `procedure`, `unit` or `agency`.
    pub group_by: &'static str,
    /// `original` or `extended` appointment.
    pub against: &'static str,
    pub rows: Vec<Row06aOut>,
    pub total: Counts06aOut,
}

/// A page of the dossiers counted in one cell of II.06a.
#[derive(Debug, Serialize, ToSchema)]
pub struct BehindOut {
    pub period: PeriodOut,
    pub cell: &'static str,
    /// Every dossier behind the cell (all pages).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// Dossier codes of this page, in code order.
    pub codes: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Row07bOut {
    /// Level of the procedures (province, district, commune…).
    pub level: String,
    pub procedures: i64,
    pub one_stop: i64,
    pub inter_agency: i64,
    pub dossiers_one_stop: i64,
    pub dossiers_inter_agency: i64,
}

/// Biểu II.07b.
#[derive(Debug, Serialize, ToSchema)]
pub struct Form07bOut {
    pub period: PeriodOut,
    pub rows: Vec<Row07bOut>,
    pub total: Row07bOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorOut {
    /// `publicity`, `progress`, `online`, `digitisation` or `satisfaction`.
    pub group: &'static str,
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    /// Whether this system's data can compute it.
    pub computable: bool,
    pub numerator: i64,
    pub denominator: i64,
    pub rate: Option<f64>,
    pub threshold: f64,
    pub max_points: f64,
    pub score: Option<f64>,
    pub note: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupOut {
    pub group: &'static str,
    pub name_vi: &'static str,
    pub max_points: f64,
    pub computable_points: f64,
    /// Points of the indicators measured in the period (computable and with data).
    pub measured_points: f64,
    pub score: f64,
}

/// The Decision 766 service-quality index.
#[derive(Debug, Serialize, ToSchema)]
pub struct Index766Out {
    pub period: PeriodOut,
    pub score: f64,
    pub max_points: f64,
    /// Points of the indicators this system can compute.
    pub computable_points: f64,
    /// Points of the indicators measured in the period: what `score` is out of. Indicators
    /// with nothing to count are left out, not counted as zero.
    pub measured_points: f64,
    pub groups: Vec<GroupOut>,
    pub indicators: Vec<IndicatorOut>,
}

/// `count` of `of`, and their ratio (none when `of` is 0).
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareOut {
    pub count: i64,
    pub of: i64,
    pub rate: Option<f64>,
}

/// The reform report figures, with the same period a year earlier.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReformOut {
    pub period: PeriodOut,
    pub previous_period: PeriodOut,
    pub procedures: i64,
    pub procedures_cut_30: ShareOut,
    pub online_full: i64,
    pub online_partial: i64,
    pub online_none: i64,
    pub online_on_national_portal: i64,
    pub resolved: i64,
    pub resolved_on_time: ShareOut,
    pub on_the_spot: ShareOut,
    pub ratings: i64,
    pub satisfied: ShareOut,
    pub very_satisfied: ShareOut,
    pub dissatisfied: ShareOut,
    pub ease_satisfied: ShareOut,
    pub received_direct: i64,
    pub received_online: i64,
    pub received_postal: i64,
    pub received_total: i64,
    pub previous_received_total: i64,
    pub previous_received_online: i64,
    /// This period ÷ the same period a year earlier.
    pub total_vs_previous: Option<f64>,
    pub online_vs_previous: Option<f64>,
}

fn text(v: &Option<String>) -> String {
    v.as_deref().unwrap_or_default().trim().to_owned()
}

fn opt(v: &Option<String>) -> Option<String> {
    Some(text(v)).filter(|s| !s.is_empty())
}

impl ReportParams {
    /// The period asked for (blanks as on the pages), or 400 naming the field at fault.
    pub(super) fn period(&self, default_kind: &str) -> Result<Period, ApiError> {
        let today = vn_date(Utc::now());
        let input = PeriodInput {
            kind: text(&self.kind),
            year: text(&self.year),
            month: text(&self.month),
            quarter: text(&self.quarter),
            half: text(&self.half),
            from: text(&self.from),
            to: text(&self.to),
            cut: text(&self.cut),
        }
        .or_defaults(today, default_kind);
        input.period(today).map_err(|problems| {
            let join = |m: fn(dr::PeriodReason) -> &'static str| {
                problems
                    .iter()
                    .map(|p| m(p.reason))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            ApiError(AppError::Invalid {
                field: problems.first().map(|p| p.field),
                vi: join(dr::PeriodReason::message_vi),
                en: join(dr::PeriodReason::message_en),
            })
        })
    }

    pub(super) fn scope(&self) -> Scope {
        Scope {
            agency_code: opt(&self.agency),
            unit_code: opt(&self.unit),
            field_code: opt(&self.field),
            procedure_code: opt(&self.procedure),
        }
    }
}

impl CountParams {
    fn group_by(&self) -> Result<GroupBy, ApiError> {
        let by = opt(&self.by).unwrap_or_else(|| "field".to_owned());
        GroupBy::parse(&by).ok_or_else(|| {
            let msg = |l: Lang| l.tr().get("reports.error.by").to_owned();
            ApiError(AppError::invalid_field("by", msg(Lang::Vi), msg(Lang::En)))
        })
    }

    fn against(&self) -> Against {
        match opt(&self.extended).as_deref() {
            Some("1" | "true") => Against::Extended,
            _ => Against::Original,
        }
    }
}

/// A positive whole number from the query, or 400.
fn number(v: &Option<String>, field: &'static str, default: u32) -> Result<u32, ApiError> {
    match opt(v) {
        None => Ok(default),
        Some(s) => s.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
            ApiError(AppError::invalid_field(
                field,
                format!("“{field}” phải là số nguyên dương"),
                format!("“{field}” must be a positive whole number"),
            ))
        }),
    }
}

fn period_out(p: &Period) -> PeriodOut {
    PeriodOut {
        from: p.from,
        to: p.to,
    }
}

fn counts_out(c: &Counts06a) -> Counts06aOut {
    Counts06aOut {
        received_total: c.received_total,
        carried_over: c.carried_over,
        new_online: c.new_online,
        new_direct_postal: c.new_direct_postal,
        resolved_total: c.resolved_total,
        early: c.early,
        on_time: c.on_time,
        late: c.late,
        in_progress_total: c.in_progress_total,
        within_deadline: c.within_deadline,
        overdue: c.overdue,
        withdrawn: c.withdrawn,
        stopped: c.stopped,
    }
}

fn form06a_out(f: &Form06a) -> Form06aOut {
    Form06aOut {
        period: period_out(&f.period),
        group_by: match f.group_by {
            GroupBy::Field => "field",
            GroupBy::Procedure => "procedure",
            GroupBy::Unit => "unit",
            GroupBy::Agency => "agency",
        },
        against: match f.against {
            Against::Original => "original",
            Against::Extended => "extended",
        },
        rows: f
            .rows
            .iter()
            .map(|r| Row06aOut {
                code: r.code.clone(),
                name: r.name.clone(),
                counts: counts_out(&r.counts),
            })
            .collect(),
        total: counts_out(&f.total),
    }
}

fn row07b_out(r: &Row07b) -> Row07bOut {
    Row07bOut {
        level: r.level.clone(),
        procedures: r.procedures,
        one_stop: r.one_stop,
        inter_agency: r.inter_agency,
        dossiers_one_stop: r.dossiers_one_stop,
        dossiers_inter_agency: r.dossiers_inter_agency,
    }
}

fn form07b_out(f: &Form07b) -> Form07bOut {
    Form07bOut {
        period: period_out(&f.period),
        rows: f.rows.iter().map(row07b_out).collect(),
        total: row07b_out(&f.total),
    }
}

fn group_code(g: Group766) -> &'static str {
    match g {
        Group766::Publicity => "publicity",
        Group766::Progress => "progress",
        Group766::Online => "online",
        Group766::Digitisation => "digitisation",
        Group766::Satisfaction => "satisfaction",
    }
}

fn index766_out(x: &Index766, p: &Period) -> Index766Out {
    Index766Out {
        period: period_out(p),
        score: x.score,
        max_points: x.max_points,
        computable_points: x.computable_points,
        measured_points: x.measured_points,
        groups: x
            .groups
            .iter()
            .map(|g| GroupOut {
                group: group_code(g.group),
                name_vi: g.name_vi,
                max_points: g.max_points,
                computable_points: g.computable_points,
                measured_points: g.measured_points,
                score: g.score,
            })
            .collect(),
        indicators: x
            .indicators
            .iter()
            .map(|i| IndicatorOut {
                group: group_code(i.group),
                code: i.code,
                name_vi: i.name_vi,
                name_en: i.name_en,
                computable: i.computable,
                numerator: i.numerator,
                denominator: i.denominator,
                rate: i.rate,
                threshold: i.threshold,
                max_points: i.max_points,
                score: i.score,
                note: i.note,
            })
            .collect(),
    }
}

fn share(s: &dr::reform::Share) -> ShareOut {
    ShareOut {
        count: s.count,
        of: s.of,
        rate: s.rate,
    }
}

fn reform_out(r: &ReformReport) -> ReformOut {
    let sat = &r.satisfaction;
    ReformOut {
        period: period_out(&r.period),
        previous_period: period_out(&r.previous_period),
        procedures: r.procedures,
        procedures_cut_30: share(&r.procedures_cut_30),
        online_full: r.online_services.full,
        online_partial: r.online_services.partial,
        online_none: r.online_services.none,
        online_on_national_portal: r.online_services.on_national_portal,
        resolved: r.resolved,
        resolved_on_time: share(&r.resolved_on_time),
        on_the_spot: share(&r.on_the_spot),
        ratings: sat.ratings,
        satisfied: share(&sat.satisfied),
        very_satisfied: share(&sat.very_satisfied),
        dissatisfied: share(&sat.dissatisfied),
        ease_satisfied: share(&sat.ease_satisfied),
        received_direct: r.received_direct,
        received_online: r.received_online,
        received_postal: r.received_postal,
        received_total: r.received_total,
        previous_received_total: r.previous_received_total,
        previous_received_online: r.previous_received_online,
        total_vs_previous: r.total_vs_previous,
        online_vs_previous: r.online_vs_previous,
    }
}

#[utoipa::path(get, path = "/api/v1/reports/06a", tag = "reports",
    params(ReportParams, CountParams), security(("bearer" = [])),
    responses((status = 200, body = Form06aOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn form_06a(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Query(p): Query<ReportParams>,
    Query(c): Query<CountParams>,
) -> Result<Json<Form06aOut>, ApiError> {
    let (period, by) = (p.period("quarter")?, c.group_by()?);
    let f = s
        .app
        .report_06a(&actor, period, &p.scope(), by, c.against())
        .await?;
    Ok(Json(form06a_out(&f)))
}

#[utoipa::path(get, path = "/api/v1/reports/06a/behind", tag = "reports",
    params(ReportParams, CountParams, BehindParams), security(("bearer" = [])),
    responses((status = 200, body = BehindOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn behind(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Query(p): Query<ReportParams>,
    Query(c): Query<CountParams>,
    Query(b): Query<BehindParams>,
) -> Result<Json<BehindOut>, ApiError> {
    let period = p.period("quarter")?;
    let cell = opt(&b.cell)
        .and_then(|c| Cell06a::parse(&c))
        .ok_or_else(|| {
            ApiError(AppError::invalid_field(
                "cell",
                "Chọn một ô của Biểu II.06a, ví dụ cell=received_total",
                "Choose a cell of II.06a, for example cell=received_total",
            ))
        })?;
    let page = number(&b.page, "page", 1)?;
    let per_page = number(&b.per_page, "per_page", 50)?.min(motcua_app::reports::MAX_PER_PAGE);
    let list = s
        .app
        .report_behind(
            &actor,
            period,
            &p.scope(),
            cell,
            c.against(),
            page,
            per_page,
        )
        .await?;
    Ok(Json(BehindOut {
        period: period_out(&period),
        cell: cell.as_str(),
        total: list.total,
        page,
        per_page,
        codes: list.codes,
    }))
}

#[utoipa::path(get, path = "/api/v1/reports/07b", tag = "reports",
    params(ReportParams), security(("bearer" = [])),
    responses((status = 200, body = Form07bOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn form_07b(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Query(p): Query<ReportParams>,
) -> Result<Json<Form07bOut>, ApiError> {
    let period = p.period("quarter")?;
    let f = s.app.report_07b(&actor, period, &p.scope()).await?;
    Ok(Json(form07b_out(&f)))
}

#[utoipa::path(get, path = "/api/v1/reports/766", tag = "reports",
    params(ReportParams), security(("bearer" = [])),
    responses((status = 200, body = Index766Out), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn index_766(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Query(p): Query<ReportParams>,
) -> Result<Json<Index766Out>, ApiError> {
    let period = p.period("year")?;
    let x = s.app.report_766(&actor, period, &p.scope()).await?;
    Ok(Json(index766_out(&x, &period)))
}

#[utoipa::path(get, path = "/api/v1/reports/reform", tag = "reports",
    params(ReportParams), security(("bearer" = [])),
    responses((status = 200, body = ReformOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn reform(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Query(p): Query<ReportParams>,
) -> Result<Json<ReformOut>, ApiError> {
    let period = p.period("year")?;
    let r = s.app.report_reform(&actor, period, &p.scope()).await?;
    Ok(Json(reform_out(&r)))
}

/// PAKN figures of a period: received, answered on time and late, still pending (and overdue)
/// at the period's end (or now).
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackFiguresOut {
    pub period: PeriodOut,
    pub received: u64,
    pub answered_on_time: u64,
    pub answered_late: u64,
    pub pending: u64,
    pub pending_overdue: u64,
}

/// Feedback and petitions (PAKN) of the period, counted against the legal answer period (10
/// working days, Decree 20/2008).
#[utoipa::path(get, path = "/api/v1/reports/pakn", tag = "reports",
    params(ReportParams), security(("bearer" = [])),
    responses((status = 200, body = FeedbackFiguresOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn feedback(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Query(p): Query<ReportParams>,
) -> Result<Json<FeedbackFiguresOut>, ApiError> {
    let period = p.period("year")?;
    let f = s
        .app
        .feedback_figures(&actor, period, opt(&p.agency).as_deref(), Utc::now())
        .await?;
    Ok(Json(FeedbackFiguresOut {
        period: period_out(&period),
        received: f.received,
        answered_on_time: f.answered_on_time,
        answered_late: f.answered_late,
        pending: f.pending,
        pending_overdue: f.pending_overdue,
    }))
}
