//! Accounts, as administrators manage them: search, create (with a password typed or
//! generated and shown once), change roles and scope, deactivate and reactivate, reset the
//! password, lift a sign-in lock, end every session; and API tokens for machine clients.
//! Argon2id hashing runs off the async threads.

use chrono::{DateTime, Duration, Utc};
use motcua_domain::dossier::Actor;
use motcua_domain::{Agency, Role};
use motcua_store::audit::AuditEntry;
use motcua_store::sessions::{self, SessionKind};
use motcua_store::users::{NewUser, UserChange};
use motcua_store::{catalog, sign_in, users};

pub use motcua_store::users::{User, UserFilter};

use crate::admin::access::{refuse_first, require_admin, Problem};
use crate::{auth, App, AppError, Result};

/// The shortest password an administrator may set (the one policy: [`crate::password`]).
pub use crate::password::MIN_PASSWORD;

/// Who an account is: names, e-mail, scope and roles (no roles: an applicant's account).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub agency_code: Option<String>,
    pub unit_code: Option<String>,
    pub roles: Vec<Role>,
}

/// How a password is set.
#[derive(Debug, Clone)]
pub enum NewPassword {
    /// Typed by the administrator (or read from standard input).
    Given(String),
    /// Generated here, handed back once and kept nowhere but as a hash.
    Generate,
}

/// An account with its sign-in lock, if it is locked now.
#[derive(Debug, Clone)]
pub struct UserLine {
    pub user: User,
    pub locked_until: Option<DateTime<Utc>>,
}

/// A new account: its id, and its password when it was generated (shown this once).
#[derive(Debug, Clone)]
pub struct CreatedUser {
    pub id: i64,
    pub generated_password: Option<String>,
}

/// User names are unaccented letters, digits, dots, underscores and hyphens.
pub fn username_problem(username: &str) -> Option<Problem> {
    let ok = !username.is_empty()
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    (!ok).then(|| {
        Problem::new(
            "username",
            "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang.",
            "The user name may only hold unaccented letters, digits, dots, underscores and hyphens.",
        )
    })
}

pub use crate::password::password_problem;

/// What the audit log keeps of an account (never its password hash).
fn account_json(u: &User) -> serde_json::Value {
    serde_json::json!({
        "username": u.username,
        "full_name": u.full_name,
        "email": u.email,
        "agency_code": u.agency_code,
        "unit_code": u.unit_code,
        "roles": u.roles,
        "active": u.active,
    })
}

fn target(u: &User) -> String {
    format!("user:{} ({})", u.id, u.username)
}

/// Names, e-mail and scope: officers (with roles) belong to an agency, the unit to that agency.
pub fn account_problems(a: &Account, agencies: &[Agency]) -> Vec<Problem> {
    let mut out = Vec::new();
    if a.full_name.trim().is_empty() {
        out.push(Problem::new(
            "full_name",
            "Hãy nhập họ và tên.",
            "Enter the full name.",
        ));
    }
    if a.email.as_deref().is_some_and(|e| !e.contains('@')) {
        out.push(Problem::new(
            "email",
            "Địa chỉ thư điện tử không đúng dạng (ví dụ ten@so.gov.vn).",
            "The e-mail address is not valid (e.g. name@agency.gov.vn).",
        ));
    }
    match a.agency_code.as_deref() {
        Some(code) => match agencies.iter().find(|x| x.code == code) {
            None => out.push(Problem::new(
                "agency_code",
                "Cơ quan không có trong danh mục.",
                "The agency is not in the catalog.",
            )),
            Some(agency) => {
                if let Some(unit) = a.unit_code.as_deref() {
                    if !agency.units.iter().any(|u| u.code == unit) {
                        out.push(Problem::new(
                            "unit_code",
                            "Đơn vị này không thuộc cơ quan đã chọn.",
                            "This unit does not belong to the chosen agency.",
                        ));
                    }
                }
            }
        },
        None if !a.roles.is_empty() => out.push(Problem::new(
            "agency_code",
            "Cán bộ có vai trò phải thuộc một cơ quan.",
            "An officer with roles must belong to an agency.",
        )),
        None => {}
    }
    out
}

/// Nobody removes their own administrator role or deactivates themselves by accident.
fn keep_own_admin(field: &'static str) -> AppError {
    AppError::invalid_field(
        field,
        "Bạn không thể bỏ quyền quản trị hoặc khóa tài khoản của chính mình.",
        "You cannot remove your own administrator role or deactivate yourself.",
    )
}

/// A fresh password an administrator hands over once: 14 characters from an alphabet without
/// look-alikes (no 0/O, 1/l/I).
pub fn generate_password() -> String {
    use rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 14];
    rand_core::OsRng.fill_bytes(&mut raw);
    raw.iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// The password to set and, when generated, the one to show; checked when typed.
fn choose(password: NewPassword) -> Result<(String, Option<String>)> {
    match password {
        NewPassword::Given(p) => {
            if let Some(problem) = password_problem(&p) {
                return Err(problem.into());
            }
            Ok((p, None))
        }
        NewPassword::Generate => {
            let p = generate_password();
            Ok((p.clone(), Some(p)))
        }
    }
}

