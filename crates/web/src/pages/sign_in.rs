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
use motcua_store::{sessions, sign_in, users};
use serde::Deserialize;

use super::{render, Layout, PageCtx};
use crate::pages::error::PageError;
use crate::session::{safe_next, SignedIn, COOKIE, SESSION_HOURS};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(form).post(submit))
        .route("/sign-out", post(sign_out))
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

/// A hash to verify against when the name is unknown, so both cases take the same time.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$invalidinvalidinvalidinvalidinvalidinvalid";

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
    if username.is_empty() || f.password.is_empty() {
        return again(t.get("signin.missing").to_owned());
    }
    let now = Utc::now();
    if let Some(until) = sign_in::locked_until(&s.db, &username, now).await? {
        return again(t.fmt("signin.locked", minutes_left(until - now)));
    }
    let user = users::find_user(&s.db, &username).await?;
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let password = f.password;
    let ok =
        tokio::task::spawn_blocking(move || motcua_app::auth::verify_password(&password, &hash))
            .await
            .unwrap_or(false);
    let Some(user) = user.filter(|u| ok && u.active) else {
        let policy = sign_in::LockPolicy::default();
        return match sign_in::record_failure(&s.db, &username, now, policy).await? {
            Some(until) => again(t.fmt("signin.locked", minutes_left(until - now))),
            None => again(t.get("signin.wrong").to_owned()),
        };
    };
    sign_in::clear(&s.db, &username).await?;
    let (token, token_hash) = motcua_app::auth::new_token();
    sessions::create(
        &s.db,
        &token_hash,
        user.id,
        now + Duration::hours(SESSION_HOURS),
    )
    .await?;
    let mut res = Redirect::to(&next).into_response();
    if let Some(c) = crate::cookies::set(COOKIE, &token, SESSION_HOURS * 3600, true) {
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
        sessions::delete_all(&s.db, user.id).await?;
    } else if let Some(token) = crate::session::token(&headers) {
        sessions::delete(&s.db, &motcua_app::auth::token_hash(&token)).await?;
    }
    let mut res = Redirect::to("/").into_response();
    if let Some(c) = crate::cookies::set(COOKIE, "", 0, true) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}
