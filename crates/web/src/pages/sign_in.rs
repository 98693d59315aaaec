//! Sign-in and sign-out for browsers (officers and applicants with accounts). Wrong passwords
//! and wrong second-factor codes lock the name for a while after a few attempts; "sign out
//! everywhere" ends every session of the person, API tokens included.
//!
//! With a second factor the sign-in has two steps: the password, then the code. Between them
//! the browser holds only a short-lived pending token (its own `HttpOnly` cookie), never the
//! password.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Duration, Utc};
use motcua_app::sessions::{SessionKind, SignedIn as Outcome};
use motcua_app::AppError;
use serde::Deserialize;

use super::{render, Layout, PageCtx};
use crate::pages::error::PageError;
use motcua_domain::Role;

use crate::session::{max_age, safe_next, ClientInfo, SignedIn, COOKIE, PENDING_COOKIE};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(form).post(submit))
        .route("/sign-in/code", post(submit_code))
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

#[derive(Template)]
#[template(path = "sign_in_code.html")]
struct CodePage {
    layout: Layout,
    next: String,
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

/// The session cookie for `token` until `until`, and the pending one removed.
fn signed_in(next: &str, token: &str, until: chrono::DateTime<Utc>) -> Response {
    let mut res = Redirect::to(next).into_response();
    if let Some(c) = crate::cookies::set(COOKIE, token, max_age(until), true) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    if let Some(c) = crate::cookies::set(PENDING_COOKIE, "", 0, true) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

pub async fn submit(
    State(s): State<AppState>,
    ctx: PageCtx,
    ClientInfo(client): ClientInfo,
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
    let outcome = s
        .app
        .sign_in(
            &username,
            &f.password,
            None,
            SessionKind::Page,
            &client,
            now,
        )
        .await;
    match outcome {
        Ok(Outcome::Session(session)) => Ok(signed_in(
            &landing(&next, &session.user.roles),
            &session.token,
            session.expires_at,
        )),
        Ok(Outcome::CodeNeeded { pending }) => {
            let page = CodePage {
                layout: ctx.layout(t.get("signin.code_title"), "signin"),
                next: next.clone(),
                error: None,
            };
            let mut res = render(page)?;
            let minutes = motcua_app::sessions::PENDING_MINUTES;
            if let Some(c) = crate::cookies::set(PENDING_COOKIE, &pending, minutes * 60, true) {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            Ok(res)
        }
        Err(AppError::Invalid { .. }) => again(t.get("signin.missing").to_owned()),
        Err(AppError::Locked { until }) => again(t.fmt("signin.locked", minutes_left(until - now))),
        Err(AppError::Unauthorized { .. }) => again(t.get("signin.wrong").to_owned()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
    next: Option<String>,
}

/// `POST /sign-in/code`: the second step, with the pending cookie the first one set.
pub async fn submit_code(
    State(s): State<AppState>,
    ctx: PageCtx,
    ClientInfo(client): ClientInfo,
    headers: HeaderMap,
    Form(f): Form<CodeForm>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let next = safe_next(f.next.as_deref());
    let now = Utc::now();
    let again = |error: String| {
        let page = CodePage {
            layout: ctx.layout(t.get("signin.code_title"), "signin"),
            next: next.clone(),
            error: Some(error),
        };
        render(page).map(|r| (StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
    };
    let restart = |error: String| {
        let page = SignInPage {
            layout: ctx.layout(t.get("signin.title"), "signin"),
            next: next.clone(),
            username: String::new(),
            error: Some(error),
        };
        render(page).map(|r| (StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
    };
    let Some(pending) = crate::cookies::get(&headers, PENDING_COOKIE).filter(|p| !p.is_empty())
    else {
        return restart(t.get("signin.code_expired").to_owned());
    };
    match s.app.sign_in_code(pending, &f.code, &client, now).await {
        Ok(session) => Ok(signed_in(
            &landing(&next, &session.user.roles),
            &session.token,
            session.expires_at,
        )),
        Err(AppError::Locked { until }) => {
            restart(t.fmt("signin.locked", minutes_left(until - now)))
        }
        Err(AppError::Unauthorized { en, .. }) if en.starts_with("The sign-in has expired") => {
            restart(t.get("signin.code_expired").to_owned())
        }
        Err(AppError::Unauthorized { .. }) => again(t.get("signin.code_wrong").to_owned()),
        Err(e) => Err(e.into()),
    }
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
