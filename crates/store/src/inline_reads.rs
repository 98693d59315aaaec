//! Point reads on SQLite run on the calling thread, through rusqlite, instead of through sqlx's
//! pool.
//!
//! sqlx runs each SQLite connection on a thread of its own: a query is a hand-over to that
//! thread and back, and returning the connection to the pool is another round trip (its ping).
//! For a lookup by key that takes tens of microseconds, the hand-overs cost more than the query
//! (loading a dossier before a change: ~20 % of the request threads' time in the profiles).
//! These reads touch a few pages of a local file, so they run where they are asked for, like
//! any other short computation on a runtime thread. A page not in the OS's cache makes that
//! thread wait for the disk for the time of one read; lists, searches and reports, which read
//! many pages, stay on the pool.
//!
//! Same database, same visibility as the read pool: each statement reads the last committed
//! state (WAL), including a batch committed but not yet fsync'd (whose writers are not yet
//! answered — as with any reader).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// Connections kept idle; more are opened when more threads read at once (and closed after).
const KEEP: usize = 8;

pub struct InlineReads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for InlineReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineReads")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl InlineReads {
    /// Reads of the database file at `path` (which must exist, in WAL mode).
    pub fn new(path: &Path) -> InlineReads {
        InlineReads {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
        }
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        // Read-write like the sqlx read pool (a reader of a WAL database may need to write the
        // shared-memory index); `query_only` refuses any write.
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "query_only", true)?;
        // Another connection's commit empties this one's page cache before its next read, and
        // these writes never stop: a small cache is as good as a large one, and cheaper to empty.
        conn.pragma_update(None, "cache_size", -256)?;
        conn.set_prepared_statement_cache_capacity(16);
        Ok(conn)
    }

    /// Runs `f` on an idle connection (opened if there is none), on this thread.
    pub fn run<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let kept = self.idle().pop();
        let conn = match kept {
            Some(c) => c,
            None => self.open()?,
        };
        let out = f(&conn);
        // A transaction `f` left open would pin an old snapshot: such a connection is not kept.
        if conn.is_autocommit() {
            let mut idle = self.idle();
            if idle.len() < KEEP {
                idle.push(conn);
            }
        }
        out
    }

    /// Closes the idle connections (at shutdown, with the read pool), so none of them holds
    /// the database open after it.
    pub fn close(&self) {
        self.idle().clear();
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Connection>> {
        // Every operation leaves the list whole; a poisoned lock is still usable.
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idle(r: &InlineReads) -> usize {
        r.idle().len()
    }

    fn database() -> (tempfile::TempDir, PathBuf, Connection) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("t.db");
        let w = Connection::open(&path).expect("open");
        w.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);",
        )
        .expect("schema");
        (dir, path, w)
    }

    fn sum(r: &InlineReads) -> Result<i64, StoreError> {
        r.run(|c| Ok(c.query_row("SELECT sum(x) FROM t", [], |row| row.get(0))?))
    }

    #[test]
    fn reads_what_was_committed_and_writes_nothing() {
        let (_dir, path, w) = database();
        let r = InlineReads::new(&path);
        assert_eq!(sum(&r).expect("read"), 1);
        w.execute("INSERT INTO t VALUES (2)", []).expect("insert");
        // The same (kept) connection sees the other connection's commit.
        assert_eq!(idle(&r), 1);
        assert_eq!(sum(&r).expect("read"), 3);
        let write = r.run(|c| Ok(c.execute("INSERT INTO t VALUES (4)", [])?));
        assert!(write.is_err(), "query_only refuses writes");
        assert_eq!(sum(&r).expect("read"), 3);
        r.close();
        assert_eq!(idle(&r), 0);
        // A missing file is an error, not an empty database.
        let none = InlineReads::new(&path.with_file_name("missing/t.db"));
        assert!(sum(&none).is_err());
    }

    #[test]
    fn a_connection_left_in_a_transaction_is_not_kept() {
        let (_dir, path, w) = database();
        let r = InlineReads::new(&path);
        r.run(|c| Ok(c.execute_batch("BEGIN; SELECT * FROM t;")?))
            .expect("begin");
        assert_eq!(idle(&r), 0, "its old snapshot would hide later commits");
        w.execute("INSERT INTO t VALUES (2)", []).expect("insert");
        assert_eq!(sum(&r).expect("read"), 3);
        assert_eq!(idle(&r), 1);
    }

    #[test]
    fn concurrent_readers_each_get_a_connection_and_few_are_kept() {
        let (_dir, path, _w) = database();
        let r = InlineReads::new(&path);
        let barrier = std::sync::Barrier::new(KEEP * 2);
        std::thread::scope(|s| {
            for _ in 0..KEEP * 2 {
                s.spawn(|| {
                    r.run(|c| {
                        // All hold a connection at once.
                        barrier.wait();
                        Ok(c.query_row("SELECT sum(x) FROM t", [], |row| row.get::<_, i64>(0))?)
                    })
                    .expect("read")
                });
            }
        });
        assert_eq!(idle(&r), KEEP);
    }
}
