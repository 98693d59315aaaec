//! The officers' PAKN inbox (`/work/feedback`): petitions and complaints of the agency, open
//! first, each with its legal deadline on the working calendar and overdue ones in colour;
//! one PAKN's page with assignment to an officer, the answer (or refusal, or a question back)
//! and publication when the sender agreed. Every read and change goes through `motcua_app`.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use motcua_app::feedback_inbox::FeedbackItem;
use motcua_app::service::FeedbackFilter;
use motcua_app::AppError;
use motcua_domain::service::{FeedbackKind, FeedbackStatus};
use serde::Deserialize;

use super::common::{vn_time, Choice, WorkUser};
use crate::i18n::{Lang, Tr};
use crate::pages::error::PageError;
use crate::pages::{render, Layout, PageCtx};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/feedback", get(list))
        .route("/work/feedback/{code}", get(detail))
        .route("/work/feedback/{code}/assign", post(assign))
        .route("/work/feedback/{code}/answer", post(answer))
        .route("/work/feedback/{code}/publish", post(publish))
}

const OPEN: [FeedbackStatus; 3] = [
    FeedbackStatus::Received,
    FeedbackStatus::InProgress,
    FeedbackStatus::InfoRequested,
];

/// A PAKN's status in the reader's language.
pub(crate) fn status_words(s: FeedbackStatus, t: &Tr) -> String {
    t.get(&format!("work.pakn.status.{}", s.as_str()))
        .to_owned()
}

fn kind_words(k: FeedbackKind, t: &Tr) -> String {
    t.get(match k {
        FeedbackKind::Feedback => "work.pakn.kind.feedback",
        FeedbackKind::Petition => "work.pakn.kind.petition",
    })
    .to_owned()
}

/// One line of the list.
pub struct Line {
    pub code: String,
    pub kind: String,
    pub subject: String,
    pub sender: String,
    pub received: String,
    pub due: String,
    pub status: String,
    pub assignee: String,
    /// `clock-late` when overdue, `clock-ok` while open in time, `clock-still` when closed.
    pub class: &'static str,
    pub overdue: bool,
}

