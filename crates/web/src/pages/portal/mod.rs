//! The citizen portal: online submission (`/submit/…`), lookup (`/lookup`) and the applicant's
//! own dossier page (`/my/dossiers/{code}`). Every page works without JavaScript; what a
//! citizen types is kept server-side (a draft keyed by a random id in a cookie) and handed to
//! the same use cases as the JSON API (`App::submit`, `App::act`).

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use motcua_domain::dossier::{Actor, Dossier};
use motcua_store::portal;

use crate::i18n::{Lang, Tr};
use crate::pages::error::PageError;
use crate::session::SessionUser;
use crate::state::AppState;
use motcua_app::AppError;

mod account;
mod check;
mod dossier;
mod draft;
mod feedback;
mod lookup;
mod rating;
mod submit;
mod uploads;

/// The browser's draft id (a random token; the store keeps its SHA-256).
const DRAFT_COOKIE: &str = "motcua_draft";
/// The browser's lookup token (grants to see dossiers it looked up or filed).
const LOOKUP_COOKIE: &str = "motcua_lookup";
/// A draft left alone this long is forgotten; each saved page pushes it back.
const DRAFT_HOURS: i64 = 24;
/// A successful lookup opens the dossier's page in this browser for this long.
const GRANT_MINUTES: i64 = 60;

pub fn routes(state: &AppState) -> Router<AppState> {
    // Uploads stream at most one dossier's worth per request; the default 2 MB would cut them.
    let upload_limit = DefaultBodyLimit::max(state.app.uploads.request_limit());
    Router::new()
        .route(
            "/submit/{procedure}",
            get(submit::start_page).post(submit::start),
        )
        .route(
            "/submit/{procedure}/{step}",
            get(submit::question).post(submit::answer),
        )
        .route(
            "/submit/{procedure}/files/{n}",
            get(uploads::files_page)
                .post(uploads::upload)
                .layer(upload_limit),
        )
        .route(
            "/submit/{procedure}/files/{n}/remove",
            post(uploads::remove),
        )
        .route("/submit/{procedure}/files/{n}/next", post(uploads::next))
        .route(
            "/submit/{procedure}/check",
            get(check::check).post(check::send),
        )
        .route("/submit/{procedure}/done", get(check::done))
        .route("/lookup", get(lookup::form).post(lookup::find))
        .route("/register", get(account::form).post(account::register))
        .route("/feedback", get(feedback::form).post(feedback::submit))
        .route(
            "/feedback/{code}",
            get(feedback::status_form).post(feedback::status),
        )
        .route("/feedback/{code}/sent", get(feedback::sent))
        .route("/my/dossiers", get(account::list))
        .route("/my/dossiers/{code}", get(dossier::page_get))
        .route(
            "/my/dossiers/{code}/supplement",
            post(dossier::supplement).layer(upload_limit),
        )
        .route("/my/dossiers/{code}/files/{sha256}", get(dossier::download))
        .route(
            "/my/dossiers/{code}/rating",
            get(rating::form).post(rating::rate),
        )
        .route(
            "/my/dossiers/{code}/withdraw",
            get(dossier::withdraw_form).post(dossier::withdraw),
        )
}

/// Why a portal page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error(transparent)]
    Page(#[from] PageError),
    #[error(transparent)]
    App(#[from] AppError),
    #[error("draft: {0}")]
    Draft(#[from] serde_json::Error),
    #[error("{0}")]
    Internal(String),
}

impl From<motcua_store::StoreError> for PortalError {
    fn from(e: motcua_store::StoreError) -> Self {
        PortalError::Page(e.into())
    }
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

/// A random token for a cookie, and the hash the store keeps.
fn new_token() -> (String, String) {
    motcua_app::auth::new_token()
}

fn token_hash(token: &str) -> String {
    motcua_app::auth::token_hash(token)
}

/// The cookie's token, if it looks like one of ours.
fn cookie_token<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    crate::cookies::get(headers, name).filter(|t| {
        (32..=128).contains(&t.len())
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

fn set_cookie(res: &mut Response, name: &str, value: &str, max_age: i64) {
    if let Some(v) = crate::cookies::set(name, value, max_age, true) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// A `303 See Other` to `to` (after a POST, so a refresh does not post again).
fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Opens `code`'s page to this browser for a while; sets the lookup cookie if needed.
async fn grant(
    s: &AppState,
    headers: &HeaderMap,
    code: &str,
    res: &mut Response,
) -> Result<(), PortalError> {
    let token = match cookie_token(headers, LOOKUP_COOKIE) {
        Some(t) => t.to_owned(),
        None => {
            let (t, _) = new_token();
            t
        }
    };
    let expires = Utc::now() + Duration::minutes(GRANT_MINUTES);
    portal::grant_lookup(&s.db, &token_hash(&token), code, expires).await?;
    set_cookie(res, LOOKUP_COOKIE, &token, GRANT_MINUTES * 60);
    Ok(())
}

/// Whether this browser may see `d`: a fresh lookup grant, or the signed-in owner.
async fn may_see(
    s: &AppState,
    headers: &HeaderMap,
    user: Option<&SessionUser>,
    d: &Dossier,
    now: DateTime<Utc>,
) -> Result<bool, PortalError> {
    if user
        .is_some_and(|u| !u.is_officer() && d.owner_account.as_deref() == Some(u.username.as_str()))
    {
        return Ok(true);
    }
    match cookie_token(headers, LOOKUP_COOKIE) {
        Some(t) => Ok(portal::lookup_granted(&s.db, &token_hash(t), &d.code, now).await?),
        None => Ok(false),
    }
}

/// Who acts for the applicant on `d`: the signed-in owner, or (after a lookup) the name the
/// submission was filed under — as the JSON API does with `X-Applicant-Id`.
fn applicant_actor(user: Option<&SessionUser>, d: &Dossier) -> Option<Actor> {
    match user {
        Some(u) if !u.is_officer() && d.owner_account.as_deref() == Some(u.username.as_str()) => {
            Some(u.actor())
        }
        _ => d.owner_account.as_deref().map(Actor::applicant),
    }
}

/// A domain or upload refusal in the reader's language.
fn act_message(e: &AppError, lang: Lang) -> Option<String> {
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

fn attachment_message(e: &motcua_app::files::AttachmentError, lang: Lang) -> String {
    match lang {
        Lang::Vi => e.message_vi(),
        Lang::En => e.message_en(),
    }
}

/// "PDF, JPEG, PNG…": the accepted formats, as the blob store's allowlist says.
fn accepted_formats() -> String {
    motcua_files::ALLOWED
        .iter()
        .map(|t| t.label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `accept` attribute of file inputs: every allowed extension.
fn accept_attr() -> String {
    motcua_files::ALLOWED
        .iter()
        .flat_map(|t| t.extensions.iter().map(|e| format!(".{e}")))
        .collect::<Vec<_>>()
        .join(",")
}

fn size_text(bytes: u64, t: &Tr) -> String {
    motcua_files::format_size(bytes, if t.lang == Lang::Vi { ',' } else { '.' })
}
