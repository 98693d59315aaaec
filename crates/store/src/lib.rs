//! Persistence for motcua: one API over SQLite (embedded default) and PostgreSQL (production).
//!
//! Every query is written once, in SQL both dialects accept (numbered `$n` placeholders,
//! `RETURNING`, `LIMIT/OFFSET`), and run through [`on_read!`] / [`in_tx!`], which expand the same
//! code for each driver so rows decode into native types on both. Migrations are embedded, one
//! tree per backend; a test checks that both trees give the same tables, columns and indexes.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub mod calendar;
pub mod catalog;
mod codec;
pub mod dossiers;
pub mod schema;
pub mod sessions;
mod sql;
pub mod testing;
pub mod users;

/// Errors of the store. Callers map `NotFound`/`Conflict` to user-facing answers.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL «{0}»: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The SQLite side: reads go through a pool, writes through a single connection so that a
/// transaction never has to upgrade a read lock (which fails at once with SQLITE_BUSY).
#[derive(Clone, Debug)]
pub struct SqliteDb {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

/// A database handle, cheap to clone.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// Which backend a [`Db`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs `$body` with `$pool` bound to a read pool of whichever backend `$db` is.
#[macro_export]
macro_rules! on_read {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite(s) => {
                let $pool = &s.read;
                $body
            }
            $crate::Db::Postgres(p) => {
                let $pool = p;
                $body
            }
        }
    };
}

/// Runs `$body` inside one write transaction bound to `$tx`; commits when `$body` yields `Ok`,
/// rolls back (by drop) when it returns early with an error.
#[macro_export]
macro_rules! in_tx {
    ($db:expr, $tx:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite(s) => {
                let mut $tx = s.write.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Db::Postgres(p) => {
                let mut $tx = p.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

impl Db {
    /// Connects to `url` (`sqlite://PATH` — created if missing — or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Db> {
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            Self::open_sqlite(Path::new(path)).await
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }

    /// Opens (creating if needed) the SQLite file at `path`.
    ///
    /// WAL with `synchronous=FULL`: an acknowledged write survives power loss, which a one-stop
    /// desk needs more than the last few percent of write throughput.
    pub async fn open_sqlite(path: &Path) -> Result<Db> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts.read_only(false))
            .await?;
        Ok(Db::Sqlite(SqliteDb { read, write }))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the embedded migrations of this backend.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(s) => sqlx::migrate!("./migrations/sqlite").run(&s.write).await?,
            Db::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// A trivial round trip, for `/readyz`.
    pub async fn ping(&self) -> Result<()> {
        on_read!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Closes every pool, waiting for connections to finish (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        match self {
            Db::Sqlite(s) => {
                s.read.close().await;
                s.write.close().await;
            }
            Db::Postgres(p) => p.close().await,
        }
    }
}

/// The time used for `created_at`/`updated_at` columns.
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
