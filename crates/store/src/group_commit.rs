//! Group commit for SQLite: many concurrent writes share one fsync'd COMMIT.
//!
//! SQLite has one writer and every durable commit costs an fsync (≈0.25 ms here), which caps
//! single-transaction commits at a few thousand per second. So the writer connection keeps a
//! transaction open across requests: each write runs inside its own SAVEPOINT (so one failure
//! rolls back only that write), then waits for the shared COMMIT, which a background task issues
//! once the writers already queued have had their turn. No write is acknowledged before the
//! COMMIT that makes it durable has returned.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::sqlite::SqliteConnection;
use tokio::sync::{oneshot, Mutex, OwnedMutexGuard};

use crate::{Result, StoreError};

struct State {
    conn: SqliteConnection,
    /// A batch transaction is open on `conn`.
    in_tx: bool,
    /// A commit task is pending for the open batch.
    commit_scheduled: bool,
    /// A write was abandoned mid-way (its future dropped): roll its savepoint back first.
    abandoned: bool,
    /// Writers waiting for the batch's COMMIT.
    waiters: Vec<oneshot::Sender<std::result::Result<(), String>>>,
}

/// The single SQLite writer connection.
#[derive(Clone)]
pub struct Writer {
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

/// Exclusive use of the writer connection for one write, inside its savepoint.
pub struct WriteGuard {
    guard: Option<OwnedMutexGuard<State>>,
    writer: Writer,
}

impl Deref for WriteGuard {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        match &self.guard {
            Some(g) => &g.conn,
            None => unreachable_guard(),
        }
    }
}

impl DerefMut for WriteGuard {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        match &mut self.guard {
            Some(g) => &mut g.conn,
            None => unreachable_guard(),
        }
    }
}

// The guard is only emptied by `finish`, which consumes it; a use after that cannot compile.
fn unreachable_guard() -> ! {
    panic!("write guard used after finish")
}

impl Writer {
    pub fn new(conn: SqliteConnection) -> Writer {
        Writer {
            state: Arc::new(Mutex::new(State {
                conn,
                in_tx: false,
                commit_scheduled: false,
                abandoned: false,
                waiters: Vec::new(),
            })),
        }
    }

    /// Runs `f` on the connection outside any batch (migrations, maintenance).
    pub async fn exclusive<T>(
        &self,
        f: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T>,
    ) -> Result<T> {
        let mut s = self.state.clone().lock_owned().await;
        settle(&mut s).await?;
        f(&mut s.conn).await
    }

    /// Starts a write: takes the connection, opens the batch if needed, sets a savepoint.
    pub async fn begin(&self) -> Result<WriteGuard> {
        let mut s = self.state.clone().lock_owned().await;
        if s.abandoned {
            rollback_abandoned(&mut s).await?;
        }
        if !s.in_tx {
            sqlx::query("BEGIN IMMEDIATE").execute(&mut s.conn).await?;
            s.in_tx = true;
        }
        sqlx::query("SAVEPOINT w").execute(&mut s.conn).await?;
        Ok(WriteGuard {
            guard: Some(s),
            writer: self.clone(),
        })
    }

    fn schedule_commit(&self, s: &mut State) {
        if s.commit_scheduled {
            return;
        }
        s.commit_scheduled = true;
        let writer = self.clone();
        // A task of its own, so a client hanging up cannot leave the batch uncommitted.
        tokio::spawn(async move {
            // Let the writers already queued join this batch.
            tokio::task::yield_now().await;
            let mut s = writer.state.clone().lock_owned().await;
            let result = settle(&mut s).await;
            let outcome = result.as_ref().map(|_| ()).map_err(|e| e.to_string());
            for w in s.waiters.drain(..) {
                let _ = w.send(outcome.clone());
            }
        });
    }

    /// Commits whatever batch is open (at shutdown).
    pub async fn flush(&self) -> Result<()> {
        let mut s = self.state.lock().await;
        settle(&mut s).await
    }
}

/// Rolls back an abandoned write's savepoint, then commits the open batch, if any.
async fn settle(s: &mut State) -> Result<()> {
    if s.abandoned {
        rollback_abandoned(s).await?;
    }
    s.commit_scheduled = false;
    if !s.in_tx {
        return Ok(());
    }
    s.in_tx = false;
    if let Err(e) = sqlx::query("COMMIT").execute(&mut s.conn).await {
        let _ = sqlx::query("ROLLBACK").execute(&mut s.conn).await;
        return Err(e.into());
    }
    Ok(())
}

async fn rollback_abandoned(s: &mut State) -> Result<()> {
    sqlx::query("ROLLBACK TO w").execute(&mut s.conn).await?;
    sqlx::query("RELEASE w").execute(&mut s.conn).await?;
    s.abandoned = false;
    Ok(())
}

impl WriteGuard {
    /// Ends the write. On success, waits until the batch holding it is committed (durable);
    /// on failure, rolls back just this write.
    pub async fn finish(mut self, ok: bool) -> Result<()> {
        let Some(mut s) = self.guard.take() else {
            return Ok(());
        };
        if !ok {
            rollback_abandoned(&mut s).await?;
            // The batch may hold other writes (or none): it still needs its commit.
            self.writer.schedule_commit(&mut s);
            return Ok(());
        }
        sqlx::query("RELEASE w").execute(&mut s.conn).await?;
        let (tx, rx) = oneshot::channel();
        s.waiters.push(tx);
        self.writer.schedule_commit(&mut s);
        drop(s);
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(StoreError::Corrupt(format!("commit failed: {e}"))),
            Err(_) => Err(StoreError::Corrupt("commit task ended".into())),
        }
    }
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        // Dropped without `finish` (the request was cancelled mid-write): the next user of the
        // connection rolls this write's savepoint back before anything else.
        if let Some(mut s) = self.guard.take() {
            s.abandoned = true;
            self.writer.schedule_commit(&mut s);
        }
    }
}
