//! Settings an administrator changes while the system runs: office hours (the calendar is
//! rebuilt at once), the outgoing mail server and the national-portal endpoint (the outbox
//! worker reads them on its next pass). Secrets are kept as given and never handed back.

use motcua_domain::dossier::Actor;
use motcua_store::settings::{self as stored, CONTACT, OFFICE_HOURS, PORTAL, SMTP};

pub use motcua_store::settings::{
    ContactSetting, OfficeHoursSetting, PortalSetting, SmtpSetting, SmtpTls, Stored,
};

use crate::admin::access::{refuse_first, require_admin, Problem};
use crate::{App, AppError, Result};
use motcua_store::audit::AuditEntry;

/// A setting as the audit log keeps it: secrets replaced by whether there is one.
fn redacted<T: serde::Serialize>(v: &T) -> serde_json::Value {
    let mut j = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
    if let Some(o) = j.as_object_mut() {
        for key in ["password", "token"] {
            if let Some(secret) = o.get_mut(key) {
                *secret = serde_json::Value::String(
                    if secret.is_null() { "(none)" } else { "(set)" }.into(),
                );
            }
        }
    }
    j
}

/// The audit entry of changing `key` from `old` to `new` (either absent: the file's value).
fn setting_audit<T: serde::Serialize>(
    actor: &Actor,
    key: &str,
    old: Option<&T>,
    new: Option<&T>,
) -> AuditEntry {
    let mut e = AuditEntry::new(
        &actor.username,
        &format!("settings.{key}"),
        format!("setting:{key}"),
    );
    e.before = old.map(redacted);
    e.after = new.map(redacted);
    e
}

/// Every setting with who changed it and when; `None` where the configuration file applies.
#[derive(Debug, Clone)]
pub struct Settings {
    pub office_hours: Option<Stored<OfficeHoursSetting>>,
    pub smtp: Option<Stored<SmtpSetting>>,
    pub portal: Option<Stored<PortalSetting>>,
    pub contact: Option<Stored<ContactSetting>>,
}

/// How the public reaches the office, for every visitor: the hotline and address an
/// administrator set (empty until then) and the office hours in force.
#[derive(Debug, Clone)]
pub struct PublicContact {
    pub hotline: String,
    pub address: String,
    pub hours: OfficeHoursSetting,
}

/// The office hours when none were set (the calendar crate's defaults).
pub fn default_office_hours() -> OfficeHoursSetting {
    OfficeHoursSetting {
        morning_start: "07:00".into(),
        morning_end: "11:30".into(),
        afternoon_start: "13:30".into(),
        afternoon_end: "17:00".into(),
    }
}

/// What is wrong with the contact details: each at most 200 characters, one line.
pub fn contact_problems(c: &ContactSetting) -> Vec<Problem> {
    let mut out = Vec::new();
    for (field, v) in [("hotline", &c.hotline), ("address", &c.address)] {
        if v.chars().count() > 200 || v.contains(['\n', '\r']) {
            out.push(Problem::new(
                field,
                "Tối đa 200 ký tự, trên một dòng.",
                "At most 200 characters, on one line.",
            ));
        }
    }
    out
}

/// One of the settings, to go back to the configuration file's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKey {
    OfficeHours,
    Smtp,
    Portal,
    Contact,
}

impl SettingKey {
    pub fn parse(s: &str) -> Option<SettingKey> {
        match s {
            "office_hours" => Some(SettingKey::OfficeHours),
            "smtp" => Some(SettingKey::Smtp),
            "portal" => Some(SettingKey::Portal),
            "contact" => Some(SettingKey::Contact),
            _ => None,
        }
    }

    fn stored_key(self) -> &'static str {
        match self {
            SettingKey::OfficeHours => OFFICE_HOURS,
            SettingKey::Smtp => SMTP,
            SettingKey::Portal => PORTAL,
            SettingKey::Contact => CONTACT,
        }
    }
}

/// A secret in a form: an empty field keeps the stored one, a box clears it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Secret {
    Keep,
    Clear,
    Set(String),
}

impl Secret {
    fn resolve(self, old: Option<String>) -> Option<String> {
        match self {
            Secret::Keep => old,
            Secret::Clear => None,
            Secret::Set(s) => Some(s),
        }
    }
}

/// The mail server as typed: the port is `None` when it is not a number from 1 to 65535.
#[derive(Debug, Clone)]
pub struct SmtpChange {
    pub host: String,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub password: Secret,
    pub from: String,
    pub tls: SmtpTls,
}

