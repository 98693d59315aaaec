//! Sign-in and sign-out for browsers (officers and applicants with accounts). Wrong passwords
//! lock the name for a while after a few attempts; "sign out everywhere" ends every session
//! of the person, API tokens included.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Duration, Utc};
use motcua_app::AppError;
use serde::Deserialize;

use super::{render, Layout, PageCtx};
use crate::pages::error::PageError;
use motcua_domain::Role;

use crate::session::{safe_next, SignedIn, COOKIE, SESSION_HOURS};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(form).post(submit))
        .route("/sign-out", post(sign_out))
}

/// Where a sign-in leads: the page asked for, or (with none) where the person works — the
/// officers' inbox, the administration, the reports; the home page for an applicant.
fn landing(next: &str, roles: &[Role]) -> String {
    if next != "/" {
        return next.to_owned();
    }
    let works = roles
        .iter()
        .any(|r| !matches!(r, Role::Admin | Role::Reporter));
    if works {
        "/work".to_owned()
    } else if roles.contains(&Role::Admin) {
        "/admin".to_owned()
    } else if roles.contains(&Role::Reporter) {
        "/reports".to_owned()
    } else {
        next.to_owned()
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(ctx: PageCtx, Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    let next = safe_next(q.next.as_deref());
    if ctx.user.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    render(SignInPage {
        layout: ctx.layout(ctx.t().get("signin.title"), "signin"),
        next,
        username: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(s): State<AppState>,
    ctx: PageCtx,
    Form(f): Form<SignInForm>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let username = f.username.trim().to_owned();
    let next = safe_next(f.next.as_deref());
    let again = |error: String| {
        let page = SignInPage {
            layout: ctx.layout(t.get("signin.title"), "signin"),
            next: next.clone(),
            username: username.clone(),
            error: Some(error),
        };
        render(page).map(|r| (StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
    };
    let now = Utc::now();
    // The one sign-in of browsers and API clients: the same lock-out for both.
    let lifetime = Duration::hours(SESSION_HOURS);
    let session = match s.app.sign_in(&username, &f.password, lifetime, now).await {
        Ok(session) => session,
        Err(AppError::Invalid { .. }) => return again(t.get("signin.missing").to_owned()),
        Err(AppError::Locked { until }) => {
            return again(t.fmt("signin.locked", minutes_left(until - now)))
        }
        Err(AppError::Unauthorized { .. }) => return again(t.get("signin.wrong").to_owned()),
        Err(e) => return Err(e.into()),
    };
    let mut res = Redirect::to(&landing(&next, &session.user.roles)).into_response();
    if let Some(c) = crate::cookies::set(COOKIE, &session.token, SESSION_HOURS * 3600, true) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

fn minutes_left(d: Duration) -> i64 {
    (d.num_seconds() + 59).div_euclid(60).max(1)
}

#[derive(Deserialize)]
pub struct SignOutForm {
    /// "Sign out everywhere": every session of the person, on every device.
    everywhere: Option<String>,
}

pub async fn sign_out(
    State(s): State<AppState>,
    SignedIn(user): SignedIn,
    headers: axum::http::HeaderMap,
    Form(f): Form<SignOutForm>,
) -> Result<Response, PageError> {
    if f.everywhere.is_some() {
        s.app.sign_out_everywhere(user.id).await?;
    } else if let Some(token) = crate::session::token(&headers) {
        s.app.sign_out(&token).await?;
    }
    let mut res = Redirect::to("/").into_response();
    if let Some(c) = crate::cookies::set(COOKIE, "", 0, true) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}
