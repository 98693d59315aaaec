//! Server-rendered HTML pages. Full pages normally; the `*_partial.html` fragment when htmx
//! asks (`HX-Request`), so filters update in place yet everything works without JavaScript.

use askama::Template;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::i18n::{Lang, Tr};
use crate::{AppState, PageError};

mod catalog;
pub(crate) mod format;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(catalog::home))
        .route("/procedures", get(catalog::list))
        .route("/procedures/{code}", get(catalog::detail))
        .layer(axum::middleware::from_fn(crate::i18n::remember))
}

/// What the base template needs on every page.
pub struct Layout {
    pub t: Tr,
    pub title: String,
    /// The same page in the other language.
    pub switch_href: String,
    pub switch_label: &'static str,
    /// Which top navigation entry is current.
    pub nav: &'static str,
}

impl Layout {
    pub fn new(lang: Lang, uri: &Uri, title: String, nav: &'static str) -> Layout {
        let t = lang.tr();
        let other = lang.other();
        let mut params: Vec<String> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang=") && !kv.starts_with("page="))
            .map(str::to_owned)
            .collect();
        params.push(format!("lang={}", other.code()));
        Layout {
            t,
            title,
            switch_href: format!("{}?{}", uri.path(), params.join("&")),
            switch_label: match other {
                Lang::Vi => "Tiếng Việt",
                Lang::En => "English",
            },
            nav,
        }
    }

    pub fn lang(&self) -> &'static str {
        self.t.lang.code()
    }
}

pub(crate) fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

pub(crate) fn render(t: impl Template) -> Result<Response, PageError> {
    Ok(Html(t.render()?).into_response())
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    layout: Layout,
}

pub(crate) fn not_found_page(lang: Lang) -> Response {
    let t = lang.tr();
    let page = NotFoundPage {
        layout: Layout::new(
            lang,
            &Uri::from_static("/"),
            t.get("notfound.title").to_owned(),
            "",
        ),
    };
    match page.render() {
        Ok(html) => (StatusCode::NOT_FOUND, Html(html)).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "Không tìm thấy / Not found").into_response(),
    }
}

pub async fn not_found(lang: Lang, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::ApiError::NotFound(uri.path().to_owned()).into_response();
    }
    not_found_page(lang)
}
