//! `/admin` (the administration's home: its sections, and how many notifications did not go
//! out) and `/admin/notifications` ("Thông báo"): every undelivered message with its channel,
//! recipient, tries and the reason, and "try again". Undeliverable means undelivered: a message
//! with no mail server or SMS gateway stays here until one is set.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use serde::Deserialize;

use super::common::{vn_time, Admin};
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/notifications", get(list))
        .route("/admin/notifications/{id}/retry", post(retry))
}

/// How many messages the page lists at most.
const SHOWN: i64 = 200;

#[derive(Template)]
#[template(path = "admin/home.html")]
struct HomePage {
    layout: Layout,
    section: &'static str,
    undelivered: i64,
    failed: i64,
    email: bool,
    sms: bool,
}

/// `GET /admin`.
pub async fn home(State(s): State<AppState>, admin: Admin) -> Result<Response, PageError> {
    let view = s
        .app
        .undelivered(&admin.actor(), 1)
        .await
        .map_err(|e| admin.failed(e))?;
    let channels = s.app.channels().await?;
    render(HomePage {
        layout: admin.layout("admin.home.title"),
        section: "home",
        undelivered: view.total(),
        failed: view.failed(),
        email: channels.email,
        sms: channels.sms,
    })
}

/// One undelivered message as the page shows it.
pub struct Row {
    pub id: i64,
    pub channel: String,
    pub about: String,
    pub recipient: String,
    pub subject: String,
    pub created: String,
    pub attempts: i64,
    pub next: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "admin/notifications.html")]
struct ListPage {
    layout: Layout,
    section: &'static str,
    rows: Vec<Row>,
    counts: Vec<(String, i64, i64)>,
    total: i64,
    email: bool,
    sms: bool,
    done: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// `GET /admin/notifications`.
pub async fn list(
    State(s): State<AppState>,
    admin: Admin,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let t = admin.t();
    let view = s
        .app
        .undelivered(&admin.actor(), SHOWN)
        .await
        .map_err(|e| admin.failed(e))?;
    let channels = s.app.channels().await?;
    let channel_name = |c: &str| {
        let key = format!("admin.notify.channel.{c}");
        match t.get(&key) {
            k if k == key => c.to_owned(),
            name => name.to_owned(),
        }
    };
    let rows = view
        .messages
        .iter()
        .map(|m| Row {
            id: m.id,
            channel: channel_name(&m.channel),
            about: m.dossier_code.clone().unwrap_or_default(),
            recipient: m.recipient.clone().unwrap_or_default(),
            subject: m
                .subject
                .clone()
                .unwrap_or_else(|| m.body.chars().take(80).collect()),
            created: vn_time(m.created_at),
            attempts: m.attempts,
            next: vn_time(m.next_attempt),
            reason: m.last_error.clone().unwrap_or_default(),
        })
        .collect();
    let counts = view
        .counts
        .iter()
        .map(|(c, p, f)| (channel_name(c), *p, *f))
        .collect();
    render(ListPage {
        layout: admin.layout("admin.notify.title"),
        section: "notifications",
        rows,
        counts,
        total: view.total(),
        email: channels.email,
        sms: channels.sms,
        done: q.done == "retry",
    })
}

/// `POST /admin/notifications/{id}/retry`: due now; the worker sends it on its next pass.
pub async fn retry(
    State(s): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    s.app
        .retry_message(&admin.actor(), id, Utc::now())
        .await
        .map_err(|e| admin.failed(e))?;
    Ok(Redirect::to("/admin/notifications?done=retry").into_response())
}