/// Argon2id off the async threads (it takes tens of milliseconds by design).
async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| AppError::Unexpected(format!("hashing task: {e}")))?
        .map_err(|e| AppError::Unexpected(format!("hashing: {e}")))
}

impl App {
    /// Accounts matching `filter`, by user name, each with its sign-in lock at `now`.
    pub async fn search_users(
        &self,
        actor: &Actor,
        filter: &UserFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<UserLine>> {
        require_admin(actor)?;
        let mut lines = Vec::new();
        for user in users::search_users(&self.db, filter).await? {
            let locked_until = sign_in::locked_until(&self.db, &user.username, now).await?;
            lines.push(UserLine { user, locked_until });
        }
        Ok(lines)
    }

    /// One account with its sign-in lock at `now`.
    pub async fn admin_user(&self, actor: &Actor, id: i64, now: DateTime<Utc>) -> Result<UserLine> {
        require_admin(actor)?;
        let user = users::get_user(&self.db, id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("user {id}")))?;
        let locked_until = sign_in::locked_until(&self.db, &user.username, now).await?;
        Ok(UserLine { user, locked_until })
    }

    /// Creates an account; a taken user name, a bad scope or a short password is refused.
    pub async fn create_user(
        &self,
        actor: &Actor,
        account: &Account,
        password: NewPassword,
    ) -> Result<CreatedUser> {
        require_admin(actor)?;
        if let Some(p) = username_problem(&account.username) {
            return Err(p.into());
        }
        let agencies = catalog::list_agencies(&self.db).await?;
        refuse_first(account_problems(account, &agencies))?;
        let username = &account.username;
        if users::find_user(&self.db, username).await?.is_some() {
            return Err(AppError::invalid_field(
                "username",
                format!("Tên đăng nhập “{username}” đã có người dùng."),
                format!("The user name “{username}” is already taken."),
            ));
        }
        let (password, generated_password) = choose(password)?;
        let new = NewUser {
            username: username.clone(),
            full_name: motcua_domain::text::nfc(&account.full_name),
            email: account.email.clone(),
            password_hash: hash(password).await?,
            agency_code: account.agency_code.clone(),
            unit_code: account.unit_code.clone(),
            roles: account.roles.clone(),
        };
        let audit =
            AuditEntry::new(&actor.username, "user.create", "user").after(&serde_json::json!({
                "username": new.username,
                "full_name": new.full_name,
                "email": new.email,
                "agency_code": new.agency_code,
                "unit_code": new.unit_code,
                "roles": new.roles,
                "password": if generated_password.is_some() { "generated" } else { "given" },
            }));
        let id = users::create_user_audited(&self.db, &new, Some(&audit)).await?;
        Ok(CreatedUser {
            id,
            generated_password,
        })
    }

