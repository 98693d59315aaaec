//! `/work`: the officer's inbox — what they hold, and their unit's queue (for the desk also the
//! online submissions to check), due first, with the clock in words and colour. Filters and
//! search update the list in place with htmx and work without it.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Utc;
use motcua_app::inbox::{InboxQuery as Wanted, InboxScope};
use motcua_domain::dossier::{Owner, Status};
use motcua_domain::Role;
use serde::Deserialize;

use super::common::{q, status_label, vn_time, Choice, ClockWords, WorkUser};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{is_htmx, render, Layout, PageCtx};
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
    let actor = user.actor();
    let nonempty = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let wanted = |scope: InboxScope| Wanted {
        scope,
        q: nonempty(&query.q),
        status: Status::parse(&query.status),
        field: nonempty(&query.field),
        procedure: nonempty(&query.procedure),
        overdue: !query.overdue.is_empty(),
        page,
        per_page: PER_PAGE,
        detailed: true,
    };
    let (shown, other) = if tab == "queue" {
        (InboxScope::Queue, InboxScope::Mine)
    } else {
        (InboxScope::Mine, InboxScope::Queue)
    };
    let inbox = s.app.inbox(&actor, &wanted(shown), now).await?;
    let other_count = s.app.inbox_count(&actor, &wanted(other), now).await?;
    let counts = if tab == "queue" {
        [other_count, inbox.total]
    } else {
        [inbox.total, other_count]
    };
    let total = inbox.total;
    let lines = inbox
        .items
        .into_iter()
        .filter_map(|item| item.detail)
        .map(|line| {
            let d = line.dossier;
            let clock_words = match &line.clock {
                None => ClockWords::still("work.clock.not_received", &t),
                Some(c) if c.paused => ClockWords::still("work.clock.paused", &t),
                Some(c) if c.stopped => ClockWords::still("work.clock.stopped", &t),
                Some(c) => ClockWords::of(&c.dossier, &t),
            };
            Line {
                procedure: line.procedure_name,
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
            }
        })
        .collect();
    let pages = inbox.pages;
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
    let choices = s.app.inbox_choices(&actor).await?;
    render(InboxPage {
        layout: ctx.layout(t.get("work.inbox.title"), "work"),
        mine_href: href(&query, "mine", 1),
        queue_href: href(&query, "queue", 1),
        tab: tab.to_owned(),
        mine_count: counts[0],
        queue_count: counts[1],
        statuses: Status::OPEN
            .iter()
            .map(|st| {
                choice(
                    st.as_str().to_owned(),
                    status_label(*st, &t).to_owned(),
                    &query.status,
                )
            })
            .collect(),
        fields: choices
            .fields
            .into_iter()
            .map(|f| choice(f.code, f.name, &query.field))
            .collect(),
        procedures: choices
            .procedures
            .iter()
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
