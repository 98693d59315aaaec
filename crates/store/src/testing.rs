//! Fresh databases for tests: a new SQLite file in a temporary directory, or a new PostgreSQL
//! database on the server named by `MOTCUA_TEST_POSTGRES_URL`. Used by this crate's and the web
//! crate's integration tests so the same suite runs on both stores.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

use crate::{Db, Result, StoreError};

/// Prefix of every test database name; `.ci/run` drops leftovers with it.
pub const PG_PREFIX: &str = "motcua_t_";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A migrated, empty database that lives as long as the test needs it.
pub struct TestDb {
    pub db: Db,
    /// The URL the database is reachable at (what `motcua serve --database-url` would take).
    pub url: String,
    dir: Option<PathBuf>,
    pg: Option<(String, String)>,
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{PG_PREFIX}{}_{n}_{nanos}", std::process::id())
}

impl TestDb {
    /// A fresh SQLite database in its own temporary directory.
    pub async fn sqlite() -> Result<TestDb> {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let url = format!("sqlite://{}", dir.join("motcua.db").display());
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(TestDb {
            db,
            url,
            dir: Some(dir),
            pg: None,
        })
    }

    /// A fresh PostgreSQL database, or `None` when `MOTCUA_TEST_POSTGRES_URL` is not set.
    pub async fn postgres() -> Result<Option<TestDb>> {
        let Ok(admin) = std::env::var("MOTCUA_TEST_POSTGRES_URL") else {
            return Ok(None);
        };
        let name = unique_name();
        let mut conn = sqlx::PgConnection::connect(&admin).await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        let url = with_database(&admin, &name);
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(Some(TestDb {
            db,
            url,
            dir: None,
            pg: Some((admin, name)),
        }))
    }

    /// Closes the pools and removes the database.
    pub async fn cleanup(self) {
        self.db.close().await;
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((admin, name)) = &self.pg {
            if let Ok(mut conn) = sqlx::PgConnection::connect(admin).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
    }
}

/// Replaces the database name in a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Declares one test per store for each named `async fn(Db, url: String)` in the calling module: a
/// `sqlite::NAME` test always, and a `postgres::NAME` test that runs when
/// `MOTCUA_TEST_POSTGRES_URL` is set. Each gets a fresh database, removed afterwards.
#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() {
                let t = $crate::testing::TestDb::sqlite().await.expect("sqlite test db");
                super::$name(t.db.clone(), t.url.clone()).await;
                t.cleanup().await;
            })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() {
                let Some(t) = $crate::testing::TestDb::postgres().await.expect("postgres test db") else {
                    eprintln!("MOTCUA_TEST_POSTGRES_URL not set: PostgreSQL run skipped");
                    return;
                };
                super::$name(t.db.clone(), t.url.clone()).await;
                t.cleanup().await;
            })*
        }
    };
}

/// Runs one statement with `$1` bound to `arg`, straight on the database (tests that alter
/// rows behind the application's back, as someone with database access could).
pub async fn execute(db: &Db, sql: &str, arg: &str) -> crate::Result<u64> {
    Ok(match db {
        Db::Sqlite(s) => sqlx::query(sql)
            .bind(arg)
            .execute(&s.read)
            .await?
            .rows_affected(),
        Db::Postgres(p) => sqlx::query(sql).bind(arg).execute(p).await?.rows_affected(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_database() {
        assert_eq!(
            super::with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(super::with_database("postgres://h", "x"), "postgres://h/x");
        assert_eq!(
            super::with_database("postgres://h/db?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
    }
}
