//! Static assets, compiled into the binary (one file to deploy) and cached by browsers.

use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

const CSS: &str = include_str!("../static/app.css");
/// htmx 2.0.11, vendored from the npm package `htmx.org` (BSD-2-Clause): no Node build step.
const HTMX: &str = include_str!("../static/htmx.min.js");
/// Swagger UI 5.35.0, vendored from the npm package `swagger-ui-dist` (Apache-2.0; see
/// `static/swagger/LICENSE`, `NOTICE` and `swagger-ui-bundle.js.LICENSE.txt`) so `/api/docs`
/// needs no CDN. Update: `npm pack swagger-ui-dist@5` and copy the same files.
const SWAGGER_CSS: &[u8] = include_bytes!("../static/swagger/swagger-ui.css");
const SWAGGER_JS: &[u8] = include_bytes!("../static/swagger/swagger-ui-bundle.js");
/// Ours: starts Swagger UI on `/api/openapi.json`; and the page that loads it all.
const SWAGGER_INIT: &str = include_str!("../static/swagger/init.js");
const DOCS_PAGE: &str = include_str!("../static/swagger/index.html");

fn cached(content_type: &'static str, body: impl IntoResponse) -> impl IntoResponse {
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
        .route(
            "/static/swagger/swagger-ui.css",
            get(|| async { cached("text/css; charset=utf-8", SWAGGER_CSS) }),
        )
        .route(
            "/static/swagger/swagger-ui-bundle.js",
            get(|| async { cached("text/javascript; charset=utf-8", SWAGGER_JS) }),
        )
        .route(
            "/static/swagger/init.js",
            get(|| async { cached("text/javascript; charset=utf-8", SWAGGER_INIT) }),
        )
        .route("/api/docs", get(|| async { Html(DOCS_PAGE) }))
}
