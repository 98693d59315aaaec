//! Applicant accounts: anyone may register a user without roles (an applicant) and is signed
//! in at once. Looking a dossier up needs no account; an account only saves typing its code.

use chrono::{DateTime, Utc};
use motcua_store::users::{self, NewUser};

use crate::sessions::{Client, NewSession, SessionKind};
use crate::{auth, App, AppError, Result};

/// Shortest password an applicant may choose (characters): the one policy of [`crate::password`].
pub use crate::password::MIN_PASSWORD;

/// What a person registering gives.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub full_name: String,
    pub username: String,
    pub email: Option<String>,
    pub password: String,
}

/// Names people can type and read back: 3–40 of lowercase letters, digits, `.`, `-`, `_`.
pub fn valid_username(u: &str) -> bool {
    (3..=40).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-_".contains(&b))
}

impl App {
    /// Whether `username` is taken already (the form says so next to the field).
    pub async fn username_taken(&self, username: &str) -> Result<bool> {
        Ok(users::find_user(&self.db, username).await?.is_some())
    }

    /// Registers an applicant (no roles, no agency) and opens a session of `session` length.
    /// The rules are checked here too, whoever calls: a valid, free user name, a name, a long
    /// enough password.
    pub async fn register(
        &self,
        a: NewAccount,
        client: &Client,
        now: DateTime<Utc>,
    ) -> Result<NewSession> {
        let username = a.username.trim().to_lowercase();
        let full_name = a.full_name.trim().to_owned();
        if full_name.is_empty() {
            return Err(AppError::invalid_field(
                "full_name",
                "Cần nhập họ và tên",
                "A full name is needed",
            ));
        }
        if !valid_username(&username) {
            return Err(AppError::invalid_field(
                "username",
                "Tên đăng nhập gồm 3–40 ký tự: chữ thường, chữ số, dấu chấm, gạch ngang, gạch dưới",
                "User names have 3–40 characters: lowercase letters, digits, '.', '-', '_'",
            ));
        }
        if let Some(p) = crate::password::password_problem(&a.password) {
            return Err(p.into());
        }
        if self.username_taken(&username).await? {
            return Err(taken());
        }
        let password = a.password;
        let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
            .await
            .map_err(|e| AppError::Unexpected(format!("password hashing: {e}")))?
            .map_err(|e| AppError::Unexpected(format!("password hashing: {e}")))?;
        let new = NewUser {
            username: username.clone(),
            full_name,
            email: a.email.filter(|e| !e.trim().is_empty()),
            password_hash: hash,
            agency_code: None,
            unit_code: None,
            roles: Vec::new(),
        };
        let id = match users::create_user(&self.db, &new).await {
            Ok(id) => id,
            // Two registrations racing for one name: the unique index decides.
            Err(e) => {
                return Err(if self.username_taken(&username).await? {
                    taken()
                } else {
                    e.into()
                })
            }
        };
        let user = users::get_user(&self.db, id)
            .await?
            .ok_or_else(|| AppError::Unexpected(format!("user {id} vanished")))?;
        self.open_session(user, SessionKind::Page, client, now)
            .await
    }
}

fn taken() -> AppError {
    AppError::invalid_field(
        "username",
        "Tên đăng nhập này đã có người dùng",
        "This user name is taken",
    )
}
