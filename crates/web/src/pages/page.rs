//! What every page handler shares: the request's context (language, person, CSRF token) and
//! rendering. Below every page module; imports none of them.

use std::sync::Arc;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use axum::response::{Html, IntoResponse, Response};

use super::error::PageError;
use super::layout::Layout;
use crate::csrf::CsrfToken;
use crate::i18n::{Lang, Tr};
use crate::session::{CurrentSession, SessionUser};

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

pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

pub fn render(t: impl Template) -> Result<Response, PageError> {
    Ok(Html(t.render()?).into_response())
}
