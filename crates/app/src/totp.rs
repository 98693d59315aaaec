//! Two-factor sign-in with a TOTP authenticator app (RFC 6238: HMAC-SHA1, 6 digits, 30-second
//! steps, one step of clock drift either way), through the `totp-rs` crate. Optional for
//! officers and applicants, required of administrators ([`crate::sessions::must_enrol`]).
//!
//! Enrolment: [`App::begin_totp`] makes a secret (shown as a QR code and as text), kept
//! pending until [`App::confirm_totp`] gets a right code from it; then ten one-use recovery
//! codes are made and shown once (only their SHA-256 is kept). A code is accepted once: the
//! last step used is stored, and a code of that step or an earlier one is refused.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::Actor;
use motcua_store::audit::AuditEntry;
use motcua_store::users::{self, User};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::{auth, App, AppError, Result};

/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "motcua";
const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;
/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;

/// A secret to enrol, as the enrolment page shows it.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// Base32, for typing into an app by hand.
    pub secret: String,
    /// `otpauth://totp/…`, the content of the QR code.
    pub url: String,
}

/// Where a person's second factor stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpStatus {
    pub enabled_at: Option<DateTime<Utc>>,
    pub recovery_codes_left: i64,
}

fn totp(secret_base32: &str, account: &str) -> Result<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|e| AppError::Unexpected(format!("stored TOTP secret: {e:?}")))?;
    // No skew inside the crate: the steps either side are tried one by one below, so the
    // step that matched is known (and can be refused next time).
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        0,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .map_err(|e| AppError::Unexpected(format!("TOTP: {e}")))
}

/// The time step of `code` within one step of `now`, if it is one.
pub fn matching_step(
    secret_base32: &str,
    account: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let t = totp(secret_base32, account)?;
    let step = now.timestamp().max(0) as u64 / STEP_SECONDS;
    for s in [step.saturating_sub(1), step, step + 1] {
        if t.check(code, s * STEP_SECONDS) {
            return Ok(Some(s as i64));
        }
    }
    Ok(None)
}

/// The code of `secret_base32` at `now` (tests, and the demo's printed instructions).
pub fn code_at(secret_base32: &str, now: DateTime<Utc>) -> Result<String> {
    Ok(totp(secret_base32, "x")?.generate(now.timestamp().max(0) as u64))
}

/// A new random 160-bit secret, base32.
pub fn new_secret() -> String {
    use rand_core::RngCore;
    let mut raw = [0u8; 20];
    rand_core::OsRng.fill_bytes(&mut raw);
    Secret::Raw(raw.to_vec()).to_encoded().to_string()
}

/// Ten recovery codes like `k7mq2-xp4tn` (50 bits each, no look-alike characters).
fn new_recovery_codes() -> Vec<String> {
    use rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut raw = [0u8; 10];
            rand_core::OsRng.fill_bytes(&mut raw);
            let s: String = raw
                .iter()
                .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &s[..5], &s[5..])
        })
        .collect()
}

/// How a typed recovery code is compared: lowercase, without spaces and hyphens.
fn recovery_hash(code: &str) -> String {
    let norm: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    auth::token_hash(&norm)
}

impl App {
    /// Whether `code` is the user's current TOTP code (not used before) or one of their unused
    /// recovery codes; a right one is used up.
    pub(crate) async fn check_second_factor(
        &self,
        user: &User,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let Some(t) = users::totp(&self.db, user.id).await? else {
            return Ok(false);
        };
        if t.enabled_at.is_none() {
            return Ok(false);
        }
        if let Some(step) = matching_step(&t.secret, &user.username, code, now)? {
            return Ok(users::accept_totp_step(&self.db, user.id, step).await?);
        }
        if code.len() > DIGITS {
            return Ok(
                users::use_recovery_code(&self.db, user.id, &recovery_hash(code), now).await?,
            );
        }
        Ok(false)
    }

    /// The actor's second factor: enrolled since when, recovery codes left.
    pub async fn totp_status(&self, actor: &Actor) -> Result<TotpStatus> {
        let id = actor.user_id.ok_or_else(AppError::sign_in_required)?;
        let enabled_at = users::totp(&self.db, id).await?.and_then(|t| t.enabled_at);
        Ok(TotpStatus {
            enabled_at,
            recovery_codes_left: users::recovery_codes_left(&self.db, id).await?,
        })
    }

    /// Starts (or restarts) an enrolment for the actor: a new secret, pending until confirmed.
    /// Refused when a second factor is already on (turn it off first).
    pub async fn begin_totp(&self, actor: &Actor) -> Result<Enrolment> {
        let id = actor.user_id.ok_or_else(AppError::sign_in_required)?;
        let secret = new_secret();
        if !users::set_pending_totp(&self.db, id, &secret).await? {
            return Err(AppError::invalid(
                "Xác thực hai lớp đang bật; hãy tắt trước khi đăng ký thiết bị mới",
                "Two-factor authentication is on; turn it off before enrolling a new device",
            ));
        }
        self.enrolment(&secret, &actor.username)
    }

