//! The signed-in person's own account: `/account/sessions` (where they are signed in: device,
//! address, since when, last seen; end one or all others) and `/account/totp` (two-factor
//! sign-in: enrol with a QR code, confirm with a first code, recovery codes shown once, turn
//! off). Administrators who have no second factor yet are sent to the enrolment by
//! `session::load` and can do nothing else until it is done.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Utc;
use motcua_app::sessions::{SessionKind, SessionLine};
use motcua_app::AppError;
use serde::Deserialize;

use super::{render, Layout, PageCtx};
use crate::i18n::{Lang, Tr};
use crate::pages::admin::vn_time;
use crate::pages::error::PageError;
use crate::session::{SignedIn, ENROL_PATH};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account/sessions", get(sessions))
        .route("/account/sessions/{id}/revoke", post(revoke))
        .route("/account/sessions/revoke-others", post(revoke_others))
        // ENROL_PATH; a literal so the authorization matrix reads it from the source.
        .route("/account/totp", get(totp))
        .route("/account/totp/start", post(totp_start))
        .route("/account/totp/confirm", post(totp_confirm))
        .route("/account/totp/disable", post(totp_disable))
}

/// One session as a table row shows it.
pub struct SessionView {
    pub id: String,
    pub device: String,
    pub ip: String,
    pub kind: &'static str,
    pub created: String,
    pub last_seen: String,
    pub current: bool,
}

impl SessionView {
    pub fn new(l: SessionLine, t: &Tr) -> SessionView {
        let s = l.session;
        SessionView {
            device: s
                .user_agent
                .as_deref()
                .map(describe_agent)
                .unwrap_or_else(|| t.get("account.sessions.unknown_device").to_owned()),
            ip: s.ip.unwrap_or_else(|| "—".into()),
            kind: t.get(match s.kind {
                SessionKind::Page => "account.sessions.kind.page",
                SessionKind::Api => "account.sessions.kind.api",
                SessionKind::Machine => "account.sessions.kind.machine",
                SessionKind::Pending => "account.sessions.kind.page",
            }),
            created: vn_time(s.created_at),
            last_seen: vn_time(s.last_seen_at),
            current: l.current,
            id: s.id,
        }
    }
}

/// "Chrome · Windows" from a user agent: enough to recognise one's own devices.
pub fn describe_agent(ua: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(k, _)| ua.contains(k))
    .map(|(_, name)| *name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(k, _)| ua.contains(k))
    .map(|(_, name)| *name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} · {o}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(o)) => o.to_owned(),
        (None, None) => ua.chars().take(60).collect(),
    }
}

