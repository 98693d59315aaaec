//! What the portal's pages share: their error, cookies and tokens, redirects, the applicant's
//! proof of a request, and messages in the reader's language. A sibling of the pages (not their
//! parent module), so the file import graph has no circles.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Duration, Utc};
use motcua_app::portal::ApplicantProof;
use motcua_domain::dossier::{Actor, Viewer};

use crate::i18n::{Lang, Tr};
use crate::pages::error::PageError;
use crate::pages::PageCtx;
use crate::state::AppState;
use motcua_app::AppError;

/// The browser's draft id (a random token; the store keeps its SHA-256).
pub const DRAFT_COOKIE: &str = "motcua_draft";
/// The browser's lookup token (grants to see dossiers it looked up or filed).
pub const LOOKUP_COOKIE: &str = "motcua_lookup";
/// A draft left alone this long is forgotten; each saved page pushes it back.
pub const DRAFT_HOURS: i64 = 24;
/// A successful lookup opens the dossier's page in this browser for this long.
pub const GRANT_MINUTES: i64 = 60;

/// Why a portal page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error(transparent)]
    Page(#[from] PageError),
    #[error(transparent)]
    App(#[from] AppError),
    #[error("draft: {0}")]
    Draft(#[from] serde_json::Error),
}

impl From<askama::Error> for PortalError {
    fn from(e: askama::Error) -> Self {
        PortalError::Page(e.into())
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        match self {
            PortalError::Page(p) => p.into_response(),
            PortalError::App(e @ AppError::NotFound(_)) => PageError::App(e).into_response(),
            other => {
                tracing::error!(error = %other, "portal page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(
                        "<!doctype html><meta charset=utf-8><title>Lỗi / Error</title>\
                         <h1>Hệ thống gặp lỗi, vui lòng thử lại sau. Thông tin bạn đã nhập vẫn được giữ.</h1>\
                         <p lang=en>Something went wrong on our side; please try again later. \
                         What you entered is kept.</p>",
                    ),
                )
                    .into_response()
            }
        }
    }
}

pub type PortalResult = Result<Response, PortalError>;

/// The cookie's token, if it looks like one of ours.
pub fn cookie_token<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    crate::cookies::get(headers, name).filter(|t| {
        (32..=128).contains(&t.len())
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

pub fn set_cookie(res: &mut Response, name: &str, value: &str, max_age: i64) {
    if let Some(v) = crate::cookies::set(name, value, max_age, true) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// A `303 See Other` to `to` (after a POST, so a refresh does not post again).
pub fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Opens `code`'s page to this browser for a while; sets the lookup cookie if needed.
pub async fn grant(
    s: &AppState,
    headers: &HeaderMap,
    code: &str,
    res: &mut Response,
) -> Result<(), PortalError> {
    let token = match cookie_token(headers, LOOKUP_COOKIE) {
        Some(t) => t.to_owned(),
        None => motcua_app::auth::new_token().0,
    };
    let expires = Utc::now() + Duration::minutes(GRANT_MINUTES);
    s.app.grant_lookup(&token, code, expires).await?;
    set_cookie(res, LOOKUP_COOKIE, &token, GRANT_MINUTES * 60);
    Ok(())
}

/// The signed-in person of a page request, as the domain's actor.
pub fn signed_in(ctx: &PageCtx) -> Option<Actor> {
    ctx.user.as_deref().map(|u| u.actor())
}

/// What this browser shows to be a dossier's applicant: the signed-in account (which the use
/// case ignores for officers) and its lookup grants.
pub fn proof<'a>(actor: Option<&'a Actor>, headers: &'a HeaderMap) -> ApplicantProof<'a> {
    ApplicantProof {
        viewer: Viewer {
            actor,
            applicant_id: None,
        },
        lookup_token: cookie_token(headers, LOOKUP_COOKIE),
    }
}

/// A domain or upload refusal in the reader's language.
pub fn act_message(e: &AppError, lang: Lang) -> Option<String> {
    match e {
        AppError::Refused(d) => Some(match lang {
            Lang::Vi => d.message_vi(),
            Lang::En => d.message_en(),
        }),
        AppError::Attachment(a) => Some(attachment_message(a, lang)),
        AppError::Conflict { .. } => Some(
            match lang {
                Lang::Vi => "Hồ sơ vừa được cập nhật. Vui lòng xem lại và thực hiện lại.",
                Lang::En => "The dossier has just changed. Please look again and retry.",
            }
            .to_owned(),
        ),
        _ => None,
    }
}

pub fn attachment_message(e: &motcua_app::files::AttachmentError, lang: Lang) -> String {
    match lang {
        Lang::Vi => e.message_vi(),
        Lang::En => e.message_en(),
    }
}

/// "PDF, JPEG, PNG…": the accepted formats, as the blob store's allowlist says.
pub fn accepted_formats() -> String {
    motcua_files::ALLOWED
        .iter()
        .map(|t| t.label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `accept` attribute of file inputs: every allowed extension.
pub fn accept_attr() -> String {
    motcua_files::ALLOWED
        .iter()
        .flat_map(|t| t.extensions.iter().map(|e| format!(".{e}")))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn size_text(bytes: u64, t: &Tr) -> String {
    motcua_files::format_size(bytes, if t.lang == Lang::Vi { ',' } else { '.' })
}
