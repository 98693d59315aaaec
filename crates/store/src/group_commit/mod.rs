//! Group commit for SQLite: many concurrent writes share one COMMIT and one fsync.
//!
//! SQLite has one writer and every durable commit costs an fsync (≈0.25–1 ms here), which caps
//! single-transaction commits at a few thousand per second. So the writer connection keeps a
//! transaction open across requests and commits it once the writes already queued have had
//! their turn. No write is acknowledged before its batch is durable.
//!
//! - sqlx writes ([`Writer::begin`], behind `in_tx!`) each run in a SAVEPOINT, so one failure
//!   rolls back only that write; a task commits the batch.
//! - The hot writes (dossier intake and every step transition) skip sqlx's per-statement
//!   hand-over to its worker thread: [`Writer::run_sync`] queues a synchronous closure, and the
//!   `motcua-writer` thread takes the connection's raw handle once and runs every queued
//!   closure back to back through rusqlite's cached statements, then commits them all. These
//!   closures check before they write, so they need no savepoint of their own (see
//!   [`run_batch`]).
//! - The connection commits with `synchronous=NORMAL` (no fsync in COMMIT); [`WalSync`] fsyncs
//!   the write-ahead log on a blocking thread and only then answers the batch, while the writer
//!   already runs the next one. (`Writer::new`, for a connection that syncs its own commits,
//!   answers right after COMMIT.)
//! - The connection opens its WAL through [`wal_gather`], so a batch's COMMIT writes its frames
//!   with a few large writes rather than two per page.

use std::ops::{Deref, DerefMut};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use sqlx::sqlite::SqliteConnection;
use tokio::sync::{oneshot, Mutex, OwnedMutexGuard};

use crate::{Result, StoreError};

pub(crate) mod wal_gather;
mod wal_sync;

use wal_sync::{Done, WalSync};

type Job = Box<dyn FnOnce(&rusqlite::Connection) -> (bool, Done) + Send>;

/// Most synchronous writes one batch takes before it commits (bounds a batch's latency).
const MAX_BATCH: usize = 4096;

#[derive(Default)]
struct Queue {
    jobs: Vec<Job>,
}

struct State {
    /// rusqlite's view of `conn`'s handle, with its statement cache; used only while sqlx's
    /// lock on the handle is held. Declared before `conn` so it is dropped (its statements
    /// finalized) before the connection closes.
    raw: Option<rusqlite::Connection>,
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
    shared: Arc<Shared>,
}

/// What every handle on the writer shares. The writer thread holds it weakly: it ends once
/// every [`Writer`] is gone.
struct Shared {
    state: Arc<Mutex<State>>,
    queue: std::sync::Mutex<Queue>,
    stats: Counters,
    /// Set when the connection commits without fsync (`synchronous=NORMAL`): the WAL is
    /// fsync'd here, off the writer, before anyone in a batch is answered.
    wal: Option<Arc<WalSync>>,
    /// Wakes the writer thread when jobs are queued (waited on with `queue`'s lock).
    wake: std::sync::Condvar,
    /// The writer thread, started with the first synchronous job; `true` once it runs.
    thread: std::sync::OnceLock<bool>,
}

/// How the synchronous writes were grouped so far (for benchmarks and diagnostics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriterStats {
    /// Batches committed.
    pub commits: u64,
    /// Synchronous writes in those batches.
    pub writes: u64,
    /// Time the writer spent running the writes, and in COMMIT (writing the WAL; the fsync too
    /// with [`Writer::new`], not with [`Writer::syncing_wal`], whose fsync runs elsewhere).
    pub running: Duration,
    pub committing: Duration,
}

#[derive(Default)]
struct Counters {
    commits: AtomicU64,
    writes: AtomicU64,
    running_ns: AtomicU64,
    committing_ns: AtomicU64,
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
    /// A writer whose connection makes its own commits durable (`synchronous=FULL`).
    pub fn new(conn: SqliteConnection) -> Writer {
        Writer::with_wal(conn, None)
    }

    fn with_wal(conn: SqliteConnection, wal: Option<Arc<WalSync>>) -> Writer {
        let state = State {
            raw: None,
            conn,
            in_tx: false,
            commit_scheduled: false,
            abandoned: false,
            waiters: Vec::new(),
        };
        Writer {
            shared: Arc::new(Shared {
                state: Arc::new(Mutex::new(state)),
                queue: Default::default(),
                stats: Counters::default(),
                wal,
                wake: Default::default(),
                thread: Default::default(),
            }),
        }
    }

    /// Starts the writer thread: it runs the queued synchronous jobs, a batch at a time, on
    /// a thread of its own, so a batch starts as soon as there is work instead of waiting for
    /// a runtime worker behind the requests it serves (and a client hanging up cannot leave
    /// a batch half done).
    /// Returns whether it runs; if it could not start, the caller runs the batch as a task.
    fn start_thread(&self) -> bool {
        *self.shared.thread.get_or_init(|| {
            let weak = Arc::downgrade(&self.shared);
            let Ok(rt) = tokio::runtime::Handle::try_current() else {
                return false;
            };
            let spawned = std::thread::Builder::new()
                .name("motcua-writer".into())
                .spawn(move || writer_thread(weak, rt));
            if let Err(e) = &spawned {
                tracing::error!(error = %e, "no SQLite writer thread: batches run as tasks");
            }
            spawned.is_ok()
        })
    }

