//! Users (officers, administrators, registered applicants) and their roles.

use chrono::{DateTime, Utc};
use motcua_domain::Role;
use serde::Serialize;

use crate::audit::AuditEntry;
use crate::codec::split_commas;
use crate::{audit_insert, in_tx, on_read, Db, Result, StoreError};

/// A user to create. The password is already hashed (Argon2id, by the web layer).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub agency_code: Option<String>,
    pub unit_code: Option<String>,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub agency_code: Option<String>,
    pub unit_code: Option<String>,
    pub roles: Vec<Role>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// When the user confirmed a TOTP authenticator; `None`: no second factor.
    pub totp_enabled_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    full_name: String,
    email: Option<String>,
    password_hash: String,
    agency_code: Option<String>,
    unit_code: Option<String>,
    roles: String,
    active: bool,
    created_at: DateTime<Utc>,
    totp_enabled_at: Option<DateTime<Utc>>,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> User {
        User {
            roles: split_commas(&r.roles).filter_map(Role::parse).collect(),
            id: r.id,
            username: r.username,
            full_name: r.full_name,
            email: r.email,
            password_hash: r.password_hash,
            agency_code: r.agency_code,
            unit_code: r.unit_code,
            active: r.active,
            created_at: r.created_at,
            totp_enabled_at: r.totp_enabled_at,
        }
    }
}

const USER_COLUMNS: &str =
    "id, username, full_name, email, password_hash, agency_code, unit_code, roles, active, created_at, totp_enabled_at";

pub async fn create_user(db: &Db, u: &NewUser) -> Result<i64> {
    create_user_audited(db, u, None).await
}

/// [`create_user`] with its audit entry in the same transaction.
pub async fn create_user_audited(db: &Db, u: &NewUser, audit: Option<&AuditEntry>) -> Result<i64> {
    let roles = u
        .roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let id: i64 = in_tx!(db, tx => {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, full_name, email, password_hash, agency_code, unit_code, roles, active, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8) RETURNING id",
        )
        .bind(&u.username).bind(&u.full_name).bind(&u.email).bind(&u.password_hash)
        .bind(&u.agency_code).bind(&u.unit_code).bind(&roles).bind(crate::now())
        .fetch_one(&mut *tx).await?;
        let audit = audit.map(|a| AuditEntry { target: format!("user:{id} ({})", u.username), ..a.clone() });
        audit_insert!(tx, audit.as_ref());
        Ok::<_, StoreError>(id)
    })?;
    Ok(id)
}

pub async fn find_user(db: &Db, username: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
    let row: Option<UserRow> =
        on_read!(db, pool => sqlx::query_as(&sql).bind(username).fetch_optional(pool).await?);
    Ok(row.map(User::from))
}

pub async fn list_users(db: &Db) -> Result<Vec<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
    let rows: Vec<UserRow> = on_read!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await?);
    Ok(rows.into_iter().map(User::from).collect())
}

pub async fn get_user(db: &Db, id: i64) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row: Option<UserRow> =
        on_read!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
    Ok(row.map(User::from))
}

/// Filters of the administrators' user list; empty means everyone.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Part of the user name, full name or e-mail (case-insensitive for ASCII letters).
    pub q: Option<String>,
    pub role: Option<Role>,
    pub agency_code: Option<String>,
    pub active: Option<bool>,
}

/// Users matching `f`, by user name.
pub async fn search_users(db: &Db, f: &UserFilter) -> Result<Vec<User>> {
    let mut w = crate::sql::Where::default();
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let p = w.arg(format!("%{}%", q.to_lowercase()));
        w.raw(format!(
            "(LOWER(username) LIKE {p} OR LOWER(full_name) LIKE {p} OR LOWER(COALESCE(email, '')) LIKE {p})"
        ));
    }
    if let Some(r) = f.role {
        w.push(
            |p| format!("(',' || roles || ',') LIKE {p}"),
            format!("%,{},%", r.as_str()),
        );
    }
    if let Some(a) = &f.agency_code {
        w.push(|p| format!("agency_code = {p}"), a.clone());
    }
    match f.active {
        Some(true) => w.raw("active".into()),
        Some(false) => w.raw("NOT active".into()),
        None => {}
    }
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users WHERE {} ORDER BY username",
        w.sql()
    );
    let rows: Vec<UserRow> = on_read!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for a in &w.args {
            q = q.bind(a);
        }
        q.fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(User::from).collect())
}

/// What an administrator changes of a user (not the name, not the password).
#[derive(Debug, Clone)]
pub struct UserChange {
    pub full_name: String,
    pub email: Option<String>,
    pub agency_code: Option<String>,
    pub unit_code: Option<String>,
    pub roles: Vec<Role>,
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Updates a user's details, roles and scope; returns whether the user exists.
pub async fn update_user(db: &Db, id: i64, c: &UserChange) -> Result<bool> {
    update_user_audited(db, id, c, None).await
}

/// [`update_user`] with its audit entry in the same transaction.
pub async fn update_user_audited(
    db: &Db,
    id: i64,
    c: &UserChange,
    audit: Option<&AuditEntry>,
) -> Result<bool> {
    in_tx!(db, tx => {
        let n = sqlx::query(
            "UPDATE users SET full_name = $2, email = $3, agency_code = $4, unit_code = $5, roles = $6 WHERE id = $1",
        )
        .bind(id).bind(&c.full_name).bind(&c.email).bind(&c.agency_code).bind(&c.unit_code)
        .bind(roles_text(&c.roles))
        .execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            audit_insert!(tx, audit);
        }
        Ok::<_, StoreError>(n > 0)
    })
}

