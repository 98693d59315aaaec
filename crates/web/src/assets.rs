//! Static assets, compiled into the binary (one file to deploy) and cached by browsers.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::AppState;

const CSS: &str = include_str!("../static/app.css");
/// htmx 2.0.11, vendored from the npm package `htmx.org` (BSD-2-Clause): no Node build step.
const HTMX: &str = include_str!("../static/htmx.min.js");

fn cached(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| async { cached("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/static/htmx.min.js",
            get(|| async { cached("text/javascript; charset=utf-8", HTMX) }),
        )
}
