//! `/admin/access-log`: who read which applicant's personal data, when and why (Decree
//! 13/2023/NĐ-CP), filtered by person, dossier, purpose and days; `?format=csv` writes the
//! same selection out (up to 10,000 rows). The use case checks the administrator again.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use motcua_app::privacy::{AccessEntry, AccessQuery, MAX_ACCESS_ROWS};
use motcua_domain::dossier::{Purpose, Relation, RevealReason};
use serde::Deserialize;

use super::common::{vn_time, Admin};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/access-log", get(page))
}

#[derive(Deserialize, Default)]
pub struct LogQuery {
    #[serde(default)]
    user: String,
    #[serde(default)]
    dossier: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    page: Option<u32>,
    format: Option<String>,
}

/// One row as the page and the CSV show it.
struct Line {
    at: String,
    username: String,
    agency: String,
    relation: String,
    purpose: String,
    reason: String,
    codes: String,
    fields: String,
    door: String,
}

#[derive(Template)]
#[template(path = "admin/access_log.html")]
struct LogPage {
    layout: Layout,
    section: &'static str,
    q: LogQuery,
    purposes: Vec<(&'static str, &'static str)>,
    lines: Vec<Line>,
    total: i64,
    page: u32,
    pages: u32,
    csv_href: String,
    prev_href: Option<String>,
    next_href: Option<String>,
}

fn purpose_key(p: &str) -> &'static str {
    match Purpose::parse(p) {
        Some(Purpose::Read) => "admin.access.purpose.read",
        Some(Purpose::Reveal) => "admin.access.purpose.reveal",
        Some(Purpose::Print) => "admin.access.purpose.print",
        Some(Purpose::Export) => "admin.access.purpose.export",
        None => "admin.access.unknown",
    }
}

fn relation_key(r: &str) -> &'static str {
    match Relation::parse(r) {
        Some(Relation::System) => "admin.access.rel.system",
        Some(Relation::Applicant) => "admin.access.rel.applicant",
        Some(Relation::Holder) => "admin.access.rel.holder",
        Some(Relation::Desk) => "admin.access.rel.desk",
        Some(Relation::Handler) => "admin.access.rel.handler",
        Some(Relation::UnitHead) => "admin.access.rel.unit_head",
        Some(Relation::Unit) => "admin.access.rel.unit",
        Some(Relation::Leader) => "admin.access.rel.leader",
        Some(Relation::Clerk) => "admin.access.rel.clerk",
        Some(Relation::Admin) => "admin.access.rel.admin",
        Some(Relation::Reporter) => "admin.access.rel.reporter",
        None => "admin.access.unknown",
    }
}

fn line(e: AccessEntry, t: &Tr, vi: bool) -> Line {
    let codes = if e.codes.len() <= 3 {
        e.codes.join(" ")
    } else {
        t.fmt("admin.access.many", e.code_count)
    };
    Line {
        at: vn_time(e.at),
        agency: e.agency_code.unwrap_or_default(),
        relation: t.get(relation_key(&e.relation)).to_owned(),
        purpose: t.get(purpose_key(&e.purpose)).to_owned(),
        reason: e
            .reason
            .as_deref()
            .map(|r| match RevealReason::parse(r) {
                Some(x) if vi => x.label_vi().to_owned(),
                Some(x) => x.label_en().to_owned(),
                None => r.to_owned(),
            })
            .unwrap_or_default(),
        codes,
        fields: e.fields.join(", "),
        door: e.door,
        username: e.username,
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn href(q: &LogQuery, page: u32, csv: bool) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("user", &q.user),
        ("dossier", &q.dossier),
        ("purpose", &q.purpose),
        ("from", &q.from),
        ("to", &q.to),
    ] {
        if !v.trim().is_empty() {
            out.append_pair(k, v.trim());
        }
    }
    if csv {
        out.append_pair("format", "csv");
    } else if page > 1 {
        out.append_pair("page", &page.to_string());
    }
    format!("/admin/access-log?{}", out.finish())
}

/// A cell a spreadsheet will not run as a formula.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn csv(entries: Vec<AccessEntry>) -> Result<Vec<u8>, PageError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| PageError::Unexpected(format!("access log csv: {e}"));
    w.write_record([
        "at_utc", "username", "agency", "relation", "purpose", "reason", "dossiers", "count",
        "fields", "door",
    ])
    .map_err(fail)?;
    for e in entries {
        w.write_record([
            e.at.to_rfc3339(),
            cell(&e.username),
            cell(e.agency_code.as_deref().unwrap_or("")),
            e.relation,
            e.purpose,
            e.reason.unwrap_or_default(),
            cell(&e.codes.join(" ")),
            e.code_count.to_string(),
            e.fields.join(","),
            e.door,
        ])
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| PageError::Unexpected(format!("access log csv: {e}")))
}

pub async fn page(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<LogQuery>,
) -> Result<Response, PageError> {
    let t = a.t();
    let as_csv = q.format.as_deref() == Some("csv");
    let query = AccessQuery {
        username: Some(q.user.clone()),
        dossier_code: Some(q.dossier.clone()),
        purpose: Purpose::parse(&q.purpose),
        from: date(&q.from),
        to: date(&q.to),
        page: if as_csv { 1 } else { q.page.unwrap_or(1) },
        per_page: if as_csv { MAX_ACCESS_ROWS } else { 100 },
    };
    let log = s
        .app
        .access_log(&a.actor(), &query)
        .await
        .map_err(|e| a.failed(e))?;
    if as_csv {
        let body = csv(log.items)?;
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"nhat-ky-truy-cap.csv\""),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            body,
        )
            .into_response());
    }
    let vi = a.ctx.lang == crate::i18n::Lang::Vi;
    let purposes = Purpose::ALL
        .into_iter()
        .map(|p| (p.as_str(), t.get(purpose_key(p.as_str()))))
        .collect();
    let lines = log.items.into_iter().map(|e| line(e, &t, vi)).collect();
    render(LogPage {
        layout: a.layout("admin.access.title"),
        section: "access",
        purposes,
        lines,
        total: log.total,
        page: log.page,
        pages: log.pages,
        csv_href: href(&q, 1, true),
        prev_href: (log.page > 1).then(|| href(&q, log.page - 1, false)),
        next_href: (log.page < log.pages).then(|| href(&q, log.page + 1, false)),
        q,
    })
}