/// Deactivates (no sign-in, sessions no longer valid) or reactivates a user.
pub async fn set_active(db: &Db, id: i64, active: bool) -> Result<bool> {
    set_active_audited(db, id, active, None).await
}

/// [`set_active`] with its audit entry; deactivating also ends every session at once, in the
/// same transaction.
pub async fn set_active_audited(
    db: &Db,
    id: i64,
    active: bool,
    audit: Option<&AuditEntry>,
) -> Result<bool> {
    in_tx!(db, tx => {
        let n = sqlx::query("UPDATE users SET active = $2 WHERE id = $1")
            .bind(id).bind(active).execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            if !active {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            }
            audit_insert!(tx, audit);
        }
        Ok::<_, StoreError>(n > 0)
    })
}

/// Replaces a user's password hash (Argon2id, computed by the application).
pub async fn set_password_hash(db: &Db, id: i64, password_hash: &str) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, StoreError>(sqlx::query(
        "UPDATE users SET password_hash = $2 WHERE id = $1",
    ).bind(id).bind(password_hash).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// An administrator's password reset: the new hash, every session of the user ended and the
/// sign-in lock of `username` lifted, with the audit entry, all in one transaction.
pub async fn reset_password(
    db: &Db,
    id: i64,
    username: &str,
    password_hash: &str,
    audit: Option<&AuditEntry>,
) -> Result<bool> {
    in_tx!(db, tx => {
        let n = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id).bind(password_hash).execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sign_in_failures WHERE username = $1").bind(username).execute(&mut *tx).await?;
            audit_insert!(tx, audit);
        }
        Ok::<_, StoreError>(n > 0)
    })
}

/// A user's TOTP state: the secret (pending until `enabled_at`) and the last step accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totp {
    pub secret: String,
    pub enabled_at: Option<DateTime<Utc>>,
    pub last_step: Option<i64>,
}

/// A `users` row's TOTP columns: secret, enabled at, last step.
type TotpRow = (Option<String>, Option<DateTime<Utc>>, Option<i64>);

pub async fn totp(db: &Db, id: i64) -> Result<Option<Totp>> {
    let row: Option<TotpRow> = on_read!(db, pool => sqlx::query_as(
        "SELECT totp_secret, totp_enabled_at, totp_last_step FROM users WHERE id = $1"
    ).bind(id).fetch_optional(pool).await?);
    Ok(row.and_then(|(secret, enabled_at, last_step)| {
        secret.map(|secret| Totp {
            secret,
            enabled_at,
            last_step,
        })
    }))
}

/// Starts an enrolment: a new secret, not yet enabled (an enabled one is never replaced here).
pub async fn set_pending_totp(db: &Db, id: i64, secret: &str) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, StoreError>(sqlx::query(
        "UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1 AND totp_enabled_at IS NULL"
    ).bind(id).bind(secret).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// Confirms the pending secret with its first accepted `step`, and replaces the recovery codes.
pub async fn enable_totp(
    db: &Db,
    id: i64,
    step: i64,
    recovery_hashes: &[String],
    now: DateTime<Utc>,
) -> Result<bool> {
    in_tx!(db, tx => {
        let n = sqlx::query(
            "UPDATE users SET totp_enabled_at = $2, totp_last_step = $3
             WHERE id = $1 AND totp_secret IS NOT NULL AND totp_enabled_at IS NULL",
        ).bind(id).bind(now).bind(step).execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            for h in recovery_hashes {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                    .bind(id).bind(h).execute(&mut *tx).await?;
            }
        }
        Ok::<_, StoreError>(n > 0)
    })
}

/// Accepts time step `step` for the user unless that step (or a later one) was used already:
/// a code is good once (RFC 6238 §5.2). Returns whether it was accepted.
pub async fn accept_totp_step(db: &Db, id: i64, step: i64) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, StoreError>(sqlx::query(
        "UPDATE users SET totp_last_step = $2
         WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)"
    ).bind(id).bind(step).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// Uses one recovery code (by its hash); returns whether it was there unused.
pub async fn use_recovery_code(
    db: &Db,
    id: i64,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let n = in_tx!(db, tx => Ok::<_, StoreError>(sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL"
    ).bind(id).bind(code_hash).bind(now).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// How many recovery codes are left unused.
pub async fn recovery_codes_left(db: &Db, id: i64) -> Result<i64> {
    Ok(on_read!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL"
    ).bind(id).fetch_one(pool).await?))
}

/// Removes the second factor (the user's own choice, or an administrator's for a lost device).
pub async fn disable_totp(db: &Db, id: i64, audit: Option<&AuditEntry>) -> Result<bool> {
    in_tx!(db, tx => {
        let n = sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1",
        ).bind(id).execute(&mut *tx).await?.rows_affected();
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
        if n > 0 {
            audit_insert!(tx, audit);
        }
        Ok::<_, StoreError>(n > 0)
    })
}