/// The national-portal endpoint as typed.
#[derive(Debug, Clone)]
pub struct PortalChange {
    pub url: String,
    pub enabled: bool,
    pub token: Secret,
}

/// What is wrong with the office hours, as the calendar crate judges the periods (in order,
/// not overlapping, not empty).
pub fn office_hours_problem(h: &OfficeHoursSetting) -> Option<Problem> {
    crate::calendar::office_hours(h).err().map(|e| {
        Problem::new(
            "morning_start",
            format!("Giờ làm việc không hợp lệ (giờ kết thúc phải sau giờ bắt đầu, buổi chiều sau buổi sáng): {e}"),
            format!("The office hours are not valid (each period must end after it starts, the afternoon after the morning): {e}"),
        )
    })
}

pub fn smtp_problems(c: &SmtpChange) -> Vec<Problem> {
    let mut out = Vec::new();
    if c.host.is_empty() || c.host.contains(char::is_whitespace) {
        out.push(Problem::new(
            "smtp_host",
            "Hãy nhập tên máy chủ, ví dụ mail.example.gov.vn.",
            "Enter the host name, e.g. mail.example.gov.vn.",
        ));
    }
    if c.port.is_none_or(|p| p == 0) {
        out.push(Problem::new(
            "smtp_port",
            "Cổng là một số từ 1 đến 65535.",
            "The port is a number from 1 to 65535.",
        ));
    }
    if !c.from.contains('@') {
        out.push(Problem::new(
            "smtp_from",
            "Địa chỉ gửi phải có thư điện tử, ví dụ no-reply@sct.example.gov.vn.",
            "The from address needs an e-mail address, e.g. no-reply@sct.example.gov.vn.",
        ));
    }
    out
}

/// `token` is the token that will be stored (after keep / clear / set).
pub fn portal_problems(url: &str, enabled: bool, token: Option<&str>) -> Vec<Problem> {
    let mut out = Vec::new();
    let url_ok = url.starts_with("https://") || url.starts_with("http://");
    if (enabled || !url.is_empty()) && !url_ok {
        out.push(Problem::new(
            "portal_url",
            "Địa chỉ phải bắt đầu bằng https:// (hoặc http://).",
            "The address must start with https:// (or http://).",
        ));
    }
    if token.is_some_and(|t| !t.bytes().all(|b| b.is_ascii_graphic())) {
        out.push(Problem::new(
            "portal_token",
            "Mã truy cập chỉ gồm ký tự ASCII in được, không có khoảng trắng.",
            "The token may only hold printable ASCII characters, no spaces.",
        ));
    }
    out
}

impl App {
    /// Every setting as stored.
    pub async fn settings(&self, actor: &Actor) -> Result<Settings> {
        require_admin(actor)?;
        Ok(Settings {
            office_hours: stored::get(&self.db, OFFICE_HOURS).await?,
            smtp: stored::get(&self.db, SMTP).await?,
            portal: stored::get(&self.db, PORTAL).await?,
            contact: stored::get(&self.db, CONTACT).await?,
        })
    }

    /// Sets how the public reaches the office (trimmed; empty fields are not shown).
    pub async fn set_contact(&self, actor: &Actor, contact: ContactSetting) -> Result<()> {
        require_admin(actor)?;
        let value = ContactSetting {
            hotline: contact.hotline.trim().to_owned(),
            address: contact.address.trim().to_owned(),
        };
        refuse_first(contact_problems(&value))?;
        stored::set(&self.db, CONTACT, &value, &actor.username).await?;
        Ok(())
    }

    /// The hotline, address and office hours, for anyone (the home page's PAKN entry).
    pub async fn public_contact(&self) -> Result<PublicContact> {
        let contact = stored::get::<ContactSetting>(&self.db, CONTACT)
            .await?
            .map(|s| s.value)
            .unwrap_or_default();
        let hours = stored::get::<OfficeHoursSetting>(&self.db, OFFICE_HOURS)
            .await?
            .map_or_else(default_office_hours, |s| s.value);
        Ok(PublicContact {
            hotline: contact.hotline,
            address: contact.address,
            hours,
        })
    }

