//! Users (officers, administrators, registered applicants) and their roles.

use chrono::{DateTime, Utc};
use motcua_domain::Role;
use serde::Serialize;

use crate::codec::split_commas;
use crate::{on_read, Db, Result};

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
        }
    }
}

const USER_COLUMNS: &str =
    "id, username, full_name, email, password_hash, agency_code, unit_code, roles, active, created_at";

pub async fn create_user(db: &Db, u: &NewUser) -> Result<i64> {
    let roles = u
        .roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let id: i64 = crate::in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query_scalar(
        "INSERT INTO users (username, full_name, email, password_hash, agency_code, unit_code, roles, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8) RETURNING id",
    )
    .bind(&u.username).bind(&u.full_name).bind(&u.email).bind(&u.password_hash)
    .bind(&u.agency_code).bind(&u.unit_code).bind(roles).bind(crate::now())
    .fetch_one(&mut *tx).await?))?;
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
    let n = crate::in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "UPDATE users SET full_name = $2, email = $3, agency_code = $4, unit_code = $5, roles = $6 WHERE id = $1",
    )
    .bind(id).bind(&c.full_name).bind(&c.email).bind(&c.agency_code).bind(&c.unit_code)
    .bind(roles_text(&c.roles))
    .execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// Deactivates (no sign-in, sessions no longer valid) or reactivates a user.
pub async fn set_active(db: &Db, id: i64, active: bool) -> Result<bool> {
    let n = crate::in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "UPDATE users SET active = $2 WHERE id = $1",
    ).bind(id).bind(active).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}

/// Replaces a user's password hash (Argon2id, computed by the web layer).
pub async fn set_password_hash(db: &Db, id: i64, password_hash: &str) -> Result<bool> {
    let n = crate::in_tx!(db, tx => Ok::<_, crate::StoreError>(sqlx::query(
        "UPDATE users SET password_hash = $2 WHERE id = $1",
    ).bind(id).bind(password_hash).execute(&mut *tx).await?.rows_affected()))?;
    Ok(n > 0)
}
