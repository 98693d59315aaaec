//! `/admin/audit`: the administrators' audit log — who changed what and when, with the value
//! before and after — filtered by person, action, target and Vietnam-time dates, 100 entries a
//! page; `/admin/audit.csv` the same filter as a CSV file.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use motcua_app::audit::{vietnam_day_start, AuditFilter, AuditRecord};
use serde::Deserialize;

use super::common::{vn_time, Admin};
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

const PAGE: i64 = 100;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(list))
        .route("/admin/audit.csv", get(csv))
}

#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    target: String,
    /// `yyyy-mm-dd`, Vietnam time, inclusive.
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: Option<i64>,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let non_empty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        AuditFilter {
            actor: non_empty(&self.actor),
            action: non_empty(&self.action),
            target: non_empty(&self.target),
            from: day(&self.from).and_then(vietnam_day_start),
            until: day(&self.to)
                .and_then(|d| d.succ_opt())
                .and_then(vietnam_day_start),
        }
    }

    /// The filter as a query string, for the CSV link and the next page.
    fn query_string(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("actor", &self.actor)
            .append_pair("action", &self.action)
            .append_pair("target", &self.target)
            .append_pair("from", &self.from)
            .append_pair("to", &self.to)
            .finish()
    }
}

struct Line {
    at: String,
    record: AuditRecord,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    section: &'static str,
    q: AuditQuery,
    lines: Vec<Line>,
    query: String,
    page: i64,
    more: bool,
    actions: &'static [&'static str],
}

/// The areas an action filter offers (an action is `area.verb`).
const ACTIONS: &[&str] = &[
    "user",
    "session",
    "token",
    "settings",
    "calendar",
    "agency",
    "unit",
    "procedure",
    "catalog",
];

pub async fn list(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let mut records = s
        .app
        .audit_log(&a.actor(), &q.filter(), PAGE + 1, (page - 1) * PAGE)
        .await
        .map_err(|e| a.failed(e))?;
    let more = records.len() as i64 > PAGE;
    records.truncate(PAGE as usize);
    render(AuditPage {
        layout: a.layout("account.audit.title"),
        section: "audit",
        query: q.query_string(),
        lines: records
            .into_iter()
            .map(|r| Line {
                at: vn_time(r.at),
                record: r,
            })
            .collect(),
        q,
        page,
        more,
        actions: ACTIONS,
    })
}

pub async fn csv(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let body = s
        .app
        .audit_csv(&a.actor(), &q.filter())
        .await
        .map_err(|e| a.failed(e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"nhat-ky-quan-tri.csv\"",
            ),
        ],
        // A byte-order mark, so spreadsheets read the Vietnamese as UTF-8.
        format!("\u{feff}{body}"),
    )
        .into_response())
}
