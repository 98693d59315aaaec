//! Signing in and out, for browsers and API clients alike: one sign-in with one lock-out
//! (5 wrong passwords or second-factor codes in a row lock the name for 15 minutes, whether or
//! not it exists), token sessions of which the database keeps only the SHA-256, their idle
//! and absolute timeouts ([`SessionPolicy`]), and the acting person behind a token.
//!
//! With a TOTP authenticator enrolled ([`crate::totp`]) a right password alone opens nothing:
//! the browser gets a short *pending* session to send the code with ([`App::sign_in_code`]),
//! an API client sends the code with the password.

use chrono::{DateTime, Duration, Utc};
use motcua_domain::dossier::{Actor, ActorKind};
use motcua_domain::Role;
use motcua_store::audit::AuditEntry;
use motcua_store::sessions::{self, NewSession as StoredSession};
use motcua_store::{sign_in, users};

pub use motcua_store::sessions::{SessionKind, SessionRow};
pub use motcua_store::users::User;

use crate::{auth, App, AppError, Result};

/// A hash to verify against when the name is unknown, so both cases take the same time.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$invalidinvalidinvalidinvalidinvalidinvalid";

/// How long the step between a right password and its code may take.
pub const PENDING_MINUTES: i64 = 5;

/// A session's last request is written at most this often, so the idle timeout costs no write
/// per request (and is counted to this precision).
pub const TOUCH_EVERY_SECONDS: i64 = 60;

/// How long sessions live: each kind has an absolute lifetime (from sign-in) and an idle
/// timeout (from its last request). Machine tokens keep the validity they were issued with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub page_idle: Duration,
    pub page_absolute: Duration,
    pub api_idle: Duration,
    pub api_absolute: Duration,
}

impl Default for SessionPolicy {
    /// A browser: 12 hours at most (a working day and a bit; officers sign in each morning),
    /// closed after 60 minutes without a request. An API token: 7 days, 24 hours idle.
    fn default() -> Self {
        SessionPolicy {
            page_idle: Duration::minutes(60),
            page_absolute: Duration::hours(12),
            api_idle: Duration::hours(24),
            api_absolute: Duration::days(7),
        }
    }
}

impl SessionPolicy {
    /// The absolute lifetime of a new session of `kind` (machine tokens are given theirs).
    pub fn lifetime(&self, kind: SessionKind) -> Duration {
        match kind {
            SessionKind::Page => self.page_absolute,
            SessionKind::Api => self.api_absolute,
            SessionKind::Pending => Duration::minutes(PENDING_MINUTES),
            SessionKind::Machine => Duration::days(1),
        }
    }

    /// Whether the session may act at `now`: unexpired, within its kind's absolute lifetime
    /// (so a shorter configured lifetime applies to sessions already open) and not idle for
    /// longer than its kind allows. A pending session never acts.
    pub fn alive(&self, s: &SessionRow, now: DateTime<Utc>) -> bool {
        if now >= s.expires_at {
            return false;
        }
        let (idle, absolute) = match s.kind {
            SessionKind::Page => (self.page_idle, self.page_absolute),
            SessionKind::Api => (self.api_idle, self.api_absolute),
            SessionKind::Machine => return true,
            SessionKind::Pending => return false,
        };
        now < s.created_at + absolute && now < s.last_seen_at + idle
    }
}

/// Where a sign-in comes from, shown in the list of sessions.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

impl Client {
    /// Cut to what a list needs (a user agent can be kilobytes).
    fn user_agent(&self) -> Option<String> {
        self.user_agent
            .as_deref()
            .map(|u| u.chars().filter(|c| !c.is_control()).take(300).collect())
    }

    fn ip(&self) -> Option<String> {
        self.ip.as_deref().map(|i| i.chars().take(64).collect())
    }
}

/// A session just opened: the token to hand to the client (kept nowhere else) and its person.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

/// What a right password leads to.
#[derive(Debug)]
pub enum SignedIn {
    /// A session of the kind asked for (boxed: the other variant is a token).
    Session(Box<NewSession>),
    /// The account has a second factor: send its code with [`App::sign_in_code`] and this
    /// pending token (valid [`PENDING_MINUTES`] minutes).
    CodeNeeded { pending: String },
}

