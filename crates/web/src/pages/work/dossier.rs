//! `/work/dossiers/{code}`: everything about a dossier on one screen — applicant, procedure,
//! dates and the clock, components and files, the internal procedure and where it stands, the
//! timeline (the process-control slip) and the actions this person may take now.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use motcua_app::privacy::{Door, Reading};
use motcua_app::AppError;
use motcua_domain::dossier::{Action, DOSSIER_ACTIONS};
use serde::Deserialize;

use super::common::{forbidden, WorkUser};
use super::dossier_view::{action_key, action_label, build, Outcome};
use crate::pages::error::PageError;
use crate::pages::{render, PageCtx};
use crate::session::SessionUser;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct PageQuery {
    done: Option<String>,
}

pub async fn page(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let done = q
        .done
        .as_deref()
        .and_then(|a| {
            DOSSIER_ACTIONS
                .iter()
                .chain([&Action::ReceiveAtDesk])
                .find(|x| action_key(**x) == a)
        })
        .map(|a| ctx.t().fmt("work.done", action_label(*a, &ctx)));
    show(&s, &ctx, &user, &code, done, None).await
}

/// The dossier page, with a confirmation or an action's outcome.
pub async fn show(
    s: &AppState,
    ctx: &PageCtx,
    user: &SessionUser,
    code: &str,
    done: Option<String>,
    outcome: Option<Outcome>,
) -> Result<Response, PageError> {
    show_reading(s, ctx, user, code, done, outcome, Reading::read(Door::Page)).await
}

/// The dossier page read for `reading`: a plain read, or a reveal with its reason.
pub async fn show_reading(
    s: &AppState,
    ctx: &PageCtx,
    user: &SessionUser,
    code: &str,
    done: Option<String>,
    outcome: Option<Outcome>,
    reading: Reading,
) -> Result<Response, PageError> {
    let detail = match s
        .app
        .dossier_detail(&user.actor(), code, Utc::now(), reading)
        .await
    {
        Ok(d) => d,
        Err(e) => return refusal_page(ctx, e),
    };
    let status = outcome
        .as_ref()
        .filter(|o| !o.confirm)
        .map_or(StatusCode::OK, |o| o.status);
    let page = build(ctx, detail, done, outcome, reading)?;
    Ok((status, render(page)?).into_response())
}

/// Why an officer cannot open a dossier, as a page: not there (404), another agency's (the
/// workspace's 403 page), or our fault.
pub(crate) fn refusal_page(ctx: &PageCtx, e: AppError) -> Result<Response, PageError> {
    match e {
        AppError::NotFound(_) => Err(PageError::NotFound(ctx.lang)),
        AppError::Forbidden { .. } => Ok(forbidden(ctx)),
        e => Err(e.into()),
    }
}

/// A dossier's file, for a signed-in officer who may see the dossier (the API's check and
/// serving: `Content-Disposition: attachment`, `nosniff`).
pub async fn file(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path((code, sha256)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let file = match s.app.officer_dossier(&user.actor(), &code).await {
        Ok((d, _)) => s.app.dossier_file(&d, &sha256).await,
        Err(e) => Err(e),
    };
    match file {
        Ok(f) => Ok(crate::download::send(f)),
        Err(e) => refusal_page(&ctx, e),
    }
}

/// `GET /work/dossiers/{code}/receipts/{n}`: receipt `n` of a dossier the officer may see,
/// printable.
pub async fn receipt(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path((code, n)): Path<(String, usize)>,
) -> Result<Response, PageError> {
    let (d, procedure) = match s.app.officer_dossier(&user.actor(), &code).await {
        Ok(x) => x,
        Err(e) => return refusal_page(&ctx, e),
    };
    let agency = s
        .app
        .applicant_view(d.clone(), Utc::now())
        .await?
        .public
        .agency_name
        .unwrap_or_default();
    crate::pages::receipt::page(
        &ctx,
        &d,
        n,
        procedure.procedure.name.clone(),
        agency,
        format!("/work/dossiers/{code}"),
    )
}
