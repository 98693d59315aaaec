//! `/admin/settings`: office hours, the outgoing mail server and the national-portal endpoint,
//! stored in the `settings` table and taken at use — the calendar is rebuilt at once, the
//! outbox worker reads them on its next pass. Secrets are never shown back, only "set".

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use motcua_store::settings::{
    self, OfficeHoursSetting, PortalSetting, SmtpSetting, SmtpTls, Stored,
};
use serde::Deserialize;

use super::{opt, unprocessable, vn_time, Admin, FormData, FormErrors};
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(view))
        .route("/admin/settings/office-hours", post(save_hours))
        .route("/admin/settings/smtp", post(save_smtp))
        .route("/admin/settings/portal", post(save_portal))
        .route("/admin/settings/reset", post(reset))
}

/// Who changed a setting and when, or `None` when the configuration file's value applies.
type Changed = Option<String>;

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    layout: Layout,
    section: &'static str,
    hours: OfficeHoursSetting,
    hours_changed: Changed,
    smtp: SmtpView,
    smtp_changed: Changed,
    portal: PortalView,
    portal_changed: Changed,
    errors: FormErrors,
    done: Option<String>,
}

/// The SMTP form without the password, which is only said to be set or not.
#[derive(Default)]
struct SmtpView {
    host: String,
    port: String,
    user: String,
    password_set: bool,
    from: String,
    tls: String,
}

#[derive(Default)]
struct PortalView {
    url: String,
    enabled: bool,
    token_set: bool,
}

fn changed<T>(s: &Option<Stored<T>>) -> Changed {
    s.as_ref()
        .map(|s| format!("{} — {}", vn_time(s.updated_at), s.updated_by))
}

fn default_hours() -> OfficeHoursSetting {
    OfficeHoursSetting {
        morning_start: "07:00".into(),
        morning_end: "11:30".into(),
        afternoon_start: "13:30".into(),
        afternoon_end: "17:00".into(),
    }
}

fn tls_text(t: SmtpTls) -> &'static str {
    match t {
        SmtpTls::Tls => "tls",
        SmtpTls::Starttls => "starttls",
        SmtpTls::None => "none",
    }
}

/// The page with what is stored, then the parts being re-shown after a refused change.
struct Shown {
    hours: Option<OfficeHoursSetting>,
    smtp: Option<SmtpView>,
    portal: Option<PortalView>,
}

async fn page(
    s: &AppState,
    a: &Admin,
    shown: Shown,
    errors: FormErrors,
    done: Option<String>,
) -> Result<SettingsPage, PageError> {
    let hours = settings::get::<OfficeHoursSetting>(&s.db, settings::OFFICE_HOURS).await?;
    let smtp = settings::get::<SmtpSetting>(&s.db, settings::SMTP).await?;
    let portal = settings::get::<PortalSetting>(&s.db, settings::PORTAL).await?;
    let password_set = smtp.as_ref().is_some_and(|s| s.value.password.is_some());
    let token_set = portal.as_ref().is_some_and(|p| p.value.token.is_some());
    Ok(SettingsPage {
        layout: a.layout("admin.set.title"),
        section: "settings",
        hours_changed: changed(&hours),
        smtp_changed: changed(&smtp),
        portal_changed: changed(&portal),
        hours: shown
            .hours
            .or(hours.map(|h| h.value))
            .unwrap_or_else(default_hours),
        smtp: shown.smtp.unwrap_or_else(|| match smtp {
            Some(st) => SmtpView {
                host: st.value.host,
                port: st.value.port.to_string(),
                user: st.value.user.unwrap_or_default(),
                password_set,
                from: st.value.from,
                tls: tls_text(st.value.tls).into(),
            },
            None => SmtpView {
                port: "465".into(),
                tls: "tls".into(),
                ..SmtpView::default()
            },
        }),
        portal: shown.portal.unwrap_or_else(|| match portal {
            Some(p) => PortalView {
                url: p.value.url,
                enabled: p.value.enabled,
                token_set,
            },
            None => PortalView::default(),
        }),
        errors,
        done,
    })
}

const NOTHING_SHOWN: Shown = Shown {
    hours: None,
    smtp: None,
    portal: None,
};

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn view(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let t = a.t();
    let done = match q.done.as_deref() {
        Some("hours") => Some(t.get("admin.set.hours_saved").to_owned()),
        Some("smtp") | Some("portal") => Some(t.get("admin.set.notify_saved").to_owned()),
        Some("reset") => Some(t.get("admin.set.reset_done").to_owned()),
        _ => None,
    };
    render(page(&s, &a, NOTHING_SHOWN, FormErrors::default(), done).await?)
}

