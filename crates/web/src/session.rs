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
/// The short-lived cookie between a right password and its second-factor code.
pub const PENDING_COOKIE: &str = "motcua_pending";
/// Where an administrator without a second factor is sent until they enrol.
pub const ENROL_PATH: &str = "/account/totp";

/// The signed-in person of a browser request.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub roles: Vec<Role>,
    pub agency_code: Option<String>,
    pub unit_code: Option<String>,
    /// An administrator without a second factor: led to enrol, and not an administrator
    /// (the role is left out of `roles`) until then.
    pub must_enrol: bool,
}

impl SessionUser {
    pub fn from_user(u: User) -> SessionUser {
        let must_enrol = motcua_app::sessions::must_enrol(&u);
        // The use cases' rule, so pages and API agree on who acts as an administrator.
        let roles = motcua_app::sessions::actor_of(&u).roles;
        SessionUser {
            id: u.id,
            username: u.username,
            full_name: u.full_name,
            roles,
            agency_code: u.agency_code,
            unit_code: u.unit_code,
            must_enrol,
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
    if user.as_ref().is_some_and(|u| u.must_enrol) && !enrol_may_reach(req.uri().path()) {
        return Redirect::to(ENROL_PATH).into_response();
    }
    req.extensions_mut().insert(CurrentSession(user));
    next.run(req).await
}

/// What an administrator who must still enrol a second factor may open: the enrolment itself
/// and signing out. Everything else leads to the enrolment.
fn enrol_may_reach(path: &str) -> bool {
    path == ENROL_PATH || path.starts_with("/account/totp/") || path == "/sign-out"
}

/// Where a request comes from, for the list of sessions: its user agent and the peer address
/// (the connection's; behind a proxy, the proxy's).
pub fn client(
    headers: &axum::http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> motcua_app::sessions::Client {
    motcua_app::sessions::Client {
        user_agent: headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        ip: peer.map(|p| p.ip().to_string()),
    }
}

/// The peer address of a request, when the server was started with connection info.
pub fn peer(extensions: &axum::http::Extensions) -> Option<std::net::SocketAddr> {
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0)
}

/// Where the request comes from ([`client`]), as an extractor.
pub struct ClientInfo(pub motcua_app::sessions::Client);

impl<S: Send + Sync> FromRequestParts<S> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientInfo(client(&parts.headers, peer(&parts.extensions))))
    }
}

/// Seconds from `now` until `until`, for a cookie's `Max-Age`.
pub fn max_age(until: chrono::DateTime<Utc>) -> i64 {
    (until - Utc::now()).num_seconds().max(0)
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

/// Only local paths may be a sign-in's destination (no open redirect): one `/` then anything
/// but a second `/` or a `\`, and no control character or space anywhere (browsers drop tabs
/// and line breaks from a URL, so `/\t/evil.example` would become `//evil.example`). Letters
/// beyond ASCII are percent-encoded, so the result is always a valid `Location`.
pub fn safe_next(next: Option<&str>) -> String {
    let Some(n) = next else {
        return "/".to_owned();
    };
    let local = n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && !n.chars().any(|c| c.is_control() || c.is_whitespace());
    if !local {
        return "/".to_owned();
    }
    let mut out = String::with_capacity(n.len());
    for c in n.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
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
        for hostile in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\u{0}",
            "/\u{7f}x",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "/\\evil",
            "\\\\evil",
            "///evil.example",
            "evil.example",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(
            safe_next(Some("/procedures?q=rượu")),
            "/procedures?q=r%C6%B0%E1%BB%A3u"
        );
    }

    #[test]
    fn only_the_enrolment_while_it_is_due() {
        assert!(enrol_may_reach("/account/totp"));
        assert!(enrol_may_reach("/account/totp/confirm"));
        assert!(enrol_may_reach("/sign-out"));
        assert!(!enrol_may_reach("/admin/users"));
        assert!(!enrol_may_reach("/account/totpx"));
        assert!(!enrol_may_reach("/"));
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(urlencode("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
    }
}