    /// Changes an account's names, e-mail, scope and roles (not its user name or password).
    pub async fn update_user(&self, actor: &Actor, id: i64, account: &Account) -> Result<()> {
        require_admin(actor)?;
        let agencies = catalog::list_agencies(&self.db).await?;
        refuse_first(account_problems(account, &agencies))?;
        if actor.user_id == Some(id) && !account.roles.contains(&Role::Admin) {
            return Err(keep_own_admin("roles"));
        }
        let before = users::get_user(&self.db, id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("user {id}")))?;
        let change = UserChange {
            full_name: motcua_domain::text::nfc(&account.full_name),
            email: account.email.clone(),
            agency_code: account.agency_code.clone(),
            unit_code: account.unit_code.clone(),
            roles: account.roles.clone(),
        };
        let after = User {
            full_name: change.full_name.clone(),
            email: change.email.clone(),
            agency_code: change.agency_code.clone(),
            unit_code: change.unit_code.clone(),
            roles: change.roles.clone(),
            ..before.clone()
        };
        let audit = AuditEntry::new(&actor.username, "user.update", target(&before))
            .before(&account_json(&before))
            .after(&account_json(&after));
        if !users::update_user_audited(&self.db, id, &change, Some(&audit)).await? {
            return Err(AppError::NotFound(format!("user {id}")));
        }
        Ok(())
    }

    /// Deactivates (ending every session at once, not at their expiry) or reactivates.
    pub async fn set_user_active(&self, actor: &Actor, id: i64, active: bool) -> Result<()> {
        require_admin(actor)?;
        if !active && actor.user_id == Some(id) {
            return Err(keep_own_admin("deactivate"));
        }
        let before = users::get_user(&self.db, id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("user {id}")))?;
        let action = if active {
            "user.activate"
        } else {
            "user.deactivate"
        };
        let audit = AuditEntry::new(&actor.username, action, target(&before))
            .before(&serde_json::json!({ "active": before.active }))
            .after(&serde_json::json!({ "active": active }));
        if !users::set_active_audited(&self.db, id, active, Some(&audit)).await? {
            return Err(AppError::NotFound(format!("user {id}")));
        }
        Ok(())
    }

    /// Sets a new password; the sessions opened with the old one end and a sign-in lock is
    /// lifted. Returns the password when it was generated (shown this once).
    pub async fn reset_password(
        &self,
        actor: &Actor,
        id: i64,
        password: NewPassword,
    ) -> Result<Option<String>> {
        let user = self.admin_user(actor, id, Utc::now()).await?.user;
        let (password, generated) = choose(password)?;
        let audit = AuditEntry::new(&actor.username, "user.password_reset", target(&user)).after(
            &serde_json::json!({ "password": if generated.is_some() { "generated" } else { "given" } }),
        );
        users::reset_password(
            &self.db,
            id,
            &user.username,
            &hash(password).await?,
            Some(&audit),
        )
        .await?;
        Ok(generated)
    }

    /// Lifts the lock that wrong passwords put on the account's user name.
    pub async fn unlock_user(&self, actor: &Actor, id: i64) -> Result<()> {
        let line = self.admin_user(actor, id, Utc::now()).await?;
        let audit = AuditEntry::new(&actor.username, "user.unlock", target(&line.user))
            .before(&serde_json::json!({ "locked_until": line.locked_until }))
            .after(&serde_json::json!({ "locked_until": null }));
        sign_in::clear_audited(&self.db, &line.user.username, Some(&audit)).await?;
        Ok(())
    }

    /// Ends every session of the account, on every device, API tokens included.
    pub async fn end_user_sessions(&self, actor: &Actor, id: i64) -> Result<u64> {
        let user = self.admin_user(actor, id, Utc::now()).await?.user;
        let audit = AuditEntry::new(&actor.username, "session.revoke_all", target(&user));
        Ok(sessions::revoke_all(&self.db, id, None, Some(&audit)).await?)
    }

    /// Every account, by user name.
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<User>> {
        require_admin(actor)?;
        Ok(users::list_users(&self.db).await?)
    }

    /// A bearer token for `username` valid `days` days (1–3650), for a machine client.
    pub async fn issue_api_token(
        &self,
        actor: &Actor,
        username: &str,
        days: i64,
        now: DateTime<Utc>,
    ) -> Result<String> {
        require_admin(actor)?;
        if !(1..=3650).contains(&days) {
            return Err(AppError::invalid_field(
                "days",
                "Số ngày phải từ 1 đến 3650",
                "The validity must be 1–3650 days",
            ));
        }
        let user = users::find_user(&self.db, username)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("user {username}")))?;
        let (token, token_hash) = auth::new_token();
        let audit = AuditEntry::new(&actor.username, "token.issue", target(&user))
            .after(&serde_json::json!({ "days": days }));
        sessions::open(
            &self.db,
            &sessions::NewSession {
                token_hash: &token_hash,
                user_id: user.id,
                kind: SessionKind::Machine,
                created_at: now,
                expires_at: now + Duration::days(days),
                user_agent: Some("API token (issued by an administrator)"),
                ip: None,
            },
            Some(&audit),
        )
        .await?;
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::Unit;

    fn agencies() -> Vec<Agency> {
        vec![Agency {
            code: "000.17.22.H56".into(),
            name: "Sở Công Thương".into(),
            parent_code: None,
            address: None,
            phone: None,
            email: None,
            units: vec![Unit {
                code: "QLTM".into(),
                name: "Phòng Quản lý thương mại".into(),
            }],
        }]
    }

    #[test]
    fn officers_need_an_agency_and_units_belong_to_it() {
        let officer = Account {
            username: "nva".into(),
            full_name: "Nguyễn Văn A".into(),
            roles: vec![Role::Specialist],
            ..Account::default()
        };
        let p = account_problems(&officer, &agencies());
        assert_eq!(
            p.iter().map(|p| p.field).collect::<Vec<_>>(),
            ["agency_code"]
        );
        let scoped = Account {
            agency_code: Some("000.17.22.H56".into()),
            unit_code: Some("VP".into()),
            ..officer.clone()
        };
        let p = account_problems(&scoped, &agencies());
        assert_eq!(p.iter().map(|p| p.field).collect::<Vec<_>>(), ["unit_code"]);
        let applicant = Account {
            roles: Vec::new(),
            email: Some("no-at".into()),
            full_name: " ".into(),
            ..officer
        };
        let p = account_problems(&applicant, &agencies());
        assert_eq!(
            p.iter().map(|p| p.field).collect::<Vec<_>>(),
            ["full_name", "email"]
        );
    }

    #[test]
    fn user_names_and_passwords() {
        assert!(username_problem("nguyen.van-a_2").is_none());
        assert!(username_problem("nguyễn").is_some());
        assert!(username_problem("a b").is_some());
        assert!(username_problem("").is_some());
        assert!(password_problem("123456789").is_some());
        assert!(
            password_problem("1234567890").is_some(),
            "a breached password"
        );
        assert!(password_problem("bốn mùa hoa nở").is_none());
        let g = generate_password();
        assert_eq!(g.chars().count(), 14);
        assert!(password_problem(&g).is_none());
    }
}
