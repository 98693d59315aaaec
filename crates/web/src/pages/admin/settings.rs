//! `/admin/settings`: office hours, the outgoing mail server and the national-portal endpoint,
//! stored in the `settings` table and taken at use — the calendar is rebuilt at once, the
//! outbox worker reads them on its next pass. Secrets are never shown back, only "set".

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use motcua_app::settings::{
    smtp_problems, ContactSetting, OfficeHoursSetting, PortalChange, Secret, SettingKey,
    SmtpChange, SmtpTls, Stored,
};
use serde::Deserialize;

use super::common::{opt, unprocessable, vn_time, Admin, FormData, FormErrors};
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(view))
        .route("/admin/settings/office-hours", post(save_hours))
        .route("/admin/settings/smtp", post(save_smtp))
        .route("/admin/settings/portal", post(save_portal))
        .route("/admin/settings/contact", post(save_contact))
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
    contact: ContactSetting,
    contact_changed: Changed,
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
    contact: Option<ContactSetting>,
}

async fn page(
    s: &AppState,
    a: &Admin,
    shown: Shown,
    errors: FormErrors,
    done: Option<String>,
) -> Result<SettingsPage, PageError> {
    let stored = s.app.settings(&a.actor()).await?;
    let (hours, smtp, portal) = (stored.office_hours, stored.smtp, stored.portal);
    let contact_changed = changed(&stored.contact);
    let contact = shown
        .contact
        .or(stored.contact.map(|c| c.value))
        .unwrap_or_default();
    let password_set = smtp.as_ref().is_some_and(|s| s.value.password.is_some());
    let token_set = portal.as_ref().is_some_and(|p| p.value.token.is_some());
    Ok(SettingsPage {
        layout: a.layout("admin.set.title"),
        section: "settings",
        hours_changed: changed(&hours),
        smtp_changed: changed(&smtp),
        portal_changed: changed(&portal),
        contact,
        contact_changed,
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
    contact: None,
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
        Some("contact") => Some(t.get("admin.set.contact_saved").to_owned()),
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
    // The calendar crate judges the periods (in order, not overlapping, not empty); the use
    // case rebuilds the calendar in force.
    if let Err(e) = s.app.set_office_hours(&a.actor(), &h).await {
        let errors = FormErrors::from_refusal(&a.t(), e)?;
        let shown = Shown {
            hours: Some(h),
            ..NOTHING_SHOWN
        };
        return render(page(&s, &a, shown, errors, None).await?).map(unprocessable);
    }
    Ok(Redirect::to("/admin/settings?done=hours").into_response())
}

/// `POST /admin/settings/contact`: the hotline and address shown with the PAKN entry.
pub async fn save_contact(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let f = FormData::parse(&body);
    let c = ContactSetting {
        hotline: f.get("hotline").trim().to_owned(),
        address: f.get("address").trim().to_owned(),
    };
    if let Err(e) = s.app.set_contact(&a.actor(), c.clone()).await {
        let errors = FormErrors::from_refusal(&a.t(), e)?;
        let shown = Shown {
            contact: Some(c),
            ..NOTHING_SHOWN
        };
        return render(page(&s, &a, shown, errors, None).await?).map(unprocessable);
    }
    Ok(Redirect::to("/admin/settings?done=contact").into_response())
}

/// A secret field with its "clear" box: empty keeps the stored one, the box clears it.
fn secret(f: &FormData, field: &str, clear: &str) -> Secret {
    match (opt(f.get(field)), f.get(clear) == "1") {
        (_, true) => Secret::Clear,
        (Some(p), false) => Secret::Set(p),
        (None, false) => Secret::Keep,
    }
}

/// Whether a secret will be set once `change` is applied over whether one is `stored`.
fn will_be_set(change: &Secret, stored: bool) -> bool {
    match change {
        Secret::Keep => stored,
        Secret::Clear => false,
        Secret::Set(_) => true,
    }
}

pub async fn save_smtp(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let t = a.t();
    let f = FormData::parse(&body);
    let change = SmtpChange {
        host: f.get("smtp_host").trim().to_owned(),
        port: f.get("smtp_port").trim().parse::<u16>().ok(),
        user: opt(f.get("smtp_user")),
        password: secret(&f, "smtp_password", "smtp_password_clear"),
        from: motcua_domain::text::nfc(f.get("smtp_from")),
        tls: match f.get("smtp_tls") {
            "tls" => SmtpTls::Tls,
            "starttls" => SmtpTls::Starttls,
            _ => SmtpTls::None,
        },
    };
    let mut errors = FormErrors::default();
    errors.add_problems(&t, smtp_problems(&change));
    if errors.is_empty() {
        match s.app.set_smtp(&a.actor(), change.clone()).await {
            Ok(()) => return Ok(Redirect::to("/admin/settings?done=smtp").into_response()),
            Err(e) => errors = FormErrors::from_refusal(&t, e)?,
        }
    }
    let stored = s.app.settings(&a.actor()).await?.smtp;
    let stored_password = stored.is_some_and(|o| o.value.password.is_some());
    let shown = Shown {
        smtp: Some(SmtpView {
            host: change.host,
            port: f.get("smtp_port").to_owned(),
            user: f.get("smtp_user").to_owned(),
            password_set: will_be_set(&change.password, stored_password),
            from: change.from,
            tls: tls_text(change.tls).into(),
        }),
        ..NOTHING_SHOWN
    };
    render(page(&s, &a, shown, errors, None).await?).map(unprocessable)
}

pub async fn save_portal(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let t = a.t();
    let f = FormData::parse(&body);
    let change = PortalChange {
        url: f.get("portal_url").trim().to_owned(),
        enabled: f.get("portal_enabled") == "1",
        token: secret(&f, "portal_token", "portal_token_clear"),
    };
    // The use case judges the address and the token that would be kept.
    let errors = match s.app.set_portal(&a.actor(), change.clone()).await {
        Ok(()) => return Ok(Redirect::to("/admin/settings?done=portal").into_response()),
        Err(e) => FormErrors::from_refusal(&t, e)?,
    };
    let stored = s.app.settings(&a.actor()).await?.portal;
    let stored_token = stored.is_some_and(|p| p.value.token.is_some());
    let shown = Shown {
        portal: Some(PortalView {
            url: change.url,
            enabled: change.enabled,
            token_set: will_be_set(&change.token, stored_token),
        }),
        ..NOTHING_SHOWN
    };
    render(page(&s, &a, shown, errors, None).await?).map(unprocessable)
}

/// Goes back to the configuration file's value of one setting.
pub async fn reset(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let Some(key) = SettingKey::parse(FormData::parse(&body).get("key")) else {
        return Ok(Redirect::to("/admin/settings").into_response());
    };
    // Going back to the file's office hours rebuilds the calendar (in the use case).
    s.app.reset_setting(&a.actor(), key).await?;
    Ok(Redirect::to("/admin/settings?done=reset").into_response())
}
