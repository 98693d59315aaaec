//! The HTTP layer: public HTML pages, the JSON API (with its OpenAPI document) and the
//! operations endpoints. Handlers parse requests, call one use case of `motcua-app` and render;
//! they hold no SQL and no business rules, and this crate does not depend on the store.
//!
//! Two doors that never import each other: `pages/` (HTML) and `api/` (JSON). Below both:
//! `state`, `session`, `csrf`, `cookies`, `i18n`, `metrics`. Only this file sees everything.

use std::time::Duration;

use axum::Router;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub mod api;
mod assets;
mod cookies;
pub mod csrf;
mod download;
mod guard;
pub mod i18n;
mod metrics;
mod ops;
mod pages;
pub mod security;
pub mod session;
mod state;
mod statuses;

pub use security::SecurityConfig;
pub use state::{AppState, LoadError};

const REQUEST_ID: axum::http::HeaderName = axum::http::HeaderName::from_static("x-request-id");

/// The whole application.
pub fn router(state: AppState) -> Router {
    let trace = TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
        let id = req
            .headers()
            .get(&REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id = %id)
    });
    let security = state.security.clone();
    let routes = Router::new()
        .merge(pages::routes(&state))
        .merge(api::routes(&state.app.uploads))
        .merge(ops::routes())
        .merge(assets::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn(refuse_bad_input))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ));
    // Outside the timeout and everything else: a 408, a 404 and a refused input carry the
    // security headers too.
    security::with_headers(routes, &security)
        .layer(axum::middleware::from_fn_with_state(
            security.clone(),
            security::https_only,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// No route: a JSON 404 under `/api/`, the not-found page elsewhere.
async fn not_found(lang: i18n::Lang, uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        return api::error::ApiError::from(motcua_app::AppError::NotFound(uri.path().to_owned()))
            .into_response();
    }
    pages::not_found_page(lang)
}

/// Middleware: every text of the request passes [`guard::check`], or the request is answered
/// here with a 400 (413 for an oversize body): JSON under `/api/`, a page elsewhere.
async fn refuse_bad_input(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let api = req.uri().path().starts_with("/api/");
    let refusal = match guard::check(req).await {
        Ok(req) => return next.run(req).await,
        Err(r) => r,
    };
    tracing::info!(refusal = ?refusal, "request refused at the edge");
    let (vi, en) = (refusal.message_vi(), refusal.message_en());
    if refusal == guard::Refusal::TooLarge {
        let status = axum::http::StatusCode::PAYLOAD_TOO_LARGE;
        return if api {
            let body = api::error::ErrorBody {
                error: "too_large",
                message_vi: vi,
                message_en: en,
                current_version: None,
                field: None,
            };
            (status, axum::Json(body)).into_response()
        } else {
            pages::error::PageError::Status(status, vi, en).into_response()
        };
    }
    let e = motcua_app::AppError::invalid(vi, en);
    if api {
        api::error::ApiError::from(e).into_response()
    } else {
        pages::error::PageError::App(e).into_response()
    }
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer's address tells a trusted proxy's `X-Forwarded-Proto` from anyone else's, and
    // the list of sessions shows it.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
