//! What every response carries for the browser's protection, and the settings it depends on.
//!
//! The fixed headers are set with `tower_http::set_header` on the whole router (fallback and
//! timeouts included), only where a handler did not set its own: a strict
//! `Content-Security-Policy` (no inline script or style anywhere: every script is a vendored
//! file under `/static/`), `nosniff`, no framing, `Referrer-Policy: same-origin`, a
//! `Permissions-Policy` denying the browser features motcua never uses, and
//! `Cache-Control: no-store` (pages and API answers can show personal data; static assets set
//! their own, cacheable, header). What depends on the request — whether it came over HTTPS — is
//! [`https_only`]: `Strict-Transport-Security` and `Secure` on every cookie.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

/// How the server is reached, for the headers that depend on it.
#[derive(Debug, Clone, Default)]
pub struct SecurityConfig {
    /// The address people use, e.g. `https://motcua.soct.gov.vn`. When it is `https://…`
    /// every response is taken to reach the browser over HTTPS (a TLS-terminating proxy in
    /// front), so HSTS is sent and cookies are `Secure`.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-Proto` is believed (their addresses as the server
    /// sees them). A request from anyone else cannot claim HTTPS with that header.
    pub trusted_proxies: Vec<IpAddr>,
    /// An origin forms may also be sent to (the payment gateway, when one is configured):
    /// `form-action` covers redirects after a form's POST in some browsers.
    pub gateway_origin: Option<String>,
    /// A bearer token that may read `/metrics` (a monitoring system); signed-in
    /// administrators may read it too. Unset: administrators only.
    pub metrics_token: Option<String>,
}

impl SecurityConfig {
    /// The policy sent with every page. `style-src 'self'` without `'unsafe-inline'`: no
    /// template has a `style=` attribute or a `<style>` element (htmx's own indicator styles
    /// are turned off in `base.html`). `img-src data:` for Swagger UI's icons.
    pub fn content_security_policy(&self) -> String {
        self.policy(None)
    }

    /// The policy of a page whose form may also lead to `url`'s origin (the pay form: the
    /// gateway configured live, in the settings).
    pub fn content_security_policy_also_to(&self, url: &str) -> String {
        self.policy(Some(url))
    }

    fn policy(&self, also: Option<&str>) -> String {
        let mut form_action = "'self'".to_owned();
        for origin in [self.gateway_origin.as_deref(), also]
            .into_iter()
            .flatten()
            .filter_map(origin_of)
        {
            if !form_action.split(' ').any(|o| o == origin) {
                form_action.push(' ');
                form_action.push_str(&origin);
            }
        }
        format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
             form-action {form_action}; frame-ancestors 'none'"
        )
    }

    /// Whether this request reached the browser over HTTPS (see the fields).
    fn is_https(&self, req: &Request) -> bool {
        if self
            .public_url
            .as_deref()
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"))
        {
            return true;
        }
        let from_proxy = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .is_some_and(|ConnectInfo(peer)| self.trusted_proxies.contains(&peer.ip()));
        from_proxy && forwarded_https(req.headers())
    }
}

/// The scheme and host of a URL (`https://pay.example/x` → `https://pay.example`); `None` for
/// anything that is not an `http(s)` URL, so a bad setting cannot loosen the policy with
/// keywords or wildcards.
fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    ok.then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
}

/// The first `X-Forwarded-Proto` value (the one the outermost trusted proxy saw) is `https`.
fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

/// `router` with the fixed headers on every response, each only where the handler set none.
pub fn with_headers<S: Clone + Send + Sync + 'static>(
    router: axum::Router<S>,
    cfg: &SecurityConfig,
) -> axum::Router<S> {
    let csp = HeaderValue::from_str(&cfg.content_security_policy())
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let fixed = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
        .layer(fixed(header::REFERRER_POLICY, "same-origin"))
        .layer(fixed(
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ))
        .layer(fixed(header::CACHE_CONTROL, "no-store"))
}

/// Browser features motcua never uses, denied to every page and anything it could embed.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
     magnetometer=(), microphone=(), payment=(), usb=(), serial=(), hid=(), midi=(), \
     display-capture=()";

/// Two years, with subdomains: the usual preload-ready HSTS value.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Middleware: over HTTPS, `Strict-Transport-Security` and `Secure` on every cookie set.
pub async fn https_only(
    State(cfg): State<Arc<SecurityConfig>>,
    req: Request,
    next: Next,
) -> Response {
    let https = cfg.is_https(&req);
    let mut res = next.run(req).await;
    if https {
        let headers = res.headers_mut();
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
        let cookies: Vec<HeaderValue> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(secure_cookie)
            .collect();
        if !cookies.is_empty() {
            headers.remove(header::SET_COOKIE);
            for c in cookies {
                headers.append(header::SET_COOKIE, c);
            }
        }
    }
    res
}

/// The cookie with `; Secure` added, unless it has it.
fn secure_cookie(v: &HeaderValue) -> HeaderValue {
    let has = v.to_str().is_ok_and(|s| {
        s.split(';')
            .any(|attr| attr.trim().eq_ignore_ascii_case("secure"))
    });
    if has {
        return v.clone();
    }
    let mut bytes = v.as_bytes().to_vec();
    bytes.extend_from_slice(b"; Secure");
    HeaderValue::from_bytes(&bytes).unwrap_or_else(|_| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_origin_is_added_to_form_action_only_when_it_is_a_url() {
        let mut cfg = SecurityConfig::default();
        assert!(cfg
            .content_security_policy()
            .contains("form-action 'self';"));
        cfg.gateway_origin = Some("https://Pay.Example.vn/checkout?x=1".into());
        assert!(cfg
            .content_security_policy()
            .contains("form-action 'self' https://pay.example.vn;"));
        for bad in [
            "*",
            "'unsafe-inline'",
            "javascript://x",
            "https://a b",
            "https://",
        ] {
            cfg.gateway_origin = Some(bad.into());
            assert!(
                cfg.content_security_policy()
                    .contains("form-action 'self';"),
                "{bad}"
            );
        }
    }

    #[test]
    fn secure_is_added_once() {
        let c = secure_cookie(&HeaderValue::from_static("a=1; Path=/; HttpOnly"));
        assert_eq!(c, "a=1; Path=/; HttpOnly; Secure");
        assert_eq!(secure_cookie(&c), c);
    }

    #[test]
    fn only_the_first_forwarded_proto_counts() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-proto", HeaderValue::from_static("https, http"));
        assert!(forwarded_https(&h));
        h.insert("x-forwarded-proto", HeaderValue::from_static("http, https"));
        assert!(!forwarded_https(&h));
    }
}
