//! `/work`: the officer's inbox — what they hold, their unit's queue (for the desk also the
//! online submissions to check), and a search over every dossier they may see (open or
//! closed: the desk finds a dossier held elsewhere, the director has the agency-wide list) —
//! due first, with the clock in words and colour. Filters and search update the list in place
//! with htmx and work without it; the list refreshes itself every 30 seconds, so new dossiers
//! appear without a reload. `/work/export.csv` writes what the filters select.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use motcua_app::inbox::{InboxQuery as Wanted, InboxScope};
use motcua_domain::dossier::{ClockState, Owner, Status};
use motcua_domain::Role;
use serde::Deserialize;

use super::common::{q, status_label, vn_time, Choice, ClockWords, WorkUser};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{is_htmx, render, Layout, PageCtx};
use crate::state::AppState;

const PER_PAGE: u32 = 20;
/// The most lines one CSV export writes (the count line says when more matched).
const EXPORT_MAX: usize = 100_000;
/// How often the list asks for what is new.
const REFRESH_SECS: u32 = 30;

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
    /// Dates `YYYY-MM-DD` (Vietnam), both ends included.
    #[serde(default)]
    received_from: String,
    #[serde(default)]
    received_to: String,
    #[serde(default)]
    due_from: String,
    #[serde(default)]
    due_to: String,
    page: Option<u32>,
}

impl InboxQuery {
    /// `mine`, `queue` or `all` (every dossier the person may see).
    fn tab(&self) -> &'static str {
        match self.tab.as_str() {
            "queue" => "queue",
            "all" => "all",
            _ => "mine",
        }
    }

    fn scope(&self) -> InboxScope {
        match self.tab() {
            "queue" => InboxScope::Queue,
            "all" => InboxScope::Visible,
            _ => InboxScope::Mine,
        }
    }

    /// The use case's query for `scope`, with the dates as instants (a "to" date counts
    /// whole: before the next day's midnight in Vietnam).
    fn wanted(&self, scope: InboxScope, page: u32, detailed: bool) -> Wanted {
        let nonempty = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        Wanted {
            scope,
            q: nonempty(&self.q),
            status: Status::parse(&self.status),
            field: nonempty(&self.field),
            procedure: nonempty(&self.procedure),
            overdue: !self.overdue.is_empty(),
            received_from: day_start(&self.received_from, 0),
            received_before: day_start(&self.received_to, 1),
            due_from: day_start(&self.due_from, 0),
            due_before: day_start(&self.due_to, 1),
            page,
            per_page: PER_PAGE,
            detailed,
        }
    }

    /// The address of this list on `tab`, page `page` (`base`: `/work` or the export).
    fn href(&self, base: &str, tab: &str, page: u32) -> String {
        let mut params = vec![format!("tab={tab}")];
        for (k, v) in [
            ("q", &self.q),
            ("status", &self.status),
            ("field", &self.field),
            ("procedure", &self.procedure),
            ("overdue", &self.overdue),
            ("received_from", &self.received_from),
            ("received_to", &self.received_to),
            ("due_from", &self.due_from),
            ("due_to", &self.due_to),
        ] {
            if !v.is_empty() {
                params.push(format!("{k}={}", q(v)));
            }
        }
        if page > 1 {
            params.push(format!("page={page}"));
        }
        format!("{base}?{}", params.join("&"))
    }
}

/// Midnight in Vietnam `plus_days` after `date` (`YYYY-MM-DD`); `None` when blank or not a date.
fn day_start(date: &str, plus_days: u64) -> Option<DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let day = day.checked_add_days(Days::new(plus_days))?;
    motcua_calendar::VN_OFFSET
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
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
    /// This list again (the periodic refresh).
    pub self_href: String,
    pub export_href: String,
    pub refresh_secs: u32,
}

#[derive(Template)]
#[template(path = "work_inbox.html")]
struct InboxPage {
    layout: Layout,
    tab: &'static str,
    mine_count: i64,
    queue_count: i64,
    mine_href: String,
    queue_href: String,
    all_href: String,
    query: InboxQuery,
    statuses: Vec<Choice>,
    fields: Vec<Choice>,
    procedures: Vec<Choice>,
    is_desk: bool,
    results_html: String,
}

