//! What a notice is and how times read in one: shared by the applicant notices and the
//! national-portal records.

use chrono::{DateTime, Datelike, Timelike, Utc};
use motcua_calendar::VN_OFFSET;

use crate::catalog::Procedure;

/// How a notice travels. Stored as the outbox `channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeChannel {
    Email,
    /// A text message, to a mobile number only (`crate::phone::is_mobile`); sent through the
    /// SMS gateway, and left undelivered (with the reason) while none is configured.
    Sms,
    /// The national sync record (JSON body).
    NationalPortal,
}

impl NoticeChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeChannel::Email => "email",
            NoticeChannel::Sms => "sms",
            NoticeChannel::NationalPortal => "national_portal",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeChannel> {
        [
            NoticeChannel::Email,
            NoticeChannel::Sms,
            NoticeChannel::NationalPortal,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// One message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub channel: NoticeChannel,
    pub dossier_code: String,
    /// E-mail address or phone number; `None` for the national portal (the endpoint is config).
    pub recipient: Option<String>,
    pub subject: Option<String>,
    /// Plain text for people; the JSON [`PortalRecord`] for the portal.
    pub body: String,
}

/// Catalog facts the dossier itself does not carry.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The procedure version the dossier is pinned to.
    pub procedure: &'a Procedure,
    /// Name of the procedure's field (lĩnh vực), when the caller has it.
    pub field_name: Option<&'a str>,
    /// The portal's public address (`https://motcua.example.gov.vn`, no trailing slash): every
    /// notice to a person carries the link to the dossier's lookup page under it.
    pub base_url: &'a str,
}

/// The page where the applicant follows dossier `code`: the lookup with the code filled in
/// (the same address as the receipt's QR code); the second factor is asked there.
pub fn dossier_link(base_url: &str, code: &str) -> String {
    format!("{}/lookup?code={code}", base_url.trim_end_matches('/'))
}

/// `dd/mm/yyyy HH:MM` in Vietnam time, as people read it.
pub fn vn_display(t: DateTime<Utc>) -> String {
    // Written out field by field: chrono's `format` parses its pattern on every call, and
    // every status change formats a few of these.
    let t = t.with_timezone(&VN_OFFSET);
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}",
        t.day(),
        t.month(),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// `yyyyMMddHHmmss` in Vietnam time, as the national portal takes it.
pub fn portal_time(t: DateTime<Utc>) -> String {
    let t = t.with_timezone(&VN_OFFSET);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