    /// A writer whose connection commits without fsync (WAL, `synchronous=NORMAL`): each
    /// batch's answers wait for an fsync of the write-ahead log at `wal_path`, issued on
    /// another thread while the writer already runs the next batch (see [`WalSync`]).
    pub fn syncing_wal(conn: SqliteConnection, wal_path: PathBuf) -> Writer {
        Writer::with_wal(conn, Some(Arc::new(WalSync::new(wal_path))))
    }

    /// Answers `dones` with the outcome of their batch's COMMIT, once it is durable.
    fn acknowledge(&self, dones: Vec<Done>, outcome: std::result::Result<(), String>) {
        match (&self.shared.wal, outcome) {
            (Some(wal), Ok(())) => wal.after_sync(dones),
            (_, outcome) => {
                for done in dones {
                    done(outcome.clone());
                }
            }
        }
    }

    /// Makes everything committed so far durable, now (after maintenance and at shutdown).
    fn sync_now(&self) -> Result<()> {
        match &self.shared.wal {
            Some(wal) => wal
                .sync()
                .map_err(|e| StoreError::Corrupt(format!("WAL fsync: {e}"))),
            None => Ok(()),
        }
    }

    /// Commits and writes of the synchronous path since the writer opened.
    pub fn stats(&self) -> WriterStats {
        WriterStats {
            commits: self.shared.stats.commits.load(Ordering::Relaxed),
            writes: self.shared.stats.writes.load(Ordering::Relaxed),
            running: Duration::from_nanos(self.shared.stats.running_ns.load(Ordering::Relaxed)),
            committing: Duration::from_nanos(
                self.shared.stats.committing_ns.load(Ordering::Relaxed),
            ),
        }
    }

    /// Runs `f` on the connection outside any batch (migrations, maintenance).
    pub async fn exclusive<T>(
        &self,
        f: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T>,
    ) -> Result<T> {
        let mut s = self.shared.state.clone().lock_owned().await;
        settle(&mut s).await?;
        self.sync_now()?;
        let out = f(&mut s.conn).await;
        self.sync_now()?;
        out
    }

    /// Starts a write: takes the connection, opens the batch if needed, sets a savepoint.
    pub async fn begin(&self) -> Result<WriteGuard> {
        let mut s = self.shared.state.clone().lock_owned().await;
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
            let mut s = writer.shared.state.clone().lock_owned().await;
            let result = settle(&mut s).await;
            let outcome = result.as_ref().map(|_| ()).map_err(|e| e.to_string());
            let waiters = answers(&mut s.waiters);
            drop(s);
            writer.acknowledge(waiters, outcome);
        });
    }

    /// Runs `f` as one durable write on the writer connection and answers once the batch
    /// holding it is committed. `f` must not block on anything but the database (the whole
    /// batch waits for it), and must make every check that can refuse before its first write
    /// (see [`run_batch`]). Never await it inside an `in_tx!` body: the runner needs the
    /// connection that body holds.
    pub async fn run_sync<T, E, F>(&self, f: F) -> std::result::Result<T, E>
    where
        F: FnOnce(&rusqlite::Connection) -> std::result::Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel::<std::result::Result<T, E>>();
        let job: Job = Box::new(move |conn| {
            let out = std::panic::catch_unwind(AssertUnwindSafe(|| f(conn))).unwrap_or_else(|_| {
                Err(StoreError::Corrupt("a write panicked; it was rolled back".into()).into())
            });
            let ok = out.is_ok();
            let done: Done = Box::new(move |commit| {
                let answer = match commit {
                    Err(e) if ok => Err(StoreError::Corrupt(format!("commit failed: {e}")).into()),
                    _ => out,
                };
                let _ = tx.send(answer);
            });
            (ok, done)
        });
        lock_queue(&self.shared.queue).jobs.push(job);
        if self.start_thread() {
            self.shared.wake.notify_one();
        } else {
            let writer = self.clone();
            tokio::spawn(async move { writer.run_queued().await });
        }
        match rx.await {
            Ok(answer) => answer,
            Err(_) => {
                Err(StoreError::Corrupt("the writer stopped before committing".into()).into())
            }
        }
    }

    /// Takes the connection and runs every queued synchronous write, then commits the batch
    /// (together with any sqlx writes already in it) and answers everyone in it.
    async fn run_queued(&self) {
        let mut guard = self.shared.state.clone().lock_owned().await;
        let mut jobs = std::mem::take(&mut lock_queue(&self.shared.queue).jobs);
        if jobs.is_empty() {
            return;
        }
        let s = &mut *guard;
        if s.abandoned {
            if let Err(e) = rollback_abandoned(s).await {
                tracing::error!(error = %e, "rolling back an abandoned write failed");
            }
        }
        let mut dones: Vec<Done> = Vec::with_capacity(jobs.len());
        let outcome = match s.conn.lock_handle().await {
            Err(e) => Err(e.to_string()),
            Ok(mut handle) => {
                // From here to the end of the block nothing awaits: sqlx's worker is parked on
                // the handle's lock, and the batch cannot be cancelled half way.
                let ptr = handle.as_raw_handle().as_ptr();
                let raw = match s.raw.take() {
                    Some(raw) => Ok(raw),
                    // SAFETY: `ptr` is the live handle of `s.conn`, which outlives `s.raw`
                    // (dropped first, see `State`), and is used only while its lock is held.
                    None => unsafe { rusqlite::Connection::from_handle(ptr) },
                };
                match raw {
                    Err(e) => Err(e.to_string()),
                    Ok(raw) => {
                        raw.set_prepared_statement_cache_capacity(64);
                        let out = run_batch(
                            &raw,
                            &mut s.in_tx,
                            &mut jobs,
                            &mut dones,
                            &self.shared.queue,
                            &self.shared.stats,
                        );
                        s.raw = Some(raw);
                        if out.is_ok() {
                            self.shared.stats.commits.fetch_add(1, Ordering::Relaxed);
                            let n = dones.len() as u64;
                            self.shared.stats.writes.fetch_add(n, Ordering::Relaxed);
                        }
                        out.map_err(|e| e.to_string())
                    }
                }
            }
        };
        s.commit_scheduled = false;
        dones.extend(answers(&mut s.waiters));
        // The next batch may start while this one's fsync runs.
        drop(guard);
        self.acknowledge(dones, outcome);
        // Jobs never started (the batch failed before them) learn it from their dropped
        // answer channel.
    }

    /// Commits whatever batch is open and makes it durable (at shutdown).
    pub async fn flush(&self) -> Result<()> {
        let mut s = self.shared.state.lock().await;
        settle(&mut s).await?;
        let waiters = answers(&mut s.waiters);
        self.sync_now()?;
        for done in waiters {
            done(Ok(()));
        }
        Ok(())
    }
}

