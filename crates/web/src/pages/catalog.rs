//! The public catalog: home page, the list with filters and search, one procedure's page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use motcua_app::catalog::{ProcedureFilter, ProcedureSummary};
use motcua_app::AppError;
use motcua_domain::{OnlineLevel, Procedure, PublicationStatus};
use serde::Deserialize;

use super::format;
use super::{is_htmx, render, Layout, PageCtx};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::state::AppState;

const PER_PAGE: u32 = 20;

/// One line of the catalog list, ready to print.
pub struct Row {
    pub code: String,
    pub name: String,
    pub field: String,
    pub time: String,
    pub online: &'static str,
    pub online_class: &'static str,
    pub cut: Option<String>,
    pub on_the_spot: bool,
}

fn row(p: &ProcedureSummary, fields: &HashMap<String, String>, t: &Tr) -> Row {
    Row {
        code: p.code.clone(),
        name: p.name.clone(),
        field: fields
            .get(&p.field_code)
            .cloned()
            .unwrap_or_else(|| p.field_code.clone()),
        time: format::time_limit(&p.committed_time, t),
        online: format::online_level(p.online_level, t),
        online_class: match p.online_level {
            OnlineLevel::Full => "tag-full",
            OnlineLevel::Partial => "tag-partial",
            OnlineLevel::None => "tag-none",
        },
        cut: p
            .committed_time
            .cut_percent(&p.statutory_time)
            .filter(|c| *c > 0.0)
            .map(|c| {
                t.fmt(
                    "catalog.cut",
                    format::number((c * 10.0).round() / 10.0, t.lang),
                )
            }),
        on_the_spot: p.on_the_spot,
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    total: i64,
    online: i64,
    fields: Vec<(String, String, i64)>,
    /// Office hours, Monday to Friday.
    hours: String,
    /// PAKN hotline and the office's address (empty until an administrator sets them).
    hotline: String,
    /// The hotline as a `tel:` link takes it (digits and a leading +).
    hotline_tel: String,
    address: String,
}

pub async fn home(State(s): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    let t = ctx.t();
    let overview = s.app.catalog_overview().await?;
    let contact = s.app.public_contact().await?;
    let h = &contact.hours;
    render(HomePage {
        layout: ctx.layout(t.get("home.title"), "home"),
        total: overview.total,
        online: overview.online,
        fields: overview.fields,
        hours: format!(
            "{}–{}, {}–{}",
            h.morning_start, h.morning_end, h.afternoon_start, h.afternoon_end
        ),
        hotline_tel: contact
            .hotline
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect(),
        hotline: contact.hotline,
        address: contact.address,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    online: String,
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "catalog.html")]
struct CatalogPage {
    layout: Layout,
    q: String,
    fields: Vec<Choice>,
    agencies: Vec<Choice>,
    levels: Vec<Choice>,
    results_html: String,
}

#[derive(Template)]
#[template(path = "catalog_results_partial.html")]
struct Results {
    t: Tr,
    rows: Vec<Row>,
    total: i64,
    page: u32,
    pages: u32,
    prev_href: Option<String>,
    next_href: Option<String>,
}

fn page_href(q: &ListQuery, page: u32) -> String {
    let mut params = vec![];
    for (k, v) in [
        ("q", &q.q),
        ("field", &q.field),
        ("agency", &q.agency),
        ("online", &q.online),
    ] {
        if !v.is_empty() {
            params.push(format!("{k}={}", urlencode(v)));
        }
    }
    params.push(format!("page={page}"));
    format!("/procedures?{}", params.join("&"))
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn parse_level(s: &str) -> Option<OnlineLevel> {
    match s {
        "full" => Some(OnlineLevel::Full),
        "partial" => Some(OnlineLevel::Partial),
        "none" => Some(OnlineLevel::None),
        _ => None,
    }
}

pub async fn list(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let non_empty = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
    let page = q.page.unwrap_or(1).max(1);
    let result = s
        .app
        .published_procedures(&ProcedureFilter {
            q: non_empty(&q.q),
            field_code: non_empty(&q.field),
            agency_code: non_empty(&q.agency),
            online_level: parse_level(&q.online),
            published_only: true,
            page,
            per_page: PER_PAGE,
        })
        .await?;
    let all_fields = s.app.fields().await?;
    let field_names: HashMap<String, String> = all_fields
        .iter()
        .map(|f| (f.code.clone(), f.name.clone()))
        .collect();
    let pages = ((result.total as u32).div_ceil(PER_PAGE)).max(1);
    let results = Results {
        t,
        rows: result
            .items
            .iter()
            .map(|p| row(p, &field_names, &t))
            .collect(),
        total: result.total,
        page,
        pages,
        prev_href: (page > 1).then(|| page_href(&q, page - 1)),
        next_href: (page < pages).then(|| page_href(&q, page + 1)),
    };
    if is_htmx(&headers) {
        return render(results);
    }
    let choice = |value: String, label: String, current: &str| Choice {
        selected: value == current,
        value,
        label,
    };
    let agencies = s.app.agencies().await?;
    render(CatalogPage {
        layout: ctx.layout(t.get("catalog.title"), "catalog"),
        fields: all_fields
            .into_iter()
            .map(|f| choice(f.code, f.name, &q.field))
            .collect(),
        agencies: agencies
            .into_iter()
            .map(|a| choice(a.code, a.name, &q.agency))
            .collect(),
        levels: [OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::None]
            .into_iter()
            .map(|l| {
                let v = match l {
                    OnlineLevel::Full => "full",
                    OnlineLevel::Partial => "partial",
                    OnlineLevel::None => "none",
                };
                choice(
                    v.to_owned(),
                    format::online_level(l, &t).to_owned(),
                    &q.online,
                )
            })
            .collect(),
        q: q.q,
        results_html: results.render()?,
    })
}

pub struct ComponentView {
    pub name: String,
    pub originals: u32,
    pub certified_copies: u32,
    pub copies: u32,
    pub required: bool,
    pub template: String,
    pub note: String,
}

pub struct StepView {
    pub name: String,
    pub who: String,
    pub duration: String,
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct ProcedurePage {
    layout: Layout,
    p: Procedure,
    version: i64,
    field: String,
    agency: String,
    unit: String,
    applicants: String,
    committed: String,
    statutory: String,
    cut: Option<String>,
    online: &'static str,
    online_note: &'static str,
    fee_timing: &'static str,
    fees: Vec<(String, String)>,
    components: Vec<ComponentView>,
    steps: Vec<StepView>,
    effective_from: String,
    effective_to: Option<String>,
}

impl ProcedurePage {
    /// Fully or partly online and published: the page offers the online submission.
    fn apply_online(&self) -> bool {
        self.p.online_level != OnlineLevel::None && self.p.status == PublicationStatus::Published
    }
}

pub async fn detail(
    State(s): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let (lang, t) = (ctx.lang, ctx.t());
    let detail = match s.app.procedure_detail(&code).await {
        Ok(d) => d,
        Err(AppError::NotFound(_)) => return Err(PageError::NotFound(lang)),
        Err(e) => return Err(e.into()),
    };
    let unit_name = |agency: &str, unit: &str| detail.unit_name(agency, unit);
    let p = detail.stored.procedure.clone();
    let field = detail.field_name.clone();
    let agency = detail.agency_name(&p.agency_code);
    let date = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let page = ProcedurePage {
        layout: ctx.layout(p.name.clone(), "catalog"),
        version: detail.stored.version,
        field,
        unit: unit_name(&p.agency_code, &p.unit_code),
        agency,
        applicants: p
            .applicant_types
            .iter()
            .map(|a| format::applicant(*a, &t))
            .collect::<Vec<_>>()
            .join(", "),
        committed: format::time_limit(&p.committed_time, &t),
        statutory: format::time_limit(&p.statutory_time, &t),
        cut: p
            .committed_time
            .cut_percent(&p.statutory_time)
            .filter(|c| *c > 0.0)
            .map(|c| {
                t.fmt(
                    "catalog.cut",
                    format::number((c * 10.0).round() / 10.0, lang),
                )
            }),
        online: format::online_level(p.online_level, &t),
        online_note: t.get(match p.online_level {
            OnlineLevel::Full => "procedure.online_note.full",
            OnlineLevel::Partial => "procedure.online_note.partial",
            OnlineLevel::None => "procedure.online_note.none",
        }),
        fee_timing: format::fee_timing(p.fee_timing, &t),
        fees: p
            .fees
            .iter()
            .map(|f| {
                let amount = f.amount_vnd.map(|a| format::money(a, lang));
                let text = match (amount, &f.description) {
                    (Some(a), Some(d)) => format!("{a} — {d}"),
                    (Some(a), None) => a,
                    (None, Some(d)) => d.clone(),
                    (None, None) => String::new(),
                };
                (f.name.clone(), text)
            })
            .collect(),
        components: p
            .components
            .iter()
            .map(|c| ComponentView {
                name: c.name.clone(),
                originals: c.originals,
                certified_copies: c.certified_copies,
                copies: c.copies,
                required: c.required,
                template: c.template.clone().unwrap_or_default(),
                note: c.note.clone().unwrap_or_default(),
            })
            .collect(),
        steps: p
            .steps
            .iter()
            .map(|st| {
                let agency = st.agency_code.as_deref().unwrap_or(&p.agency_code);
                StepView {
                    name: st.name.clone(),
                    who: format!(
                        "{} — {}",
                        format::role(st.role, &t),
                        unit_name(agency, &st.unit_code)
                    ),
                    duration: format::hours(st.hours, &t),
                }
            })
            .collect(),
        effective_from: date(p.effective_from),
        effective_to: p.effective_to.map(date),
        p,
    };
    render(page)
}

#[cfg(test)]
mod tests {
    #[test]
    fn urlencodes_vietnamese() {
        assert_eq!(super::urlencode("rượu a&b"), "r%C6%B0%E1%BB%A3u+a%26b");
    }
}