pub async fn page(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    headers: HeaderMap,
    Query(query): Query<InboxQuery>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let tab = query.tab();
    let page = query.page.unwrap_or(1).max(1);
    let now = Utc::now();
    let actor = user.actor();
    let inbox = s
        .app
        .inbox(&actor, &query.wanted(query.scope(), page, true), now)
        .await?;
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
        prev_href: (page > 1).then(|| query.href("/work", tab, page - 1)),
        next_href: (page < pages).then(|| query.href("/work", tab, page + 1)),
        self_href: query.href("/work", tab, page),
        export_href: query.href("/work/export.csv", tab, 1),
        refresh_secs: REFRESH_SECS,
    };
    if is_htmx(&headers) {
        return render(results);
    }
    // The tabs' counts (the shown tab's is the list's total).
    let count = |scope: InboxScope| {
        let wanted = query.wanted(scope, 1, false);
        let (s, actor) = (&s, &actor);
        async move { s.app.inbox_count(actor, &wanted, now).await }
    };
    let mine_count = match tab {
        "mine" => total,
        _ => count(InboxScope::Mine).await?,
    };
    let queue_count = match tab {
        "queue" => total,
        _ => count(InboxScope::Queue).await?,
    };
    let choice = |value: String, label: String, current: &str| Choice {
        selected: value == current,
        value,
        label,
    };
    // The search covers closed dossiers too.
    let statuses: &[Status] = if tab == "all" {
        &Status::ALL
    } else {
        &Status::OPEN
    };
    let choices = s.app.inbox_choices(&actor).await?;
    render(InboxPage {
        layout: ctx.layout(t.get("work.inbox.title"), "work"),
        mine_href: query.href("/work", "mine", 1),
        queue_href: query.href("/work", "queue", 1),
        all_href: query.href("/work", "all", 1),
        tab,
        mine_count,
        queue_count,
        statuses: statuses
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

/// A CSV cell: quoted when it holds a separator, a quote or a line break; a leading `=`, `+`,
/// `-` or `@` is prefixed with `'` so a spreadsheet never runs it as a formula.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn clock_key(state: Option<ClockState>) -> &'static str {
    match state {
        None => "",
        Some(ClockState::WithinTime) => "work.clock.within",
        Some(ClockState::DueSoon) => "work.clock.soon",
        Some(ClockState::Overdue) => "work.clock.overdue",
    }
}

/// `GET /work/export.csv?…`: the lines the same filters select on the same tab (every page),
/// UTF-8 with a byte-order mark so spreadsheets read the Vietnamese right.
pub async fn export(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Query(query): Query<InboxQuery>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let now = Utc::now();
    let (lines, _) = s
        .app
        .inbox_export(
            &user.actor(),
            &query.wanted(query.scope(), 1, false),
            now,
            EXPORT_MAX,
        )
        .await?;
    let mut out = String::from("\u{feff}");
    let head = [
        "work.col.code",
        "work.col.procedure",
        "work.col.applicant",
        "work.inbox.status",
        "work.col.received",
        "work.col.due",
        "work.col.clock",
    ];
    let head: Vec<String> = head.iter().map(|k| csv_cell(t.get(k))).collect();
    out.push_str(&head.join(","));
    out.push_str("\r\n");
    for l in lines {
        let status =
            Status::parse(&l.line.status).map_or(l.line.status.as_str(), |st| status_label(st, &t));
        let clock = match clock_key(l.state) {
            "" => "",
            k => t.get(k),
        };
        let cells = [
            l.line.code.clone(),
            format!("{} — {}", l.line.procedure_code, l.procedure_name),
            l.line.applicant_name.clone(),
            status.to_owned(),
            l.line.received_at.map(vn_time).unwrap_or_default(),
            l.line.due_at.map(vn_time).unwrap_or_default(),
            clock.to_owned(),
        ];
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    let day = motcua_domain::dossier::vn_date(now).format("%Y-%m-%d");
    let disposition = format!("attachment; filename=\"ho-so-{day}.csv\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        out,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_cell("Nguyễn Văn A"), "Nguyễn Văn A");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("-1,2"), "\"'-1,2\"");
    }

    #[test]
    fn a_to_date_counts_whole() {
        let from = day_start("2026-03-02", 0).expect("date");
        let to = day_start("2026-03-02", 1).expect("date");
        assert_eq!(from.to_rfc3339(), "2026-03-01T17:00:00+00:00");
        assert_eq!(to - from, chrono::Duration::days(1));
        assert_eq!(day_start("", 0), None);
        assert_eq!(day_start("02/03/2026", 0), None);
    }
}