    /// Sets the office hours and rebuilds the calendar, so the next appointment counts with them.
    pub async fn set_office_hours(&self, actor: &Actor, hours: &OfficeHoursSetting) -> Result<()> {
        require_admin(actor)?;
        if let Some(p) = office_hours_problem(hours) {
            return Err(p.into());
        }
        let old = stored::get::<OfficeHoursSetting>(&self.db, OFFICE_HOURS).await?;
        let audit = setting_audit(
            actor,
            OFFICE_HOURS,
            old.as_ref().map(|o| &o.value),
            Some(hours),
        );
        stored::set_audited(&self.db, OFFICE_HOURS, hours, &actor.username, Some(&audit)).await?;
        self.reload_calendar().await
    }

    /// Sets the outgoing mail server; an empty password keeps the stored one.
    pub async fn set_smtp(&self, actor: &Actor, change: SmtpChange) -> Result<()> {
        require_admin(actor)?;
        refuse_first(smtp_problems(&change))?;
        let Some(port) = change.port else {
            return Err(AppError::invalid_field(
                "smtp_port",
                "Cổng là một số từ 1 đến 65535.",
                "The port is a number from 1 to 65535.",
            ));
        };
        let old = stored::get::<SmtpSetting>(&self.db, SMTP).await?;
        let value = SmtpSetting {
            host: change.host,
            port,
            user: change.user,
            password: change
                .password
                .resolve(old.as_ref().and_then(|o| o.value.password.clone())),
            from: change.from,
            tls: change.tls,
        };
        let audit = setting_audit(actor, SMTP, old.as_ref().map(|o| &o.value), Some(&value));
        stored::set_audited(&self.db, SMTP, &value, &actor.username, Some(&audit)).await?;
        Ok(())
    }

    /// Sets the national-portal endpoint; an empty token keeps the stored one.
    pub async fn set_portal(&self, actor: &Actor, change: PortalChange) -> Result<()> {
        require_admin(actor)?;
        let old = stored::get::<PortalSetting>(&self.db, PORTAL).await?;
        let token = change
            .token
            .resolve(old.as_ref().and_then(|o| o.value.token.clone()));
        refuse_first(portal_problems(
            &change.url,
            change.enabled,
            token.as_deref(),
        ))?;
        let value = PortalSetting {
            url: change.url,
            enabled: change.enabled,
            token,
        };
        let audit = setting_audit(actor, PORTAL, old.as_ref().map(|o| &o.value), Some(&value));
        stored::set_audited(&self.db, PORTAL, &value, &actor.username, Some(&audit)).await?;
        Ok(())
    }

    /// Goes back to the configuration file's value of one setting.
    pub async fn reset_setting(&self, actor: &Actor, key: SettingKey) -> Result<()> {
        require_admin(actor)?;
        let k = key.stored_key();
        let old = stored::get::<serde_json::Value>(&self.db, k).await?;
        let audit = setting_audit(actor, k, old.as_ref().map(|o| &o.value), None);
        stored::remove_audited(&self.db, k, Some(&audit)).await?;
        if key == SettingKey::OfficeHours {
            self.reload_calendar().await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_kept_cleared_or_set() {
        assert_eq!(Secret::Keep.resolve(Some("a".into())), Some("a".into()));
        assert_eq!(Secret::Clear.resolve(Some("a".into())), None);
        assert_eq!(Secret::Set("b".into()).resolve(None), Some("b".into()));
    }

    #[test]
    fn portal_and_smtp_checks() {
        assert!(portal_problems("", false, None).is_empty());
        assert_eq!(
            portal_problems("ftp://x", false, None)[0].field,
            "portal_url"
        );
        assert_eq!(
            portal_problems("https://x", true, Some("a b"))[0].field,
            "portal_token"
        );
        let c = SmtpChange {
            host: "mail.example.gov.vn".into(),
            port: None,
            user: None,
            password: Secret::Keep,
            from: "no-reply".into(),
            tls: SmtpTls::Tls,
        };
        let fields: Vec<_> = smtp_problems(&c).iter().map(|p| p.field).collect();
        assert_eq!(fields, ["smtp_port", "smtp_from"]);
    }

    #[test]
    fn office_hours_in_order() {
        let mut h = OfficeHoursSetting {
            morning_start: "07:00".into(),
            morning_end: "11:30".into(),
            afternoon_start: "13:30".into(),
            afternoon_end: "17:00".into(),
        };
        assert!(office_hours_problem(&h).is_none());
        h.afternoon_end = "12:00".into();
        assert!(office_hours_problem(&h).is_some());
    }
}