pub async fn save_hours(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let f = FormData::parse(&body);
    let h = OfficeHoursSetting {
        morning_start: f.get("morning_start").trim().to_owned(),
        morning_end: f.get("morning_end").trim().to_owned(),
        afternoon_start: f.get("afternoon_start").trim().to_owned(),
        afternoon_end: f.get("afternoon_end").trim().to_owned(),
    };
    // The calendar crate judges the periods (in order, not overlapping, not empty).
    if let Err(e) = motcua_app::calendar::office_hours(&h) {
        let t = a.t();
        let mut errors = FormErrors::default();
        errors.add(
            "morning_start",
            format!("{}: {e}", t.get("admin.set.hours_bad")),
        );
        let shown = Shown {
            hours: Some(h),
            ..NOTHING_SHOWN
        };
        return render(page(&s, &a, shown, errors, None).await?).map(unprocessable);
    }
    settings::set(&s.db, settings::OFFICE_HOURS, &h, &a.user.username).await?;
    super::reload_calendar(&s).await?;
    Ok(Redirect::to("/admin/settings?done=hours").into_response())
}

pub async fn save_smtp(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let t = a.t();
    let f = FormData::parse(&body);
    let old = settings::get::<SmtpSetting>(&s.db, settings::SMTP).await?;
    let mut errors = FormErrors::default();
    let host = f.get("smtp_host").trim().to_owned();
    if host.is_empty() || host.contains(char::is_whitespace) {
        errors.add("smtp_host", t.get("admin.set.host_bad"));
    }
    let port = f
        .get("smtp_port")
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0);
    if port.is_none() {
        errors.add("smtp_port", t.get("admin.set.port_bad"));
    }
    let from = motcua_domain::text::nfc(f.get("smtp_from"));
    if !from.contains('@') {
        errors.add("smtp_from", t.get("admin.set.from_bad"));
    }
    let tls = match f.get("smtp_tls") {
        "tls" => SmtpTls::Tls,
        "starttls" => SmtpTls::Starttls,
        _ => SmtpTls::None,
    };
    // An empty password field keeps the stored one; the box clears it.
    let password = match (
        opt(f.get("smtp_password")),
        f.get("smtp_password_clear") == "1",
    ) {
        (_, true) => None,
        (Some(p), false) => Some(p),
        (None, false) => old.as_ref().and_then(|o| o.value.password.clone()),
    };
    let (Some(port), true) = (port, errors.is_empty()) else {
        let shown = Shown {
            smtp: Some(SmtpView {
                host,
                port: f.get("smtp_port").to_owned(),
                user: f.get("smtp_user").to_owned(),
                password_set: password.is_some(),
                from,
                tls: tls_text(tls).into(),
            }),
            ..NOTHING_SHOWN
        };
        return render(page(&s, &a, shown, errors, None).await?).map(unprocessable);
    };
    let value = SmtpSetting {
        host,
        port,
        user: opt(f.get("smtp_user")),
        password,
        from,
        tls,
    };
    settings::set(&s.db, settings::SMTP, &value, &a.user.username).await?;
    Ok(Redirect::to("/admin/settings?done=smtp").into_response())
}

pub async fn save_portal(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let t = a.t();
    let f = FormData::parse(&body);
    let old = settings::get::<PortalSetting>(&s.db, settings::PORTAL).await?;
    let url = f.get("portal_url").trim().to_owned();
    let enabled = f.get("portal_enabled") == "1";
    let mut errors = FormErrors::default();
    let url_ok = url.starts_with("https://") || url.starts_with("http://");
    if (enabled || !url.is_empty()) && !url_ok {
        errors.add("portal_url", t.get("admin.set.url_bad"));
    }
    let token = match (
        opt(f.get("portal_token")),
        f.get("portal_token_clear") == "1",
    ) {
        (_, true) => None,
        (Some(p), false) => Some(p),
        (None, false) => old.as_ref().and_then(|o| o.value.token.clone()),
    };
    if token
        .as_deref()
        .is_some_and(|t| !t.bytes().all(|b| b.is_ascii_graphic()))
    {
        errors.add("portal_token", t.get("admin.set.token_bad"));
    }
    if !errors.is_empty() {
        let shown = Shown {
            portal: Some(PortalView {
                url,
                enabled,
                token_set: token.is_some(),
            }),
            ..NOTHING_SHOWN
        };
        return render(page(&s, &a, shown, errors, None).await?).map(unprocessable);
    }
    let value = PortalSetting {
        url,
        enabled,
        token,
    };
    settings::set(&s.db, settings::PORTAL, &value, &a.user.username).await?;
    Ok(Redirect::to("/admin/settings?done=portal").into_response())
}

/// Goes back to the configuration file's value of one setting.
pub async fn reset(
    State(s): State<AppState>,
    _a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let key = match FormData::parse(&body).get("key") {
        "office_hours" => settings::OFFICE_HOURS,
        "smtp" => settings::SMTP,
        "portal" => settings::PORTAL,
        _ => return Ok(Redirect::to("/admin/settings").into_response()),
    };
    settings::remove(&s.db, key).await?;
    if key == settings::OFFICE_HOURS {
        super::reload_calendar(&s).await?;
    }
    Ok(Redirect::to("/admin/settings?done=reset").into_response())
}
