//! Cross-site request forgery protection for the HTML pages (the JSON API uses bearer
//! tokens, which browsers never send on their own, so it needs none).
//!
//! Two checks on every unsafe request: the `Origin` (or `Referer`) must be this site, and
//! the request must carry the per-browser token from the `motcua_csrf` cookie — as the form
//! field `csrf`, the `X-CSRF-Token` header (htmx sends it from `hx-headers` on `<body>`), or,
//! for `multipart/form-data` uploads whose body we stream and never buffer, a `csrf` query
//! parameter in the form's `action`.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

pub const COOKIE: &str = "motcua_csrf";
pub const FIELD: &str = "csrf";
pub const HEADER: &str = "x-csrf-token";
/// Forms are small; a urlencoded body larger than this is refused before parsing.
const MAX_FORM_BYTES: usize = 256 * 1024;

/// The token to embed in forms of this response.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .unwrap_or_else(|| CsrfToken(String::new())))
    }
}

fn new_token() -> String {
    use rand_core::{OsRng, RngCore};
    let mut raw = [0u8; 24];
    OsRng.fill_bytes(&mut raw);
    hex::encode(raw)
}

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether the request says it comes from this site. Browsers send `Origin` on every POST;
/// when neither header is present (old clients, privacy settings) the token alone decides.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|h| h.to_str().ok())
        .filter(|o| *o != "null")
        .or_else(|| headers.get(header::REFERER).and_then(|h| h.to_str().ok()));
    match (claimed, host) {
        (Some(c), Some(h)) => host_of(c) == Some(h),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

fn form_token(body: &[u8]) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned())
}

fn query_token(req: &Request) -> Option<String> {
    form_token(req.uri().query()?.as_bytes())
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(
        *m,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

fn rejected() -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(
            "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\">\
             <title>Biểu mẫu hết hạn / Form expired</title><link rel=stylesheet href=/static/app.css>\
             <main class=wrap><h1>Biểu mẫu đã hết hạn hoặc không hợp lệ</h1>\
             <p>Vui lòng quay lại, tải lại trang và gửi lại. Dữ liệu chưa được lưu.</p>\
             <p lang=en>The form has expired or is not valid. Please go back, reload the page and \
             send it again. Nothing was saved.</p><p><a href=\"javascript:history.back()\">← Quay lại / Back</a></p></main>",
        ),
    )
        .into_response()
}

/// Middleware for the page routes.
pub async fn protect(req: Request, next: Next) -> Response {
    let existing = crate::cookies::get(req.headers(), COOKIE)
        .filter(|t| t.len() == 48 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned);
    let mut req = req;
    if is_unsafe(req.method()) {
        let Some(expected) = existing.clone() else {
            return rejected();
        };
        if !same_origin(req.headers()) {
            return rejected();
        }
        let from_header = req
            .headers()
            .get(HEADER)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned);
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let presented = if from_header.is_some() {
            from_header
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            let (parts, body) = req.into_parts();
            let bytes: Bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
                Ok(b) => b,
                Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            };
            let t = form_token(&bytes);
            req = Request::from_parts(parts, Body::from(bytes));
            t
        } else {
            query_token(&req)
        };
        match presented {
            Some(t) if same_bytes(t.as_bytes(), expected.as_bytes()) => {}
            _ => return rejected(),
        }
    }
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (new_token(), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    if fresh {
        if let Some(v) = crate::cookies::set(COOKIE, &token, 60 * 60 * 24 * 30, true) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&h), "no Origin/Referer: token decides");
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&h));
        h.remove(header::ORIGIN);
        h.insert(
            header::REFERER,
            HeaderValue::from_static("http://127.0.0.1:8080/x?y"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::REFERER,
            HeaderValue::from_static("http://127.0.0.1:9999/x"),
        );
        assert!(!same_origin(&h));
    }

    #[test]
    fn token_from_form_body() {
        assert_eq!(form_token(b"a=1&csrf=abc&b=2").as_deref(), Some("abc"));
        assert_eq!(form_token(b"a=1"), None);
        assert!(same_bytes(b"abc", b"abc"));
        assert!(!same_bytes(b"abc", b"abd"));
        assert!(!same_bytes(b"abc", b"ab"));
    }
}