/// The error every wrong user name or password gets (the same for both).
pub fn wrong_credentials() -> AppError {
    AppError::Unauthorized {
        vi: "Tên đăng nhập hoặc mật khẩu không đúng".into(),
        en: "Wrong user name or password".into(),
    }
}

/// A wrong, reused or missing second-factor code.
pub fn wrong_code() -> AppError {
    AppError::Unauthorized {
        vi: "Mã xác thực không đúng hoặc đã dùng; hãy nhập mã mới trên ứng dụng xác thực".into(),
        en: "The verification code is wrong or was already used; enter the current code from your authenticator app".into(),
    }
}

/// An API sign-in of an account with a second factor, without its code.
pub fn code_needed() -> AppError {
    AppError::invalid_field(
        "totp",
        "Tài khoản này dùng xác thực hai lớp: hãy gửi kèm mã 6 số từ ứng dụng xác thực (trường totp)",
        "This account uses two-factor authentication: send the 6-digit code from the authenticator app (field totp)",
    )
}

/// Administrators must have a second factor before they act as administrators; until they
/// enrol, they are led to the enrolment and act with their other roles only.
pub fn must_enrol(u: &User) -> bool {
    u.roles.contains(&Role::Admin) && u.totp_enabled_at.is_none()
}

/// The same person as the domain's actor: officers have at least one role, applicants with
/// accounts none. An administrator without a second factor is not (yet) an administrator.
pub fn actor_of(u: &User) -> Actor {
    let roles: Vec<Role> = if must_enrol(u) {
        u.roles
            .iter()
            .copied()
            .filter(|r| *r != Role::Admin)
            .collect()
    } else {
        u.roles.clone()
    };
    Actor {
        kind: if u.roles.is_empty() {
            ActorKind::Applicant
        } else {
            ActorKind::Officer
        },
        user_id: Some(u.id),
        username: u.username.clone(),
        roles,
        agency_code: u.agency_code.clone(),
        unit_code: u.unit_code.clone(),
    }
}

/// One line of a person's list of sessions.
#[derive(Debug, Clone)]
pub struct SessionLine {
    pub session: SessionRow,
    /// The session this request came with.
    pub current: bool,
}

