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
