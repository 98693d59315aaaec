//! Errors as browsers see them: the not-found page, or a plain apology. Every use-case error is
//! mapped here, once; pages that can say something better (a form's refusal, a conflict) catch
//! the error before it gets here and re-render with the message.

use askama::Template;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use motcua_app::AppError;

use super::layout::Layout;
use crate::i18n::Lang;

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound(Lang),
    #[error(transparent)]
    App(#[from] AppError),
    #[error(transparent)]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Print(#[from] motcua_reports::PrintError),
    #[error("{0}")]
    Unexpected(String),
    /// A refusal with its own status and message (both languages).
    #[error("{1} / {2}")]
    Status(StatusCode, String, String),
}

impl From<motcua_domain::dossier::DossierError> for PageError {
    fn from(e: motcua_domain::dossier::DossierError) -> Self {
        PageError::App(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::NotFound(lang) => not_found_page(lang),
            // A page reached without the right role, or a thing that is not there (or not
            // visible): the same answers as a wrong address, never a JSON body.
            PageError::App(AppError::NotFound(_)) => not_found_page(Lang::Vi),
            PageError::App(AppError::Forbidden { vi, en }) => (
                StatusCode::FORBIDDEN,
                Html(format!(
                    "<!doctype html><meta charset=utf-8><title>Không được phép / Forbidden</title>\
                     <h1>{}</h1><p lang=en>{}</p><p><a href=\"/\">Trang chủ / Home</a></p>",
                    escape(&vi),
                    escape(&en)
                )),
            )
                .into_response(),
            // Input no page caught to show on its form: a plain refusal, never a 500.
            PageError::App(AppError::Invalid { vi, en, .. }) => {
                plain(StatusCode::BAD_REQUEST, &vi, &en)
            }
            PageError::Status(status, vi, en) => plain(status, &vi, &en),
            other => {
                tracing::error!(error = %other, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(
                        "<!doctype html><meta charset=utf-8><title>Lỗi / Error</title>\
                         <h1>Hệ thống gặp lỗi, vui lòng thử lại sau.</h1>\
                         <p lang=en>Something went wrong on our side; please try again later.</p>",
                    ),
                )
                    .into_response()
            }
        }
    }
}

/// A short page with a bilingual message, for refusals no form shows.
fn plain(status: StatusCode, vi: &str, en: &str) -> Response {
    (
        status,
        Html(format!(
            "<!doctype html><html lang=vi><meta charset=utf-8>\
             <meta name=viewport content=\"width=device-width, initial-scale=1\">\
             <title>Yêu cầu không hợp lệ / Invalid request</title>\
             <link rel=stylesheet href=\"/static/app.css\"><main class=wrap>\
             <h1>{}</h1><p lang=en>{}</p><p><a href=\"/\">Trang chủ / Home</a></p></main>",
            escape(vi),
            escape(en)
        )),
    )
        .into_response()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    layout: Layout,
}

pub fn not_found_page(lang: Lang) -> Response {
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
