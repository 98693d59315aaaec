//! What the workspace's pages share: the officer extractor and the 403 page, times, the clock
//! and statuses in words, query encoding, select options.

use std::sync::Arc;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use motcua_domain::dossier::{Channel, ClockState, Deadline, Status, WorkTime};
use motcua_domain::Role;

use crate::i18n::Tr;
use crate::pages::{Layout, PageCtx};
use crate::session::{SessionUser, SignedIn};

#[derive(Template)]
#[template(path = "work_forbidden.html")]
struct ForbiddenPage {
    layout: Layout,
}

/// The 403 page: signed in, but this part is not for them.
pub(crate) fn forbidden(ctx: &PageCtx) -> Response {
    let page = ForbiddenPage {
        layout: ctx.layout(ctx.t().get("work.forbidden.title"), "work"),
    };
    match page.render() {
        Ok(html) => (StatusCode::FORBIDDEN, Html(html)).into_response(),
        Err(_) => (StatusCode::FORBIDDEN, "Không có quyền / Forbidden").into_response(),
    }
}

/// A signed-in officer: anonymous visitors go to the sign-in page, applicants get a 403 page.
pub struct WorkUser(pub Arc<SessionUser>);

impl<S: Send + Sync> FromRequestParts<S> for WorkUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, s).await?;
        if user.is_officer() {
            return Ok(WorkUser(user));
        }
        let ctx = match PageCtx::from_request_parts(parts, s).await {
            Ok(c) => c,
            Err(never) => match never {},
        };
        Err(forbidden(&ctx))
    }
}

/// Desk officers (and administrators) run the counter.
pub(crate) fn is_desk(u: &SessionUser) -> bool {
    u.has_any(&[Role::Desk, Role::Admin])
}

/// An instant as Vietnam time, `HH:MM dd/mm/yyyy`.
pub(crate) fn vn_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&motcua_calendar::VN_OFFSET)
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// "3 ngày 2 giờ" / "3 days 2 hours": working time in days and hours (minutes when under an
/// hour).
pub(crate) fn work_time(w: &WorkTime, t: &Tr) -> String {
    let mut parts = Vec::new();
    if w.days > 0 {
        parts.push(t.fmt(
            if w.days == 1 {
                "work.time.day"
            } else {
                "work.time.days"
            },
            w.days,
        ));
    }
    if w.hours > 0 {
        parts.push(t.fmt(
            if w.hours == 1 {
                "work.time.hour"
            } else {
                "work.time.hours"
            },
            w.hours,
        ));
    }
    if parts.is_empty() {
        parts.push(t.fmt("work.time.minutes", w.minutes));
    }
    parts.join(" ")
}

/// A deadline in words and colour: the CSS class, the state's name, and the working time left
/// or past.
pub struct ClockWords {
    pub class: &'static str,
    pub state: String,
    pub detail: String,
}

impl ClockWords {
    pub fn of(d: &Deadline, t: &Tr) -> ClockWords {
        match d.state {
            ClockState::WithinTime => ClockWords {
                class: "clock-ok",
                state: t.get("work.clock.within").to_owned(),
                detail: t.fmt("work.clock.left", work_time(&d.remaining, t)),
            },
            ClockState::DueSoon => ClockWords {
                class: "clock-soon",
                state: t.get("work.clock.soon").to_owned(),
                detail: t.fmt("work.clock.left", work_time(&d.remaining, t)),
            },
            ClockState::Overdue => ClockWords {
                class: "clock-late",
                state: t.get("work.clock.overdue").to_owned(),
                detail: t.fmt("work.clock.past", work_time(&d.overdue, t)),
            },
        }
    }

    /// A clock that is not running: waiting for the applicant, or not received yet.
    pub fn still(key: &str, t: &Tr) -> ClockWords {
        ClockWords {
            class: "clock-still",
            state: t.get(key).to_owned(),
            detail: String::new(),
        }
    }
}

pub(crate) fn status_label(s: Status, t: &Tr) -> &'static str {
    t.get(match s {
        Status::Submitted => "work.status.submitted",
        Status::IntakeSupplement => "work.status.intake_supplement",
        Status::Refused => "work.status.refused",
        Status::Received => "work.status.received",
        Status::Processing => "work.status.processing",
        Status::AwaitingSupplement => "work.status.awaiting_supplement",
        Status::AwaitingPayment => "work.status.awaiting_payment",
        Status::Approved => "work.status.approved",
        Status::Signed => "work.status.signed",
        Status::ResultReady => "work.status.result_ready",
        Status::Returned => "work.status.returned",
        Status::Withdrawn => "work.status.withdrawn",
        Status::Stopped => "work.status.stopped",
    })
}

pub(crate) fn channel_label(c: Channel, t: &Tr) -> &'static str {
    t.get(match c {
        Channel::Direct => "work.channel.direct",
        Channel::Online => "work.channel.online",
        Channel::Postal => "work.channel.postal",
    })
}

/// Percent-encodes a query value.
pub(crate) fn q(s: &str) -> String {
    crate::session::urlencode(s).replace('/', "%2F")
}

/// One option of a `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A reveal reason in the page's language.
pub(crate) fn reveal_label(r: motcua_domain::dossier::RevealReason, ctx: &PageCtx) -> &'static str {
    match ctx.lang {
        crate::i18n::Lang::Vi => r.label_vi(),
        crate::i18n::Lang::En => r.label_en(),
    }
}
