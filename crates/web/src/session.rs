//! Browser sessions: a random token in an `HttpOnly` cookie, only its SHA-256 in the
//! `sessions` table (shared with API tokens). [`load`] resolves the cookie once per request
//! through `App::session_user`; handlers take [`SessionUser`] through
//! [`crate::pages::PageCtx`] or require one with [`SignedIn`], which sends a visitor to the
//! sign-in page and back.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use motcua_app::sessions::User;
use motcua_domain::dossier::{Actor, ActorKind};
use motcua_domain::Role;

use crate::state::AppState;

pub const COOKIE: &str = "motcua_session";
/// A browser session lasts one working day and a bit; officers sign in each morning.
pub const SESSION_HOURS: i64 = 12;

/// The signed-in person of a browser request.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub roles: Vec<Role>,
    pub agency_code: Option<String>,
    pub unit_code: Option<String>,
}

impl SessionUser {
    pub fn from_user(u: User) -> SessionUser {
        SessionUser {
            id: u.id,
            username: u.username,
            full_name: u.full_name,
            roles: u.roles,
            agency_code: u.agency_code,
            unit_code: u.unit_code,
        }
    }

    /// Officers have at least one role; applicants with accounts have none.
    pub fn is_officer(&self) -> bool {
        !self.roles.is_empty()
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }

    /// The same person as the domain's actor.
    pub fn actor(&self) -> Actor {
        Actor {
            kind: if self.is_officer() {
                ActorKind::Officer
            } else {
                ActorKind::Applicant
            },
            user_id: Some(self.id),
            username: self.username.clone(),
            roles: self.roles.clone(),
            agency_code: self.agency_code.clone(),
            unit_code: self.unit_code.clone(),
        }
    }
}

/// What [`load`] leaves in the request's extensions.
#[derive(Clone, Default)]
pub struct CurrentSession(pub Option<Arc<SessionUser>>);

/// Middleware: resolves the session cookie (an expired or unknown one is simply no session).
pub async fn load(State(s): State<AppState>, mut req: Request, next: Next) -> Response {
    let user = match crate::cookies::get(req.headers(), COOKIE) {
        Some(token) => match s.app.session_user(token, Utc::now()).await {
            Ok(u) => u.map(|u| Arc::new(SessionUser::from_user(u))),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                None
            }
        },
        None => None,
    };
    req.extensions_mut().insert(CurrentSession(user));
    next.run(req).await
}

/// The raw session token of the request, for signing out.
pub fn token(parts_headers: &axum::http::HeaderMap) -> Option<String> {
    crate::cookies::get(parts_headers, COOKIE).map(str::to_owned)
}

/// Requires a signed-in person; otherwise redirects to the sign-in page, which comes back here.
pub struct SignedIn(pub Arc<SessionUser>);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts
            .extensions
            .get::<CurrentSession>()
            .and_then(|c| c.0.clone())
        {
            Some(u) => Ok(SignedIn(u)),
            None => Err(sign_in_redirect(
                parts.uri.path_and_query().map(|p| p.as_str()),
            )),
        }
    }
}

/// A redirect to the sign-in page that returns to `next` afterwards.
pub fn sign_in_redirect(next: Option<&str>) -> Response {
    let next = next.unwrap_or("/");
    Redirect::to(&format!("/sign-in?next={}", urlencode(next))).into_response()
}

/// Percent-encodes a value for a query string.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Only local paths may be a sign-in's destination (no open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next(Some("/work?x=1")), "/work?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(urlencode("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
    }
}
