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
use sqlx::Connection;

pub mod access_log;
pub mod audit;
pub mod book;
pub mod calendar;
pub mod catalog;
mod codec;
pub mod dossiers;
pub mod feedback;
pub mod group_commit;
pub mod health;
mod inline_reads;
pub mod outbox;
pub mod payments;
pub mod portal;
pub mod ratings;
pub mod record;
pub mod reports;
pub mod schema;
pub mod sessions;
pub mod settings;
pub mod sign_in;
mod sql;
pub mod testing;
pub mod throttle;
pub mod uploads;
pub mod users;

/// Errors of the store. Callers map `NotFound`/`Conflict` to user-facing answers.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// From the synchronous SQLite write path (rusqlite on the writer's handle).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL «{0}»: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// SQLite would not take the writer's VFS (`group_commit::wal_gather`).
    #[error("SQLite VFS: {0}")]
    Vfs(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The SQLite side: reads go through a pool, writes through a single connection so that a
/// transaction never has to upgrade a read lock (which fails at once with SQLITE_BUSY), with
/// group commit so concurrent writes share one fsync.
#[derive(Clone, Debug)]
pub struct SqliteDb {
    pub read: SqlitePool,
    /// Point reads on the calling thread, without sqlx's hand-overs (`dossiers::load`).
    pub(crate) inline: std::sync::Arc<inline_reads::InlineReads>,
    pub writer: group_commit::Writer,
    /// Dossiers this process wrote last, for the next change of them.
    pub hot: std::sync::Arc<dossiers::HotDossiers>,

    /// [`Db::identity`], worked out once: caches look it up on every dossier change.
    identity: std::sync::Arc<str>,
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

/// Runs `$body` — an expression giving a `Result`, in which `?` stays inside the write — as
/// one durable write bound to `$tx`: committed (and fsync'd) before the macro yields `Ok`, rolled
/// back entirely when the body yields `Err`. Evaluates to the body's `Result`.
#[macro_export]
macro_rules! in_tx {
    ($db:expr, $tx:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite(s) => match s.writer.begin().await {
                Ok(mut $tx) => {
                    let out = async { $body }.await;
                    match $tx.finish(out.is_ok()).await {
                        Ok(()) => out,
                        Err(e) => Err(e.into()),
                    }
                }
                Err(e) => Err(e.into()),
            },
            $crate::Db::Postgres(p) => match p.begin().await {
                Ok(mut $tx) => {
                    let out = async { $body }.await;
                    match out {
                        Ok(v) => match $tx.commit().await {
                            Ok(()) => Ok(v),
                            Err(e) => Err($crate::StoreError::from(e).into()),
                        },
                        Err(e) => {
                            let _ = $tx.rollback().await;
                            Err(e)
                        }
                    }
                }
                Err(e) => Err($crate::StoreError::from(e).into()),
            },
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
    /// WAL, and an acknowledged write survives power loss (fsync'd before it is answered), which
    /// a one-stop desk needs more than the last few percent of write throughput.
    pub async fn open_sqlite(path: &Path) -> Result<Db> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let writer_opts = opts
            .clone()
            // The writer's COMMIT does not fsync: its batches are made durable by an fsync of
            // the WAL on another thread, before any write in them is answered (WalSync in
            // group_commit), so the next batch runs meanwhile.
            .synchronous(SqliteSynchronous::Normal)
            // Temporary b-trees (sorts, statement journals) stay off the disk.
            .pragma("temp_store", "memory")
            // 4 MiB of page cache: the b-trees' upper levels and the pages recent batches
            // wrote stay in memory; the rest comes from the OS's cache. Not more: while the
            // database is under 1 GiB, a commit that rebalanced a b-tree scans the cache's whole
            // hash table (SQLite's pcache1Truncate, after balance_nonroot re-keys a page through
            // the pending-byte page), so its cost grows with the cache (16 MiB: 4-7 % of the
            // writer's time; 4 MiB measured as fast or faster for step transitions).
            .pragma("cache_size", "-4096")
            // The checkpointer below copies the WAL back into the database off the write path;
            // the writer steps in only if it falls far behind (~200 MB of WAL): a checkpoint
            // on the writer stalls every write behind it (p99 35-45 ms with 40 MB).
            .pragma("wal_autocheckpoint", "50000")
            // Each commit's frames reach the WAL in one write instead of two per frame.
            .vfs(group_commit::wal_gather::register().map_err(StoreError::Vfs)?);
        let mut wal_path = path.as_os_str().to_owned();
        wal_path.push("-wal");
        let writer = group_commit::Writer::syncing_wal(
            sqlx::SqliteConnection::connect_with(&writer_opts).await?,
            wal_path.into(),
        );
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            // A local file needs no ping before each use (that was a second hand-over to the
            // connection's thread for every read).
            .test_before_acquire(false)
            .connect_with(opts.read_only(false))
            .await?;
        spawn_checkpointer(read.clone());

        let identity = format!("sqlite:{}", path.display()).into();
        Ok(Db::Sqlite(SqliteDb {
            read,
            inline: std::sync::Arc::new(inline_reads::InlineReads::new(path)),
            writer,
            hot: Default::default(),
            identity,
        }))
    }

    /// Which database this is (file, or host/port/name), to key process-wide caches.
    pub fn identity(&self) -> String {
        match self {
            Db::Sqlite(s) => s.identity.to_string(),
            Db::Postgres(p) => {
                let o = p.connect_options();
                format!(
                    "postgres:{}:{}/{}",
                    o.get_host(),
                    o.get_port(),
                    o.get_database().unwrap_or("")
                )
            }
        }
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
            Db::Sqlite(s) => {
                s.writer
                    .exclusive(async |conn| {
                        Ok(sqlx::migrate!("./migrations/sqlite").run(conn).await?)
                    })
                    .await?
            }
            Db::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        // Events stored before they were chained (migration 0021) are chained once, here.
        let chained = record::backfill(self).await?;
        if chained > 0 {
            tracing::info!(
                dossiers = chained,
                "chained the events of existing dossiers"
            );
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
                if let Err(e) = s.writer.flush().await {
                    tracing::error!(error = %e, "final commit failed");
                }
                s.read.close().await;
                s.inline.close();
            }
            Db::Postgres(p) => p.close().await,
        }
    }
}

/// Copies committed WAL frames back into the database file a few times a second, from a read
/// connection, so the writer's commits never wait for a checkpoint. Ends when the pool closes.
fn spawn_checkpointer(pool: SqlitePool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                break;
            }
            // PASSIVE: never waits for the writer or readers; what it cannot copy now, the
            // next round does.
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                tracing::debug!(error = %e, "checkpoint skipped");
            }
        }
    });
}

/// The time used for `created_at`/`updated_at` columns.
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
