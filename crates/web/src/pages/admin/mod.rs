//! Administration (`/admin/…`), for users with the `Admin` role only: agencies and units,
//! users, procedures with their internal procedures, the working calendar and the settings
//! that change without a restart. Every change goes through the store's functions and the
//! domain's validation; nothing here holds SQL or rules of its own.

use std::sync::Arc;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use motcua_domain::Role;

use super::{Layout, PageCtx};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::session::{SessionUser, SignedIn};
use crate::state::AppState;

mod agencies;
mod calendar;
mod procedure_form;
mod procedures;
mod settings;
mod users;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/agencies") }))
        .merge(agencies::routes())
        .merge(users::routes())
        .merge(procedures::routes())
        .merge(calendar::routes())
        .merge(settings::routes())
}

/// A signed-in administrator, with the page context. Anonymous visitors are sent to sign in;
/// anyone else gets a 403 page.
pub struct Admin {
    pub user: Arc<SessionUser>,
    pub ctx: PageCtx,
}

#[derive(Template)]
#[template(path = "admin/forbidden.html")]
struct ForbiddenPage {
    layout: Layout,
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, s).await?;
        let ctx = match PageCtx::from_request_parts(parts, s).await {
            Ok(c) => c,
            Err(never) => match never {},
        };
        if !user.has_any(&[Role::Admin]) {
            let page = ForbiddenPage {
                layout: ctx.layout(ctx.t().get("admin.forbidden.title"), ""),
            };
            let body = page
                .render()
                .unwrap_or_else(|_| "Không có quyền / Forbidden".to_owned());
            return Err((StatusCode::FORBIDDEN, Html(body)).into_response());
        }
        Ok(Admin { user, ctx })
    }
}

impl Admin {
    pub fn t(&self) -> Tr {
        self.ctx.t()
    }

    pub fn layout(&self, title_key: &str) -> Layout {
        let t = self.t();
        self.ctx.layout(t.get(title_key), "admin")
    }
}

/// Problems of a submitted form, each tied to the id of the field it is about.
#[derive(Default, Debug)]
pub struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    /// The message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for attribute `attr` of row `i` of a table (`step-3-hours`).
    pub fn row(&self, table: &str, i: impl std::fmt::Display, attr: &str) -> Option<&str> {
        self.get(&format!("{table}-{i}-{attr}"))
    }
}

/// The message of a bilingual domain problem in the page's language.
pub fn pick(t: &Tr, vi: &str, en: &str) -> String {
    match t.lang {
        crate::i18n::Lang::Vi => vi.to_owned(),
        crate::i18n::Lang::En => en.to_owned(),
    }
}

/// A form page answered with its problems: 422 so that tests and tools see the refusal.
pub fn unprocessable(r: Response) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, r).into_response()
}

/// Trims a form value; empty becomes `None`.
pub fn opt(s: &str) -> Option<String> {
    let s = motcua_domain::text::nfc(s.trim());
    (!s.is_empty()).then_some(s)
}

/// A urlencoded form body with repeated names kept (checkbox groups, table rows).
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &str) -> FormData {
        FormData(
            form_urlencoded::parse(body.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A fresh password an administrator hands over once: 14 characters from an alphabet without
/// look-alikes (no 0/O, 1/l/I).
pub fn generate_password() -> String {
    use rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 14];
    rand_core::OsRng.fill_bytes(&mut raw);
    raw.iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// Argon2id off the async threads (it takes tens of milliseconds by design).
pub async fn hash_password(password: String) -> Result<String, PageError> {
    tokio::task::spawn_blocking(move || motcua_app::auth::hash_password(&password))
        .await
        .map_err(|e| PageError::Unexpected(format!("hashing task: {e}")))?
        .map_err(|e| PageError::Unexpected(format!("hashing: {e}")))
}

/// An instant in Vietnam time, `HH:MM dd/mm/yyyy` as offices write it.
pub fn vn_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&motcua_calendar::vn_offset())
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// Rebuilds the calendar in force after a change of days or office hours, so the next
/// appointment counts with it.
pub async fn reload_calendar(s: &AppState) -> Result<(), PageError> {
    Ok(s.app.reload_calendar().await?)
}
