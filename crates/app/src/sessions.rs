//! Signing in and out, for browsers and API clients alike: one sign-in with one lock-out
//! (5 wrong passwords in a row lock the name for 15 minutes, whether or not it exists), token
//! sessions of which the database keeps only the SHA-256, and the acting person behind a token.

use chrono::{DateTime, Duration, Utc};
use motcua_domain::dossier::{Actor, ActorKind};
use motcua_store::{sessions, sign_in, users};

pub use motcua_store::users::User;

use crate::{auth, App, AppError, Result};

/// A hash to verify against when the name is unknown, so both cases take the same time.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$invalidinvalidinvalidinvalidinvalidinvalid";

/// A session just opened: the token to hand to the client (kept nowhere else) and its person.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

/// The error every wrong user name or password gets (the same for both).
pub fn wrong_credentials() -> AppError {
    AppError::Unauthorized {
        vi: "Tên đăng nhập hoặc mật khẩu không đúng".into(),
        en: "Wrong user name or password".into(),
    }
}

/// The same person as the domain's actor: officers have at least one role, applicants with
/// accounts none.
pub fn actor_of(u: &User) -> Actor {
    Actor {
        kind: if u.roles.is_empty() {
            ActorKind::Applicant
        } else {
            ActorKind::Officer
        },
        user_id: Some(u.id),
        username: u.username.clone(),
        roles: u.roles.clone(),
        agency_code: u.agency_code.clone(),
        unit_code: u.unit_code.clone(),
    }
}

impl App {
    /// Signs `username` in with `password` for `lifetime`. A locked name answers
    /// [`AppError::Locked`] without looking at the password; a wrong password counts towards
    /// the lock (and answers `Locked` when it is the one that locks).
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        lifetime: Duration,
        now: DateTime<Utc>,
    ) -> Result<NewSession> {
        let db = &self.db;
        let username = username.trim();
        if username.is_empty() || password.is_empty() {
            return Err(AppError::invalid(
                "Hãy nhập tên đăng nhập và mật khẩu",
                "Enter your user name and password",
            ));
        }
        if let Some(until) = sign_in::locked_until(db, username, now).await? {
            return Err(AppError::Locked { until });
        }
        let user = users::find_user(db, username).await?;
        // Verify even for unknown users so timing does not reveal which names exist.
        let hash = user
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.to_owned());
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
            .await
            .unwrap_or(false);
        let Some(user) = user.filter(|u| ok && u.active) else {
            let policy = sign_in::LockPolicy::default();
            return Err(
                match sign_in::record_failure(db, username, now, policy).await? {
                    Some(until) => AppError::Locked { until },
                    None => wrong_credentials(),
                },
            );
        };
        sign_in::clear(db, username).await?;
        let (token, token_hash) = auth::new_token();
        let expires_at = now + lifetime;
        sessions::create(db, &token_hash, user.id, expires_at).await?;
        Ok(NewSession {
            token,
            expires_at,
            user,
        })
    }

    /// The person whose session `token` is, if it is valid at `now`.
    pub async fn session_user(&self, token: &str, now: DateTime<Utc>) -> Result<Option<User>> {
        Ok(sessions::user(&self.db, &auth::token_hash(token), now).await?)
    }

    /// Ends the session of `token`.
    pub async fn sign_out(&self, token: &str) -> Result<()> {
        sessions::delete(&self.db, &auth::token_hash(token)).await?;
        Ok(())
    }

    /// Ends every session of user `user_id`, on every device, API tokens included.
    pub async fn sign_out_everywhere(&self, user_id: i64) -> Result<u64> {
        Ok(sessions::delete_all(&self.db, user_id).await?)
    }
}