#[derive(Template)]
#[template(path = "account_sessions.html")]
struct SessionsPage {
    layout: Layout,
    lines: Vec<SessionView>,
    done: Option<String>,
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn sessions(
    State(s): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let token = crate::session::token(&headers);
    let lines = s
        .app
        .my_sessions(&user.actor(), token.as_deref(), Utc::now())
        .await?
        .into_iter()
        .map(|l| SessionView::new(l, &t))
        .collect();
    let done = q.done.as_deref().and_then(|d| match d {
        "revoked" | "others" => Some(t.get(&format!("account.sessions.done.{d}")).to_owned()),
        _ => None,
    });
    render(SessionsPage {
        layout: ctx.layout(t.get("account.sessions.title"), "account"),
        lines,
        done,
    })
}

pub async fn revoke(
    State(s): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    match s.app.revoke_my_session(&user.actor(), &id).await {
        Ok(()) => Ok(Redirect::to("/account/sessions?done=revoked").into_response()),
        Err(AppError::NotFound(_)) => Err(PageError::NotFound(ctx.lang)),
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_others(
    State(s): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let token = crate::session::token(&headers);
    s.app
        .revoke_my_other_sessions(&user.actor(), token.as_deref())
        .await?;
    Ok(Redirect::to("/account/sessions?done=others").into_response())
}

#[derive(Template)]
#[template(path = "account_totp.html")]
struct TotpPage {
    layout: Layout,
    /// Enrolled since (Vietnam time).
    enabled_at: Option<String>,
    recovery_left: i64,
    /// An enrolment under way: the secret, grouped for typing, and the QR code (SVG).
    pending: Option<(String, String)>,
    /// Just confirmed: the recovery codes, shown this once.
    recovery_codes: Vec<String>,
    /// An administrator who must enrol before anything else.
    required: bool,
    may_disable: bool,
    error: Option<String>,
    done: Option<String>,
}

fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn totp_page(
    s: &AppState,
    ctx: &PageCtx,
    user: &crate::session::SessionUser,
    recovery_codes: Vec<String>,
    error: Option<String>,
    done: Option<&str>,
) -> Result<TotpPage, PageError> {
    let t = ctx.t();
    let actor = user.actor();
    let status = s.app.totp_status(&actor).await?;
    let pending = match s.app.pending_totp(&actor).await? {
        Some(e) if status.enabled_at.is_none() => {
            let qr = motcua_reports::qr_svg(&e.url)
                .map_err(|e| AppError::Unexpected(format!("QR: {e}")))?;
            Some((grouped(&e.secret), qr))
        }
        _ => None,
    };
    Ok(TotpPage {
        layout: ctx.layout(t.get("account.totp.title"), "account"),
        enabled_at: status.enabled_at.map(vn_time),
        recovery_left: status.recovery_codes_left,
        pending,
        recovery_codes,
        required: user.must_enrol,
        // The role as stored, not as acting: an enrolled administrator keeps the factor.
        may_disable: !user.must_enrol && !user.has_any(&[motcua_domain::Role::Admin]),
        error,
        done: done.map(|d| t.get(d).to_owned()),
    })
}

pub async fn totp(
    State(s): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let done = match q.done.as_deref() {
        Some("disabled") => Some("account.totp.done.disabled"),
        _ => None,
    };
    render(totp_page(&s, &ctx, &user, Vec::new(), None, done).await?)
}

pub async fn totp_start(
    State(s): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Response, PageError> {
    s.app.begin_totp(&user.actor()).await?;
    Ok(Redirect::to(ENROL_PATH).into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

fn message(lang: Lang, vi: String, en: String) -> String {
    if lang == Lang::Vi {
        vi
    } else {
        en
    }
}

pub async fn totp_confirm(
    State(s): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Form(f): Form<CodeForm>,
) -> Result<Response, PageError> {
    match s.app.confirm_totp(&user.actor(), &f.code, Utc::now()).await {
        Ok(codes) => {
            // The page after enrolment shows the recovery codes once; from now on the
            // administrator acts as one (the session is read afresh on the next request).
            let mut user = (*user).clone();
            user.must_enrol = false;
            let page = totp_page(
                &s,
                &ctx,
                &user,
                codes,
                None,
                Some("account.totp.done.enabled"),
            );
            render(page.await?)
        }
        Err(AppError::Invalid { vi, en, .. }) => {
            let page = totp_page(
                &s,
                &ctx,
                &user,
                Vec::new(),
                Some(message(ctx.lang, vi, en)),
                None,
            );
            render(page.await?).map(|r| (StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn totp_disable(
    State(s): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Form(f): Form<CodeForm>,
) -> Result<Response, PageError> {
    match s
        .app
        .disable_my_totp(&user.actor(), &f.code, Utc::now())
        .await
    {
        Ok(()) => Ok(Redirect::to("/account/totp?done=disabled").into_response()),
        Err(AppError::Invalid { vi, en, .. } | AppError::Forbidden { vi, en }) => {
            let page = totp_page(
                &s,
                &ctx,
                &user,
                Vec::new(),
                Some(message(ctx.lang, vi, en)),
                None,
            );
            render(page.await?).map(|r| (StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn devices_are_named_plainly() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(super::describe_agent(chrome), "Chrome · Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(super::describe_agent(iphone), "Safari · iPhone");
        assert_eq!(super::describe_agent("curl/8.5.0"), "curl");
        assert_eq!(super::grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