    /// The pending enrolment of the actor again (the page reloaded), if there is one.
    pub async fn pending_totp(&self, actor: &Actor) -> Result<Option<Enrolment>> {
        let id = actor.user_id.ok_or_else(AppError::sign_in_required)?;
        match users::totp(&self.db, id).await? {
            Some(t) if t.enabled_at.is_none() => {
                Ok(Some(self.enrolment(&t.secret, &actor.username)?))
            }
            _ => Ok(None),
        }
    }

    fn enrolment(&self, secret: &str, username: &str) -> Result<Enrolment> {
        Ok(Enrolment {
            secret: secret.to_owned(),
            url: totp(secret, username)?.get_url(),
        })
    }

    /// Confirms the pending secret with a code from the app; returns the recovery codes (shown
    /// this once). A wrong code changes nothing.
    pub async fn confirm_totp(
        &self,
        actor: &Actor,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        let id = actor.user_id.ok_or_else(AppError::sign_in_required)?;
        let wrong = || {
            AppError::invalid_field(
                "code",
                "Mã không đúng. Hãy nhập mã 6 số đang hiện trên ứng dụng xác thực.",
                "The code is not right. Enter the 6-digit code your authenticator app shows now.",
            )
        };
        let Some(t) = users::totp(&self.db, id)
            .await?
            .filter(|t| t.enabled_at.is_none())
        else {
            return Err(AppError::invalid(
                "Chưa bắt đầu đăng ký, hoặc đã bật rồi",
                "No enrolment was started, or it is on already",
            ));
        };
        let Some(step) = matching_step(&t.secret, &actor.username, code.trim(), now)? else {
            return Err(wrong());
        };
        let codes = new_recovery_codes();
        let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
        if !users::enable_totp(&self.db, id, step, &hashes, now).await? {
            return Err(wrong());
        }
        Ok(codes)
    }

    /// Turns the actor's own second factor off, with a current code as proof. Administrators
    /// cannot: they must keep one.
    pub async fn disable_my_totp(
        &self,
        actor: &Actor,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let id = actor.user_id.ok_or_else(AppError::sign_in_required)?;
        let user = users::get_user(&self.db, id)
            .await?
            .ok_or_else(AppError::sign_in_required)?;
        if user.roles.contains(&motcua_domain::Role::Admin) {
            return Err(AppError::forbidden(
                "Quản trị viên bắt buộc dùng xác thực hai lớp",
                "Administrators must keep two-factor authentication",
            ));
        }
        if !self.check_second_factor(&user, code.trim(), now).await? {
            return Err(AppError::invalid_field(
                "code",
                "Mã không đúng.",
                "The code is not right.",
            ));
        }
        users::disable_totp(&self.db, id, None).await?;
        Ok(())
    }

    /// An administrator removes a user's second factor (a lost phone); the user enrols again.
    /// Recorded in the audit log; every session of the user ends.
    pub async fn reset_user_totp(&self, actor: &Actor, user_id: i64) -> Result<()> {
        let user = self.admin_user(actor, user_id, Utc::now()).await?.user;
        let audit = AuditEntry::new(
            &actor.username,
            "user.totp_reset",
            format!("user:{user_id} ({})", user.username),
        )
        .before(&serde_json::json!({ "totp_enabled_at": user.totp_enabled_at }))
        .after(&serde_json::json!({ "totp_enabled_at": null }));
        users::disable_totp(&self.db, user_id, Some(&audit)).await?;
        motcua_store::sessions::delete_all(&self.db, user_id).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// RFC 6238 appendix B, SHA-1 (8 digits there; the last 6 here are the same HOTP value
    /// truncated by modulus, so the reference is recomputed for 6 digits).
    #[test]
    fn codes_match_within_one_step_only() {
        // "12345678901234567890" in base32.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let t = Utc.timestamp_opt(59, 0).unwrap();
        assert_eq!(code_at(secret, t).unwrap(), "287082"); // RFC: 94287082
        let t2 = Utc.timestamp_opt(1_111_111_109, 0).unwrap();
        assert_eq!(code_at(secret, t2).unwrap(), "081804"); // RFC: 07081804
        let code = code_at(secret, t2).unwrap();
        let step = 1_111_111_109 / 30;
        assert_eq!(matching_step(secret, "a", &code, t2).unwrap(), Some(step));
        let later = t2 + chrono::Duration::seconds(30);
        assert_eq!(
            matching_step(secret, "a", &code, later).unwrap(),
            Some(step)
        );
        let too_late = t2 + chrono::Duration::seconds(61);
        assert_eq!(matching_step(secret, "a", &code, too_late).unwrap(), None);
        assert_eq!(matching_step(secret, "a", "12345", t2).unwrap(), None);
        assert_eq!(matching_step(secret, "a", "abcdef", t2).unwrap(), None);
    }

    #[test]
    fn secrets_and_recovery_codes() {
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_ne!(s, new_secret());
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert!(codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'));
        assert_eq!(
            recovery_hash(&codes[0]),
            recovery_hash(&codes[0].to_uppercase().replace('-', " "))
        );
    }
}