/// The writer thread's loop: waits for jobs, runs them as a batch, until the writer is gone.
fn writer_thread(weak: Weak<Shared>, rt: tokio::runtime::Handle) {
    loop {
        let Some(shared) = weak.upgrade() else {
            return;
        };
        let queued = {
            let q = lock_queue(&shared.queue);
            // Wakes now and then to notice that the writer was dropped.
            let (q, _) = shared
                .wake
                .wait_timeout_while(q, Duration::from_secs(1), |q| q.jobs.is_empty())
                .unwrap_or_else(|p| p.into_inner());
            !q.jobs.is_empty()
        };
        if queued {
            rt.block_on(Writer { shared }.run_queued());
        }
    }
}

/// The sqlx writers waiting for a batch, as answers to give.
fn answers(waiters: &mut Vec<oneshot::Sender<std::result::Result<(), String>>>) -> Vec<Done> {
    waiters
        .drain(..)
        .map(|w| -> Done {
            Box::new(move |outcome| {
                let _ = w.send(outcome);
            })
        })
        .collect()
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

fn lock_queue(q: &std::sync::Mutex<Queue>) -> std::sync::MutexGuard<'_, Queue> {
    // A panic while holding this lock cannot leave the queue inconsistent (push / take only).
    q.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `jobs` (and those queued meanwhile, up to [`MAX_BATCH`]), opening the batch
/// transaction if needed, then commits it.
///
/// No savepoint per job: they cost a copy of every page a job touches, about a tenth of a
/// step transition. Instead a job does its checks (and may refuse) before its first write; one
/// that fails after writing anyway (a broken constraint, a full disk) takes the whole batch
/// down with it, and everybody in it gets the error. Nothing acknowledged is lost either way.
fn run_batch(
    conn: &rusqlite::Connection,
    in_tx: &mut bool,
    jobs: &mut Vec<Job>,
    dones: &mut Vec<Done>,
    queue: &std::sync::Mutex<Queue>,
    stats: &Counters,
) -> rusqlite::Result<()> {
    let started = Instant::now();
    let result = (|| {
        if !*in_tx {
            conn.prepare_cached("BEGIN IMMEDIATE")?.execute([])?;
            *in_tx = true;
        }
        let mut taken = 0;
        while !jobs.is_empty() {
            for job in jobs.drain(..) {
                let before = conn.total_changes();
                let (ok, done) = job(conn);
                dones.push(done);
                if !ok && conn.total_changes() != before {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT),
                        Some("a write failed after it had changed rows".into()),
                    ));
                }
                taken += 1;
            }
            if taken < MAX_BATCH {
                jobs.append(&mut lock_queue(queue).jobs);
            }
        }
        *in_tx = false;
        let ran = started.elapsed();
        conn.prepare_cached("COMMIT")?.execute([])?;
        let nanos = |d: Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        stats.running_ns.fetch_add(nanos(ran), Ordering::Relaxed);
        stats
            .committing_ns
            .fetch_add(nanos(started.elapsed() - ran), Ordering::Relaxed);
        Ok(())
    })();
    if result.is_err() {
        *in_tx = false;
        let _ = conn.execute_batch("ROLLBACK");
    }
    result
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
