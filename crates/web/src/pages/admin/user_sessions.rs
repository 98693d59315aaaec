//! `/admin/users/{id}/sessions`: where a user is signed in (browsers, API and machine tokens),
//! with one session or all of them ended by the administrator, and a lost authenticator
//! reset. Each of these is recorded in the audit log by its use case.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use motcua_app::users::User;
use serde::Deserialize;

use super::common::Admin;
use crate::pages::account::SessionView;
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/users/{id}/sessions", get(list))
        .route("/admin/users/{id}/sessions/{sid}/revoke", post(revoke))
        .route("/admin/users/{id}/totp/reset", post(reset_totp))
}

#[derive(Template)]
#[template(path = "admin/user_sessions.html")]
struct SessionsPage {
    layout: Layout,
    section: &'static str,
    user: User,
    totp_since: Option<String>,
    lines: Vec<SessionView>,
    done: Option<String>,
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn list(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let t = a.t();
    let now = Utc::now();
    let actor = a.actor();
    let user = s
        .app
        .admin_user(&actor, id, now)
        .await
        .map_err(|e| a.failed(e))?
        .user;
    let lines = s
        .app
        .user_sessions(&actor, id, now)
        .await
        .map_err(|e| a.failed(e))?
        .into_iter()
        .map(|l| SessionView::new(l, &t))
        .collect();
    let done = q.done.as_deref().and_then(|d| match d {
        "revoked" | "totp_reset" => Some(t.get(&format!("account.admin.done.{d}")).to_owned()),
        _ => None,
    });
    render(SessionsPage {
        layout: a.layout("account.admin.title"),
        section: "users",
        totp_since: user.totp_enabled_at.map(super::vn_time),
        user,
        lines,
        done,
    })
}

pub async fn revoke(
    State(s): State<AppState>,
    a: Admin,
    Path((id, sid)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    s.app
        .revoke_user_session(&a.actor(), id, &sid)
        .await
        .map_err(|e| a.failed(e))?;
    Ok(Redirect::to(&format!("/admin/users/{id}/sessions?done=revoked")).into_response())
}

pub async fn reset_totp(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    s.app
        .reset_user_totp(&a.actor(), id)
        .await
        .map_err(|e| a.failed(e))?;
    Ok(Redirect::to(&format!("/admin/users/{id}/sessions?done=totp_reset")).into_response())
}
