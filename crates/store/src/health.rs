//! What `motcua doctor` asks the database itself: does it answer, which migrations it has,
//! and (SQLite) whether its file is sound.

use crate::{on_read, Db, Result};

/// The database's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// The newest migration applied (`None`: none).
    pub schema_version: Option<i64>,
    /// The newest migration this build carries.
    pub expected_version: i64,
    /// Migrations recorded as failed (a half-applied upgrade).
    pub failed_migrations: Vec<i64>,
    /// `PRAGMA integrity_check`'s lines (`["ok"]` when sound); `None` on PostgreSQL.
    pub integrity: Option<Vec<String>>,
}

/// Checks the database answers and reads its schema version and soundness.
pub async fn check(db: &Db) -> Result<Health> {
    db.ping().await?;
    let versions: Vec<(i64, bool)> = on_read!(db, pool => sqlx::query_as(
        "SELECT version, success FROM _sqlx_migrations ORDER BY version"
    ).fetch_all(pool).await?);
    let expected_version = match db {
        Db::Sqlite(_) => sqlx::migrate!("./migrations/sqlite")
            .iter()
            .map(|m| m.version)
            .max(),
        Db::Postgres(_) => sqlx::migrate!("./migrations/postgres")
            .iter()
            .map(|m| m.version)
            .max(),
    }
    .unwrap_or(0);
    let integrity = match db {
        Db::Sqlite(s) => Some(
            sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(&s.read)
                .await?,
        ),
        Db::Postgres(_) => None,
    };
    Ok(Health {
        schema_version: versions.iter().filter(|(_, ok)| *ok).map(|(v, _)| *v).max(),
        expected_version,
        failed_migrations: versions
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(v, _)| *v)
            .collect(),
        integrity,
    })
}
