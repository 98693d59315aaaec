//! Operations endpoints: `/healthz` (process up), `/readyz` (database reachable), `/metrics`
//! (Prometheus text, for a monitoring system holding the configured bearer token or a signed-in
//! administrator: route names and counts are not for everyone).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
}

async fn readyz(State(s): State<AppState>) -> Response {
    if s.app.ready().await {
        (StatusCode::OK, "ready").into_response()
    } else {
        tracing::warn!("readiness check failed");
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
    }
}

async fn metrics_text(State(s): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    if !may_read_metrics(&s, &headers).await {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "Cần mã truy cập hoặc đăng nhập quản trị / \
             a bearer token or an administrator's session is required\n",
        )
            .into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        s.metrics.render(),
    )
        .into_response()
}

/// The configured metrics token (compared in constant time), or the session (cookie) or API
/// token of an administrator.
async fn may_read_metrics(s: &AppState, headers: &axum::http::HeaderMap) -> bool {
    use subtle::ConstantTimeEq;
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if let (Some(given), Some(expected)) = (bearer, s.security.metrics_token.as_deref()) {
        if !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
            return true;
        }
    }
    let token = bearer.or_else(|| crate::cookies::get(headers, crate::session::COOKIE));
    let Some(token) = token else {
        return false;
    };
    match s.app.session_user(token, chrono::Utc::now()).await {
        Ok(Some(u)) => u.roles.contains(&motcua_domain::Role::Admin),
        Ok(None) => false,
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            false
        }
    }
}
