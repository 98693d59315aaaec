//! `/my/dossiers/{code}/rating`: the satisfaction questions once the result was returned
//! (domain.md §7) — ease of the procedure and overall, three levels each, an optional comment.
//! `App::rate` allows one rating per returned dossier; the page says so plainly otherwise.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use chrono::Utc;
use motcua_app::service::RatingAnswers;
use motcua_app::AppError;
use motcua_domain::service::{RatingLevel, ServiceError};
use serde::Deserialize;

use super::common::{proof, see_other, signed_in, PortalError, PortalResult};
use super::dossier::visible;
use crate::i18n::Lang;
use crate::pages::{render, Layout, PageCtx};
use crate::state::AppState;

/// One question: its field name, its answer so far and its error.
pub struct Question {
    pub id: &'static str,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
    /// `(value, label)` of its three answers, in its own words: ease is answered "dễ / khó",
    /// not with satisfaction levels.
    pub options: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "portal/rating.html")]
struct RatingPage {
    layout: Layout,
    code: String,
    questions: Vec<Question>,
    comment: String,
    /// Why rating is not possible (not returned yet, already rated), instead of the form.
    closed: Option<String>,
    error: Option<String>,
}

impl RatingPage {
    fn has_errors(&self) -> bool {
        self.error.is_some() || self.questions.iter().any(|q| q.error.is_some())
    }
}

/// The three answers of question `id`: the stored level and its label. The overall question
/// uses the satisfaction levels' own names; the ease question maps the same three levels to
/// "Rất dễ thực hiện / Dễ thực hiện / Khó thực hiện".
fn options(id: &str, ctx: &PageCtx) -> Vec<(String, String)> {
    let t = ctx.t();
    RatingLevel::ALL
        .into_iter()
        .map(|l| {
            let name = match (id, ctx.lang) {
                ("ease", _) => t.get(&format!("rating.ease.{}", l.as_str())).to_owned(),
                (_, Lang::Vi) => l.name_vi().to_owned(),
                (_, Lang::En) => l.name_en().to_owned(),
            };
            (l.as_str().to_owned(), name)
        })
        .collect()
}

fn questions(ctx: &PageCtx, ease: &str, overall: &str, errors: &[&'static str]) -> Vec<Question> {
    let t = ctx.t();
    let q = |id: &'static str, value: &str| Question {
        id,
        label: t.get(&format!("rating.q.{id}")).to_owned(),
        value: value.to_owned(),
        error: errors
            .contains(&id)
            .then(|| t.get("rating.err.choose").to_owned()),
        options: options(id, ctx),
    };
    vec![q("ease", ease), q("overall", overall)]
}

fn page(
    ctx: &PageCtx,
    code: &str,
    questions: Vec<Question>,
    comment: String,
    closed: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> PortalResult {
    let res = render(RatingPage {
        layout: ctx.layout(ctx.t().get("rating.title"), "lookup"),
        code: code.to_owned(),
        questions,
        comment,
        closed,
        error,
    })?;
    Ok((status, res).into_response())
}

/// Why this dossier cannot be rated now, if it cannot (the domain's `may_rate`, as the
/// applicant's page asked it).
async fn closed_reason(
    s: &AppState,
    ctx: &PageCtx,
    d: &motcua_domain::dossier::Dossier,
) -> Result<Option<String>, PortalError> {
    let t = ctx.t();
    Ok(match s.app.rating_refusal(d).await? {
        Some(ServiceError::AlreadyRated) => Some(t.get("rating.already").to_owned()),
        Some(_) => Some(t.get("rating.not_yet").to_owned()),
        None => None,
    })
}

/// `GET /my/dossiers/{code}/rating`.
pub async fn form(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PortalResult {
    let d = match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let closed = closed_reason(&s, &ctx, &d).await?;
    let qs = questions(&ctx, "", "", &[]);
    page(
        &ctx,
        &d.code,
        qs,
        String::new(),
        closed,
        None,
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    ease: String,
    #[serde(default)]
    overall: String,
    #[serde(default)]
    comment: String,
}

/// `POST /my/dossiers/{code}/rating`: both questions answered, then `App::rate`.
pub async fn rate(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<RatingForm>,
) -> PortalResult {
    let d = match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let t = ctx.t();
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let (ease, overall) = (RatingLevel::parse(&f.ease), RatingLevel::parse(&f.overall));
    let comment = f.comment.trim().to_owned();
    let (Some(ease), Some(overall)) = (ease, overall) else {
        let mut missing = Vec::new();
        if ease.is_none() {
            missing.push("ease");
        }
        if overall.is_none() {
            missing.push("overall");
        }
        let qs = questions(&ctx, &f.ease, &f.overall, &missing);
        return page(&ctx, &d.code, qs, comment, None, None, unprocessable);
    };
    let answers = RatingAnswers {
        ease,
        overall,
        comment: (!comment.is_empty()).then(|| comment.clone()),
    };
    let qs = || questions(&ctx, &f.ease, &f.overall, &[]);
    let actor = signed_in(&ctx);
    let rated = s
        .app
        .rate(
            &d.code,
            proof(actor.as_ref(), &headers),
            answers,
            Utc::now(),
        )
        .await;
    match rated {
        Ok(_) => Ok(see_other(&format!("/my/dossiers/{}?done=rated", d.code))),
        Err(AppError::Service(ServiceError::NotReturned)) => {
            let m = t.get("rating.not_yet").to_owned();
            page(&ctx, &d.code, qs(), comment, Some(m), None, unprocessable)
        }
        Err(AppError::Service(ServiceError::AlreadyRated)) => {
            let m = t.get("rating.already").to_owned();
            page(
                &ctx,
                &d.code,
                qs(),
                comment,
                Some(m),
                None,
                StatusCode::CONFLICT,
            )
        }
        Err(AppError::Service(e)) => {
            let m = if ctx.lang == Lang::Vi {
                e.message_vi()
            } else {
                e.message_en()
            };
            page(&ctx, &d.code, qs(), comment, None, Some(m), unprocessable)
        }
        Err(AppError::NotFound(_)) => {
            Err(crate::pages::error::PageError::NotFound(ctx.lang).into())
        }
        Err(e) => Err(e.into()),
    }
}
