//! Server-rendered HTML pages. Full pages normally; the `*_partial.html` fragment when htmx
//! asks (`HX-Request`), so filters update in place yet everything works without JavaScript.

use askama::Template;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::csrf::CsrfToken;
use crate::i18n::{Lang, Tr};
use crate::session::{CurrentSession, SessionUser};
use crate::state::AppState;

mod admin;
mod catalog;
pub(crate) mod error;
pub(crate) mod format;
mod portal;
pub(crate) mod print;
mod reports;
mod sign_in;
mod work;

/// Every page route. The layers run outside in: the session is resolved, then the CSRF check
/// (which needs no session: anonymous citizens' forms are protected too), then the language.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(catalog::home))
        .route("/procedures", get(catalog::list))
        .route("/procedures/{code}", get(catalog::detail))
        .merge(sign_in::routes())
        .merge(portal::routes(state))
        .merge(admin::routes())
        .merge(print::routes())
        .merge(work::routes(state))
        .merge(reports::routes())
        .layer(axum::middleware::from_fn(crate::i18n::remember))
        .layer(axum::middleware::from_fn(crate::csrf::protect))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::session::load,
        ))
}

/// What every page handler knows about its request: language, address, who is signed in and
/// the CSRF token for its forms.
pub struct PageCtx {
    pub lang: Lang,
    pub uri: Uri,
    pub user: Option<Arc<SessionUser>>,
    pub csrf: String,
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, s).await?;
        let CsrfToken(csrf) = CsrfToken::from_request_parts(parts, s).await?;
        Ok(PageCtx {
            lang,
            uri: parts.uri.clone(),
            user: parts
                .extensions
                .get::<CurrentSession>()
                .and_then(|c| c.0.clone()),
            csrf,
        })
    }
}

impl PageCtx {
    pub fn t(&self) -> Tr {
        self.lang.tr()
    }

    /// The layout of a page titled `title`, with `nav` the current top navigation entry.
    pub fn layout(&self, title: impl Into<String>, nav: &'static str) -> Layout {
        let mut l = Layout::new(self.lang, &self.uri, title.into(), nav);
        l.user = self.user.clone();
        l.csrf = self.csrf.clone();
        l
    }
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
    /// Who is signed in, for the header.
    pub user: Option<Arc<SessionUser>>,
    /// The CSRF token every form of the page carries (`<input type=hidden name=csrf>`).
    pub csrf: String,
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
            user: None,
            csrf: String::new(),
        }
    }

    /// Whether the signed-in person is an officer (shows the work menu).
    pub fn is_officer(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_officer())
    }

    /// Whether the signed-in person administers the system (shows the administration menu).
    pub fn is_admin(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has_any(&[motcua_domain::Role::Admin]))
    }

    /// Whether the signed-in person may read reports (shows "Báo cáo" in the header).
    pub fn can_report(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has_any(&reports::REPORT_ROLES))
    }

    pub fn lang(&self) -> &'static str {
        self.t.lang.code()
    }
}

pub(crate) fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

pub use error::PageError;

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