impl App {
    /// Signs `username` in with `password` into a session of `kind` (page or API). A locked
    /// name answers [`AppError::Locked`] without looking at the password; a wrong password
    /// counts towards the lock (and answers `Locked` when it is the one that locks). With a
    /// second factor, `code` is checked when given (API) and counts like a password when
    /// wrong; without it a page gets [`SignedIn::CodeNeeded`], the API [`code_needed`].
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        code: Option<&str>,
        kind: SessionKind,
        client: &Client,
        now: DateTime<Utc>,
    ) -> Result<SignedIn> {
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
            return Err(self.failed(username, now, wrong_credentials()).await?);
        };
        if user.totp_enabled_at.is_some() {
            match code.map(str::trim).filter(|c| !c.is_empty()) {
                Some(code) => {
                    if !self.check_second_factor(&user, code, now).await? {
                        return Err(self.failed(username, now, wrong_code()).await?);
                    }
                }
                None if kind == SessionKind::Page => {
                    let (pending, hash) = auth::new_token();
                    sessions::open(
                        db,
                        &StoredSession {
                            token_hash: &hash,
                            user_id: user.id,
                            kind: SessionKind::Pending,
                            created_at: now,
                            expires_at: now + self.session_policy.lifetime(SessionKind::Pending),
                            user_agent: None,
                            ip: None,
                        },
                        None,
                    )
                    .await?;
                    return Ok(SignedIn::CodeNeeded { pending });
                }
                None => return Err(code_needed()),
            }
        }
        sign_in::clear(db, username).await?;
        Ok(SignedIn::Session(Box::new(
            self.open_session(user, kind, client, now).await?,
        )))
    }

    /// The second step of a browser's sign-in: the code (or a recovery code) for the pending
    /// token [`App::sign_in`] gave. A wrong code counts towards the name's lock; the pending
    /// token is good for one right code only.
    pub async fn sign_in_code(
        &self,
        pending: &str,
        code: &str,
        client: &Client,
        now: DateTime<Utc>,
    ) -> Result<NewSession> {
        let db = &self.db;
        let hash = auth::token_hash(pending);
        let expired = || AppError::Unauthorized {
            vi: "Phiên đăng nhập đã hết hạn; hãy nhập lại mật khẩu".into(),
            en: "The sign-in has expired; enter your password again".into(),
        };
        let Some(s) = sessions::get(db, &hash, now)
            .await?
            .filter(|s| s.kind == SessionKind::Pending)
        else {
            return Err(expired());
        };
        let user = users::get_user(db, s.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or_else(expired)?;
        if let Some(until) = sign_in::locked_until(db, &user.username, now).await? {
            sessions::delete(db, &hash).await?;
            return Err(AppError::Locked { until });
        }
        if !self.check_second_factor(&user, code.trim(), now).await? {
            return Err(self.failed(&user.username, now, wrong_code()).await?);
        }
        if !sessions::delete(db, &hash).await? {
            // Two tabs sent a right code at once: the first one won.
            return Err(expired());
        }
        sign_in::clear(db, &user.username).await?;
        self.open_session(user, SessionKind::Page, client, now)
            .await
    }

    /// Counts a failure of `username`; the error to answer (`Locked` when this one locked).
    async fn failed(&self, username: &str, now: DateTime<Utc>, e: AppError) -> Result<AppError> {
        let policy = sign_in::LockPolicy::default();
        Ok(
            match sign_in::record_failure(&self.db, username, now, policy).await? {
                Some(until) => AppError::Locked { until },
                None => e,
            },
        )
    }

    pub(crate) async fn open_session(
        &self,
        user: User,
        kind: SessionKind,
        client: &Client,
        now: DateTime<Utc>,
    ) -> Result<NewSession> {
        let (token, token_hash) = auth::new_token();
        let expires_at = now + self.session_policy.lifetime(kind);
        let ua = client.user_agent();
        let ip = client.ip();
        sessions::open(
            &self.db,
            &StoredSession {
                token_hash: &token_hash,
                user_id: user.id,
                kind,
                created_at: now,
                expires_at,
                user_agent: ua.as_deref(),
                ip: ip.as_deref(),
            },
            None,
        )
        .await?;
        Ok(NewSession {
            token,
            expires_at,
            user,
        })
    }

    /// The person whose session `token` is, if it may act at `now` ([`SessionPolicy::alive`]);
    /// notes the request for the idle timeout (at most once a minute).
    pub async fn session_user(&self, token: &str, now: DateTime<Utc>) -> Result<Option<User>> {
        let hash = auth::token_hash(token);
        let Some(s) = sessions::get(&self.db, &hash, now).await? else {
            return Ok(None);
        };
        if !self.session_policy.alive(&s, now) {
            return Ok(None);
        }
        if now - s.last_seen_at >= Duration::seconds(TOUCH_EVERY_SECONDS) {
            sessions::touch(&self.db, &hash, now).await?;
        }
        Ok(users::get_user(&self.db, s.user_id).await?)
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

    /// The actor's own sessions that may still act, the one of `current_token` marked.
    pub async fn my_sessions(
        &self,
        actor: &Actor,
        current_token: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionLine>> {
        let user_id = actor.user_id.ok_or_else(AppError::sign_in_required)?;
        self.session_lines(user_id, current_token, now).await
    }

    async fn session_lines(
        &self,
        user_id: i64,
        current_token: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionLine>> {
        let current = current_token.map(auth::token_hash);
        Ok(sessions::list(&self.db, user_id, now)
            .await?
            .into_iter()
            .filter(|s| self.session_policy.alive(s, now))
            .map(|s| SessionLine {
                current: current.as_deref() == Some(s.id.as_str()),
                session: s,
            })
            .collect())
    }

    /// Ends one of the actor's own sessions (`id` as listed); `NotFound` for anyone else's.
    pub async fn revoke_my_session(&self, actor: &Actor, id: &str) -> Result<()> {
        let user_id = actor.user_id.ok_or_else(AppError::sign_in_required)?;
        if !sessions::revoke(&self.db, user_id, id, None).await? {
            return Err(AppError::NotFound(format!("session {id}")));
        }
        Ok(())
    }

    /// Ends every session of the actor but the one of `current_token`; returns how many.
    pub async fn revoke_my_other_sessions(
        &self,
        actor: &Actor,
        current_token: Option<&str>,
    ) -> Result<u64> {
        let user_id = actor.user_id.ok_or_else(AppError::sign_in_required)?;
        let keep = current_token.map(auth::token_hash);
        Ok(sessions::revoke_all(&self.db, user_id, keep.as_deref(), None).await?)
    }

    /// An administrator's view of a user's sessions.
    pub async fn user_sessions(
        &self,
        actor: &Actor,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<SessionLine>> {
        self.admin_user(actor, user_id, now).await?;
        self.session_lines(user_id, None, now).await
    }

    /// An administrator ends one session of a user (recorded in the audit log).
    pub async fn revoke_user_session(&self, actor: &Actor, user_id: i64, id: &str) -> Result<()> {
        let now = Utc::now();
        let user = self.admin_user(actor, user_id, now).await?.user;
        let before = sessions::list(&self.db, user_id, now)
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| AppError::NotFound(format!("session {id}")))?;
        let audit = AuditEntry::new(
            &actor.username,
            "session.revoke",
            format!("user:{user_id} ({})", user.username),
        )
        .before(&session_summary(&before));
        if !sessions::revoke(&self.db, user_id, id, Some(&audit)).await? {
            return Err(AppError::NotFound(format!("session {id}")));
        }
        Ok(())
    }
}

/// What the audit log keeps of a session (never its id, which names it for revocation).
pub(crate) fn session_summary(s: &SessionRow) -> serde_json::Value {
    serde_json::json!({
        "kind": s.kind,
        "created_at": s.created_at,
        "last_seen_at": s.last_seen_at,
        "user_agent": s.user_agent,
        "ip": s.ip,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(kind: SessionKind, created: i64, seen: i64, expires: i64) -> SessionRow {
        let t = |m: i64| Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap() + Duration::minutes(m);
        SessionRow {
            id: "h".into(),
            user_id: 1,
            kind,
            created_at: t(created),
            last_seen_at: t(seen),
            expires_at: t(expires),
            user_agent: None,
            ip: None,
        }
    }

    fn at(m: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap() + Duration::minutes(m)
    }

    #[test]
    fn idle_and_absolute_timeouts_by_kind() {
        let p = SessionPolicy::default();
        let page = row(SessionKind::Page, 0, 0, 12 * 60);
        assert!(p.alive(&page, at(59)));
        assert!(!p.alive(&page, at(60)), "60 minutes idle");
        let busy = row(SessionKind::Page, 0, 11 * 60 + 50, 12 * 60);
        assert!(p.alive(&busy, at(11 * 60 + 55)));
        assert!(!p.alive(&busy, at(12 * 60)), "absolute end");
        // A shorter configured lifetime applies to sessions opened under a longer one.
        let short = SessionPolicy {
            page_absolute: Duration::hours(1),
            ..p
        };
        let old = row(SessionKind::Page, 0, 65, 12 * 60);
        assert!(p.alive(&old, at(70)));
        assert!(!short.alive(&old, at(70)));
        let api = row(SessionKind::Api, 0, 0, 7 * 24 * 60);
        assert!(p.alive(&api, at(23 * 60)));
        assert!(!p.alive(&api, at(24 * 60)));
        let machine = row(SessionKind::Machine, 0, 0, 400 * 24 * 60);
        assert!(p.alive(&machine, at(300 * 24 * 60)));
        assert!(!p.alive(&row(SessionKind::Pending, 0, 0, 5), at(1)));
    }

    #[test]
    fn an_administrator_without_a_second_factor_acts_without_the_role() {
        let mut u = User {
            id: 1,
            username: "a".into(),
            full_name: "A".into(),
            email: None,
            password_hash: String::new(),
            agency_code: Some("X".into()),
            unit_code: None,
            roles: vec![Role::Admin, Role::Reporter],
            active: true,
            created_at: at(0),
            totp_enabled_at: None,
        };
        assert!(must_enrol(&u));
        assert_eq!(actor_of(&u).roles, [Role::Reporter]);
        assert!(!actor_of(&u).is_admin());
        u.totp_enabled_at = Some(at(0));
        assert!(!must_enrol(&u));
        assert!(actor_of(&u).is_admin());
    }
}