fn line(i: &FeedbackItem, t: &Tr) -> Line {
    let f = &i.feedback;
    let open = OPEN.contains(&f.status);
    Line {
        code: f.code.clone(),
        kind: kind_words(f.kind, t),
        subject: f.subject.clone(),
        sender: f.contact.name.clone(),
        received: vn_time(f.received_at),
        due: vn_time(i.answer_by),
        status: status_words(f.status, t),
        assignee: f.assigned_to.clone().unwrap_or_default(),
        class: match (i.overdue, open) {
            (true, _) => "clock-late",
            (false, true) => "clock-ok",
            (false, false) => "clock-still",
        },
        overdue: i.overdue,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// `open` (default), `mine` or `all`.
    #[serde(default)]
    show: String,
}

#[derive(Template)]
#[template(path = "work_feedback_list.html")]
struct ListPage {
    layout: Layout,
    tabs: Vec<Choice>,
    lines: Vec<Line>,
    total: i64,
}

/// `GET /work/feedback[?show=open|mine|all]`.
pub async fn list(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let actor = user.actor();
    let show = match q.show.as_str() {
        "mine" | "all" => q.show.clone(),
        _ => "open".to_owned(),
    };
    let filter = FeedbackFilter {
        statuses: if show == "all" {
            Vec::new()
        } else {
            OPEN.to_vec()
        },
        assigned_to: (show == "mine").then(|| actor.username.clone()),
        limit: 200,
        ..FeedbackFilter::default()
    };
    let (total, items) = s.app.feedback_inbox(&actor, filter, Utc::now()).await?;
    let mut lines: Vec<Line> = items.iter().map(|i| line(i, &t)).collect();
    // Open ones due first; the rest keep newest first.
    if show != "all" {
        lines.sort_by_key(|l| std::cmp::Reverse(l.overdue));
    }
    let tabs = ["open", "mine", "all"]
        .into_iter()
        .map(|k| Choice {
            value: k.to_owned(),
            label: t.get(&format!("work.pakn.show.{k}")).to_owned(),
            selected: k == show,
        })
        .collect();
    render(ListPage {
        layout: ctx.layout(t.get("work.pakn.title"), "work"),
        tabs,
        lines,
        total,
    })
}

#[derive(Template)]
#[template(path = "work_feedback.html")]
struct DetailPage {
    layout: Layout,
    line: Line,
    content: String,
    phone: String,
    email: String,
    dossier_code: String,
    consent: bool,
    answer: Option<(String, String, String)>,
    published: Option<String>,
    may_assign: bool,
    may_answer: bool,
    may_publish: bool,
    officers: Vec<Choice>,
    error: Option<String>,
    done: Option<String>,
    typed: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

async fn show(
    s: &AppState,
    ctx: &PageCtx,
    user: &crate::session::SessionUser,
    code: &str,
    error: Option<String>,
    done: Option<String>,
    typed: String,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let actor = user.actor();
    let d = match s.app.feedback_detail(&actor, code, Utc::now()).await {
        Ok(d) => d,
        Err(AppError::NotFound(_)) => return Err(PageError::NotFound(ctx.lang)),
        Err(e) => return Err(e.into()),
    };
    let f = &d.item.feedback;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = DetailPage {
        layout: ctx.layout(format!("{} — {}", t.get("work.pakn.title"), f.code), "work"),
        line: line(&d.item, &t),
        content: f.content.clone(),
        phone: f.contact.phone.clone().unwrap_or_default(),
        email: f.contact.email.clone().unwrap_or_default(),
        dossier_code: f.dossier_code.clone().unwrap_or_default(),
        consent: f.publish_consent,
        answer: f
            .answer
            .as_ref()
            .map(|a| (a.text.clone(), a.by.clone(), vn_time(a.at))),
        published: f.published_at.map(vn_time),
        may_assign: d.may_assign,
        may_answer: d.may_answer,
        may_publish: d.may_publish,
        officers: d
            .officers
            .iter()
            .map(|o| Choice {
                value: o.username.clone(),
                label: format!("{} ({})", o.full_name, o.username),
                selected: f.assigned_to.as_deref() == Some(o.username.as_str()),
            })
            .collect(),
        error,
        done,
        typed,
    };
    Ok((status, render(page)?).into_response())
}

/// `GET /work/feedback/{code}`.
pub async fn detail(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path(code): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let done = match q.done.as_str() {
        "assigned" | "answered" | "refused" | "info_requested" | "published" => Some(
            ctx.t()
                .get(&format!("work.pakn.done.{}", q.done))
                .to_owned(),
        ),
        _ => None,
    };
    show(&s, &ctx, &user, &code, None, done, String::new()).await
}

fn back(code: &str, done: &str) -> Response {
    Redirect::to(&format!(
        "/work/feedback/{}?done={done}",
        super::common::q(code)
    ))
    .into_response()
}

/// A refusal of the use case as the message on the page; anything else stays an error.
fn refusal(ctx: &PageCtx, e: AppError) -> Result<String, PageError> {
    let pick = |vi: String, en: String| if ctx.lang == Lang::Vi { vi } else { en };
    match e {
        AppError::Service(e) => Ok(pick(e.message_vi(), e.message_en())),
        AppError::Invalid { vi, en, .. } | AppError::Forbidden { vi, en } => Ok(pick(vi, en)),
        other => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    to: String,
}

/// `POST /work/feedback/{code}/assign`.
pub async fn assign(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path(code): Path<String>,
    Form(form): Form<AssignForm>,
) -> Result<Response, PageError> {
    match s
        .app
        .assign_feedback(&user.actor(), &code, &form.to, Utc::now())
        .await
    {
        Ok(_) => Ok(back(&code, "assigned")),
        Err(AppError::NotFound(_)) => Err(PageError::NotFound(ctx.lang)),
        Err(e) => {
            let m = refusal(&ctx, e)?;
            show(&s, &ctx, &user, &code, Some(m), None, String::new()).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    /// `answered`, `refused` or `info_requested`.
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    text: String,
}

/// `POST /work/feedback/{code}/answer`: the answer, a refusal with its reason, or a question.
pub async fn answer(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path(code): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    let to = match form.outcome.as_str() {
        "refused" => FeedbackStatus::Refused,
        "info_requested" => FeedbackStatus::InfoRequested,
        _ => FeedbackStatus::Answered,
    };
    let text = motcua_domain::text::nfc(form.text.trim());
    if text.is_empty() {
        let m = ctx.t().get("work.pakn.err.text").to_owned();
        return show(&s, &ctx, &user, &code, Some(m), None, text).await;
    }
    match s
        .app
        .change_feedback(&user.actor(), &code, to, Some(&text), Utc::now())
        .await
    {
        Ok(_) => Ok(back(&code, to.as_str())),
        Err(AppError::NotFound(_)) => Err(PageError::NotFound(ctx.lang)),
        Err(e) => {
            let m = refusal(&ctx, e)?;
            show(&s, &ctx, &user, &code, Some(m), None, text).await
        }
    }
}

/// `POST /work/feedback/{code}/publish`.
pub async fn publish(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    match s
        .app
        .change_feedback(
            &user.actor(),
            &code,
            FeedbackStatus::Published,
            None,
            Utc::now(),
        )
        .await
    {
        Ok(_) => Ok(back(&code, "published")),
        Err(AppError::NotFound(_)) => Err(PageError::NotFound(ctx.lang)),
        Err(e) => {
            let m = refusal(&ctx, e)?;
            show(&s, &ctx, &user, &code, Some(m), None, String::new()).await
        }
    }
}
