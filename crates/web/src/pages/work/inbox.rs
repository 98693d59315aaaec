//! `/work`: the officer's inbox — what they hold, and their unit's queue (for the desk also the
//! online submissions to check), due first, with the clock in words and colour. Filters and
//! search update the list in place with htmx and work without it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Utc;
use motcua_domain::dossier::{clock, Owner, Status};
use motcua_domain::{rules, Role};
use motcua_store::catalog::{self, ProcedureFilter};
use motcua_store::dossiers::{self, unit_key, DossierFilter};
use serde::Deserialize;

use super::Choice;
use super::{q, status_label, vn_time, ClockWords, WorkUser, OPEN};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{is_htmx, render, Layout, PageCtx};
use crate::session::SessionUser;
use crate::state::AppState;

const PER_PAGE: u32 = 20;

#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    tab: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    procedure: String,
    #[serde(default)]
    overdue: String,
    page: Option<u32>,
}

pub struct Line {
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub status: &'static str,
    pub step: String,
    pub holder: String,
    pub due: String,
    pub clock: ClockWords,
}

#[derive(Template)]
#[template(path = "work_inbox_partial.html")]
pub struct Results {
    pub t: Tr,
    pub lines: Vec<Line>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

#[derive(Template)]
#[template(path = "work_inbox.html")]
struct InboxPage {
    layout: Layout,
    tab: String,
    mine_count: i64,
    queue_count: i64,
    mine_href: String,
    queue_href: String,
    query: InboxQuery,
    statuses: Vec<Choice>,
    fields: Vec<Choice>,
    procedures: Vec<Choice>,
    is_desk: bool,
    results_html: String,
}

fn href(query: &InboxQuery, tab: &str, page: u32) -> String {
    let mut params = vec![format!("tab={tab}")];
    for (k, v) in [
        ("q", &query.q),
        ("status", &query.status),
        ("field", &query.field),
        ("procedure", &query.procedure),
        ("overdue", &query.overdue),
    ] {
        if !v.is_empty() {
            params.push(format!("{k}={}", q(v)));
        }
    }
    if page > 1 {
        params.push(format!("page={page}"));
    }
    format!("/work?{}", params.join("&"))
}

/// Which dossiers a tab shows: `mine` (held by the officer) or `queue` (the unit's queue, and
/// for the desk the online submissions to check).
fn scope(user: &SessionUser, tab: &str, f: &mut DossierFilter) {
    if tab == "queue" {
        if let (Some(a), Some(u)) = (&user.agency_code, &user.unit_code) {
            f.owner_units = vec![unit_key(a, u)];
        }
        if user.has_any(&[Role::Desk]) {
            f.intake_agency = user.agency_code.clone();
        }
        if f.owner_units.is_empty() && f.intake_agency.is_none() {
            // No unit: nothing is queued for them (never "everything").
            f.owner_user = Some(String::new());
        }
    } else {
        f.owner_user = Some(user.username.clone());
    }
}

pub async fn page(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    headers: HeaderMap,
    Query(query): Query<InboxQuery>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let tab = if query.tab == "queue" {
        "queue"
    } else {
        "mine"
    };
    let page = query.page.unwrap_or(1).max(1);
    let now = Utc::now();
    let summaries = catalog::list_procedures(
        &s.db,
        &ProcedureFilter {
            per_page: 500,
            ..Default::default()
        },
    )
    .await?
    .items;
    let names: HashMap<&str, &str> = summaries
        .iter()
        .map(|p| (p.code.as_str(), p.name.as_str()))
        .collect();
    let mut base = DossierFilter {
        statuses: match Status::parse(&query.status) {
            Some(st) => vec![st],
            None => OPEN.to_vec(),
        },
        q: Some(query.q.trim().to_owned()).filter(|x| !x.is_empty()),
        due_before: (!query.overdue.is_empty()).then_some(now),
        limit: PER_PAGE,
        ..Default::default()
    };
    if !query.procedure.is_empty() {
        base.procedure_codes = vec![query.procedure.clone()];
    } else if !query.field.is_empty() {
        base.procedure_codes = summaries
            .iter()
            .filter(|p| p.field_code == query.field)
            .map(|p| p.code.clone())
            .collect();
        if base.procedure_codes.is_empty() {
            base.procedure_codes = vec![String::new()];
        }
    }
    let mut counts = [0i64; 2];
    let mut shown = Vec::new();
    for (i, which) in ["mine", "queue"].into_iter().enumerate() {
        let mut f = base.clone();
        scope(&user, which, &mut f);
        if which == tab {
            f.offset = (page - 1) * PER_PAGE;
            let (total, lines) = dossiers::list(&s.db, &f).await?;
            counts[i] = total;
            shown = lines;
        } else {
            f.limit = 1;
            counts[i] = dossiers::list(&s.db, &f).await?.0;
        }
    }
    let total = counts[usize::from(tab == "queue")];
    let cal = s.app.calendar();
    let mut lines = Vec::with_capacity(shown.len());
    for line in shown {
        let Some(stored) = dossiers::load(&s.db, &line.code).await? else {
            continue;
        };
        let d = stored.dossier;
        let rules = rules::for_dossier(Some(&d), now);
        let c = clock(&d, now, &cal, rules.due_soon()).ok().flatten();
        let clock_words = match &c {
            None => ClockWords::still("work.clock.not_received", &t),
            Some(c) if c.paused => ClockWords::still("work.clock.paused", &t),
            Some(c) if c.stopped => ClockWords::still("work.clock.stopped", &t),
            Some(c) => ClockWords::of(&c.dossier, &t),
        };
        lines.push(Line {
            procedure: names
                .get(d.procedure_code.as_str())
                .map_or_else(|| d.procedure_code.clone(), |n| (*n).to_owned()),
            applicant: d.applicant.name.clone(),
            status: status_label(d.status, &t),
            step: match d.current_step() {
                Some(st) if d.status.is_received() => format!("{}. {}", d.step + 1, st.name),
                _ => String::new(),
            },
            holder: match &d.step_owner {
                Some(Owner::User { username }) => username.clone(),
                Some(Owner::Unit { unit_code, .. }) => t.fmt("work.holder.queue", unit_code),
                None => String::new(),
            },
            due: d.due_at.map(vn_time).unwrap_or_default(),
            clock: clock_words,
            code: d.code,
        });
    }
    let pages = (total as u32).div_ceil(PER_PAGE).max(1);
    let results = Results {
        t,
        lines,
        total,
        page,
        pages,
        prev_href: (page > 1).then(|| href(&query, tab, page - 1)),
        next_href: (page < pages).then(|| href(&query, tab, page + 1)),
    };
    if is_htmx(&headers) {
        return render(results);
    }
    let choice = |value: String, label: String, current: &str| Choice {
        selected: value == current,
        value,
        label,
    };
    let fields = catalog::list_fields(&s.db).await?;
    let agency = user.agency_code.clone().unwrap_or_default();
    render(InboxPage {
        layout: ctx.layout(t.get("work.inbox.title"), "work"),
        mine_href: href(&query, "mine", 1),
        queue_href: href(&query, "queue", 1),
        tab: tab.to_owned(),
        mine_count: counts[0],
        queue_count: counts[1],
        statuses: OPEN
            .iter()
            .map(|st| {
                choice(
                    st.as_str().to_owned(),
                    status_label(*st, &t).to_owned(),
                    &query.status,
                )
            })
            .collect(),
        fields: fields
            .into_iter()
            .map(|f| choice(f.code, f.name, &query.field))
            .collect(),
        procedures: summaries
            .iter()
            .filter(|p| p.agency_code == agency || agency.is_empty())
            .map(|p| {
                choice(
                    p.code.clone(),
                    format!("{} — {}", p.code, p.name),
                    &query.procedure,
                )
            })
            .collect(),
        is_desk: user.has_any(&[Role::Desk]),
        results_html: results.render()?,
        query,
    })
}
