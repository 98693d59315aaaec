//! A submission in progress: what the citizen answered on each page, kept server-side as JSON
//! under the SHA-256 of the random id in their `motcua_draft` cookie. Validation lives here,
//! one function per question page, each error a translation key next to its field.

use axum::http::HeaderMap;
use chrono::{Duration, Utc};
use motcua_domain::dossier::{Applicant, FileRef};
use motcua_domain::ApplicantType;
use serde::{Deserialize, Serialize};

use super::common::{cookie_token, PortalError, DRAFT_COOKIE, DRAFT_HOURS};
use crate::state::AppState;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Answers {
    /// Chosen when the journey started: a double click or a refresh on "send" files once.
    pub idempotency_key: String,
    pub kind: Option<ApplicantType>,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub summary: String,
    /// Which pages were saved at least once (the check page sends back to the first missing).
    pub done: Vec<String>,
    /// Uploaded files, each tagged with its component's name.
    pub files: Vec<FileRef>,
    /// The dossier code once sent.
    pub submitted: Option<String>,
    /// Why the last upload was refused, shown once by the upload page it came from (the
    /// refusal redirects there, so no form field or token ends up in the address bar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flash: Option<Flash>,
}

/// A message for the next page of the journey, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    /// The upload page (component number) it belongs to.
    pub page: usize,
    pub message: String,
    /// The HTTP status the refusal had (413, 415, 422…), kept for the page that shows it.
    pub status: u16,
}

/// A loaded draft and the cookie's token it is kept under.
pub struct Draft {
    pub token: String,
    pub procedure_code: String,
    pub answers: Answers,
}

impl Draft {
    /// The browser's unexpired draft, if it has one.
    pub async fn load(s: &AppState, headers: &HeaderMap) -> Result<Option<Draft>, PortalError> {
        let Some(token) = cookie_token(headers, DRAFT_COOKIE) else {
            return Ok(None);
        };
        let Some(stored) = s.app.draft(token, Utc::now()).await? else {
            return Ok(None);
        };
        Ok(Some(Draft {
            token: token.to_owned(),
            procedure_code: stored.procedure_code,
            answers: serde_json::from_str(&stored.data)?,
        }))
    }

    /// The browser's draft for `procedure`, if any.
    pub async fn for_procedure(
        s: &AppState,
        headers: &HeaderMap,
        procedure: &str,
    ) -> Result<Option<Draft>, PortalError> {
        Ok(Self::load(s, headers)
            .await?
            .filter(|d| d.procedure_code == procedure))
    }

    pub async fn save(&self, s: &AppState) -> Result<(), PortalError> {
        let data = serde_json::to_string(&self.answers)?;
        let expires = Utc::now() + Duration::hours(DRAFT_HOURS);
        s.app.save_draft(&self.token, &data, expires).await?;
        Ok(())
    }

    pub fn mark_done(&mut self, step: &str) {
        if !self.answers.done.iter().any(|d| d == step) {
            self.answers.done.push(step.to_owned());
        }
    }

    pub fn is_done(&self, step: &str) -> bool {
        self.answers.done.iter().any(|d| d == step)
    }

    pub fn applicant(&self) -> Applicant {
        let a = &self.answers;
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Applicant {
            name: a.name.clone(),
            id_number: opt(&a.id_number),
            address: opt(&a.address),
            phone: opt(&a.phone),
            email: opt(&a.email),
            kind: a.kind.unwrap_or(ApplicantType::Citizen),
        }
    }
}

/// One field's error: the field's id and the translation key of the message.
pub type FieldError = (&'static str, &'static str);

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Trimmed, inner runs of whitespace collapsed, NFC.
pub fn clean(s: &str) -> String {
    motcua_domain::text::nfc(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Name and identity number. Citizens give their 12-digit personal identity number (or the
/// old 9-digit card); businesses their 10- or 13-digit enterprise code; others any document
/// number, which they may leave out.
pub fn check_identity(kind: ApplicantType, name: &str, id: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(("name", "submit.err.name_missing"));
    } else if name.chars().count() > 200 {
        errors.push(("name", "submit.err.name_long"));
    }
    let plain: String = id
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    let all_digits = !plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit());
    match kind {
        ApplicantType::Citizen => {
            if plain.is_empty() {
                errors.push(("id_number", "submit.err.id_missing"));
            } else if !(all_digits && matches!(plain.len(), 9 | 12)) {
                errors.push(("id_number", "submit.err.id_citizen"));
            }
        }
        ApplicantType::Business => {
            if plain.is_empty() {
                errors.push(("id_number", "submit.err.id_missing_business"));
            } else if !(all_digits && matches!(plain.len(), 10 | 13)) {
                errors.push(("id_number", "submit.err.id_business"));
            }
        }
        _ => {
            if plain.chars().count() > 30 || !plain.chars().all(|c| c.is_ascii_alphanumeric()) {
                errors.push(("id_number", "submit.err.id_other"));
            }
        }
    }
    errors
}

/// A Vietnamese phone (10 digits starting with 0, or +84…) is required: the desk calls it and
/// its last 4 digits open the lookup. The e-mail is optional.
pub fn check_contact(phone: &str, email: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let d = digits(phone);
    let national = if let Some(rest) = d
        .strip_prefix("84")
        .filter(|_| phone.trim_start().starts_with('+'))
    {
        format!("0{rest}")
    } else {
        d
    };
    let allowed_chars = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " .-+()".contains(c));
    if phone.is_empty() {
        errors.push(("phone", "submit.err.phone_missing"));
    } else if !(allowed_chars && national.starts_with('0') && matches!(national.len(), 10 | 11)) {
        errors.push(("phone", "submit.err.phone_invalid"));
    }
    if !email.is_empty() {
        let ok = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !email.contains(char::is_whitespace)
        });
        if !ok || email.len() > 254 {
            errors.push(("email", "submit.err.email_invalid"));
        }
    }
    errors
}

pub fn check_address(address: &str) -> Vec<FieldError> {
    if address.is_empty() {
        vec![("address", "submit.err.address_missing")]
    } else if address.chars().count() > 300 {
        vec![("address", "submit.err.address_long")]
    } else {
        Vec::new()
    }
}

pub fn check_summary(summary: &str) -> Vec<FieldError> {
    if summary.chars().count() > 2000 {
        vec![("summary", "submit.err.summary_long")]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_numbers_by_kind() {
        assert!(check_identity(ApplicantType::Citizen, "A", "079 188 001 234").is_empty());
        assert_eq!(
            check_identity(ApplicantType::Citizen, "A", "12345"),
            vec![("id_number", "submit.err.id_citizen")]
        );
        assert_eq!(
            check_identity(ApplicantType::Citizen, "", ""),
            vec![
                ("name", "submit.err.name_missing"),
                ("id_number", "submit.err.id_missing")
            ]
        );
        assert!(check_identity(ApplicantType::Business, "B", "0312345678-001").is_empty());
        assert!(check_identity(ApplicantType::Foreign, "C", "").is_empty());
        assert!(!check_identity(ApplicantType::Foreign, "C", "B12<script>").is_empty());
    }

    #[test]
    fn phones_and_emails() {
        assert!(check_contact("0903 456 789", "").is_empty());
        assert!(check_contact("+84 903 456 789", "a@b.vn").is_empty());
        assert_eq!(
            check_contact("12345", "x@"),
            vec![
                ("phone", "submit.err.phone_invalid"),
                ("email", "submit.err.email_invalid")
            ]
        );
        assert_eq!(
            check_contact("", ""),
            vec![("phone", "submit.err.phone_missing")]
        );
    }
}
