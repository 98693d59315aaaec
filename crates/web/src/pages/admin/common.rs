//! What every administration page shares: the `Admin` extractor (403 page for others), form
//! data and its problems, and the use cases' refusals placed on the form.

use std::sync::Arc;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use motcua_app::admin::Problem;
use motcua_app::AppError;
use motcua_domain::dossier::Actor;
use motcua_domain::Role;

use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{Layout, PageCtx};
use crate::session::{SessionUser, SignedIn};

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
    /// The administrator as the use cases' acting person.
    pub fn actor(&self) -> Actor {
        self.user.actor()
    }

    pub fn t(&self) -> Tr {
        self.ctx.t()
    }

    /// A use case's error as this page answers it: something absent is the not-found page
    /// in the visitor's language.
    pub fn failed(&self, e: AppError) -> PageError {
        match e {
            AppError::NotFound(_) => PageError::NotFound(self.ctx.lang),
            other => other.into(),
        }
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

    /// Adds the use cases' problems, each in the page's language.
    pub fn add_problems(&mut self, t: &Tr, problems: Vec<Problem>) {
        for p in problems {
            self.add(p.field, pick(t, &p.vi, &p.en));
        }
    }

    /// A use case's refusal of the input as a problem on the form; any other error stays one.
    pub fn from_refusal(t: &Tr, e: AppError) -> Result<FormErrors, PageError> {
        match e {
            AppError::Invalid { field, vi, en } => {
                let mut errors = FormErrors::default();
                errors.add(field.unwrap_or(""), pick(t, &vi, &en));
                Ok(errors)
            }
            other => Err(other.into()),
        }
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

/// An instant in Vietnam time, `HH:MM dd/mm/yyyy` as offices write it.
pub fn vn_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&motcua_calendar::vn_offset())
        .format("%H:%M %d/%m/%Y")
        .to_string()
}
