//! Settings an administrator changes while the system runs: one JSON value per key, with who
//! changed it and when. Readers take them at use (the calendar on reload, the outbox worker on
//! each pass); a key with no row means "use the configuration file".

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{in_tx, on_read, Db, Result, StoreError};

/// The key of the office hours ([`OfficeHoursSetting`]).
pub const OFFICE_HOURS: &str = "office_hours";
/// The key of the outgoing mail server ([`SmtpSetting`]).
pub const SMTP: &str = "smtp";
/// The key of the national-portal endpoint ([`PortalSetting`]).
pub const PORTAL: &str = "portal";
/// The key of how the public reaches the office ([`ContactSetting`]).
pub const CONTACT: &str = "contact";
/// The key of the secret that signs upload tickets (hex; made on first use, never shown).
pub const UPLOAD_TICKET_KEY: &str = "upload_ticket_key";

/// How the public reaches the one-stop office: shown with the PAKN entry on the home page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactSetting {
    /// The hotline number for feedback and petitions.
    #[serde(default)]
    pub hotline: String,
    /// The one-stop office's address.
    #[serde(default)]
    pub address: String,
}

/// Monday–Friday working periods, `HH:MM` in Vietnam time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHoursSetting {
    pub morning_start: String,
    pub morning_end: String,
    pub afternoon_start: String,
    pub afternoon_end: String,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// TLS from the first byte (usually port 465).
    Tls,
    /// Plain connection upgraded with STARTTLS, required (usually port 587).
    Starttls,
    /// No encryption (a relay on the local network only).
    None,
}

/// The outgoing mail server. The password is stored as given; pages only say whether it is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSetting {
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    pub from: String,
    pub tls: SmtpTls,
}

/// The national-portal sync endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalSetting {
    pub url: String,
    pub enabled: bool,
    #[serde(default)]
    pub token: Option<String>,
}

/// One stored setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub value: T,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// The raw JSON of `key`, if set.
pub async fn get_raw(db: &Db, key: &str) -> Result<Option<Stored<serde_json::Value>>> {
    let row: Option<(String, DateTime<Utc>, String)> = on_read!(db, pool => sqlx::query_as(
        "SELECT value, updated_at, updated_by FROM settings WHERE key = $1"
    ).bind(key).fetch_optional(pool).await?);
    row.map(|(value, updated_at, updated_by)| {
        let value = serde_json::from_str(&value)
            .map_err(|e| StoreError::Corrupt(format!("setting {key}: {e}")))?;
        Ok(Stored {
            value,
            updated_at,
            updated_by,
        })
    })
    .transpose()
}

/// The value of `key` as a `T`, if set.
pub async fn get<T: DeserializeOwned>(db: &Db, key: &str) -> Result<Option<Stored<T>>> {
    let Some(raw) = get_raw(db, key).await? else {
        return Ok(None);
    };
    let value = serde_json::from_value(raw.value)
        .map_err(|e| StoreError::Corrupt(format!("setting {key}: {e}")))?;
    Ok(Some(Stored {
        value,
        updated_at: raw.updated_at,
        updated_by: raw.updated_by,
    }))
}

/// Sets (or replaces) `key`.
pub async fn set<T: Serialize>(db: &Db, key: &str, value: &T, by: &str) -> Result<()> {
    set_audited(db, key, value, by, None).await
}

/// [`set`] with its audit entry in the same transaction.
pub async fn set_audited<T: Serialize>(
    db: &Db,
    key: &str,
    value: &T,
    by: &str,
    audit: Option<&crate::audit::AuditEntry>,
) -> Result<()> {
    let json = serde_json::to_string(value)
        .map_err(|e| StoreError::Corrupt(format!("setting {key}: {e}")))?;
    in_tx!(db, tx => {
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
               updated_by = excluded.updated_by",
        )
        .bind(key).bind(&json).bind(crate::now()).bind(by)
        .execute(&mut *tx).await?;
        crate::audit_insert!(tx, audit);
        Ok::<_, StoreError>(())
    })
}

/// The value of `key`, storing `initial` first if the key has none: of two nodes that start
/// at once, both read the one value the first insert left.
pub async fn get_or_init<T: Serialize + DeserializeOwned>(
    db: &Db,
    key: &str,
    initial: &T,
    by: &str,
) -> Result<T> {
    let json = serde_json::to_string(initial)
        .map_err(|e| StoreError::Corrupt(format!("setting {key}: {e}")))?;
    in_tx!(db, tx => {
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key).bind(&json).bind(crate::now()).bind(by)
        .execute(&mut *tx).await?;
        Ok::<_, StoreError>(())
    })?;
    get(db, key)
        .await?
        .map(|s| s.value)
        .ok_or_else(|| StoreError::Corrupt(format!("setting {key} vanished after insert")))
}

/// Removes `key` (back to the configuration file's value); returns whether it was set.
pub async fn remove(db: &Db, key: &str) -> Result<bool> {
    remove_audited(db, key, None).await
}

/// [`remove`] with its audit entry in the same transaction (written only if it was set).
pub async fn remove_audited(
    db: &Db,
    key: &str,
    audit: Option<&crate::audit::AuditEntry>,
) -> Result<bool> {
    in_tx!(db, tx => {
        let n = sqlx::query("DELETE FROM settings WHERE key = $1")
            .bind(key).execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            crate::audit_insert!(tx, audit);
        }
        Ok::<_, StoreError>(n > 0)
    })
}
