//! Durability for a writer that commits without fsync (see [`WalSync`]).

use std::path::PathBuf;
use std::sync::Arc;

/// What a queued synchronous write hands back: whether it succeeded, and what to do once its
/// batch is committed (and durable). Defined here, beside the fsync that calls it, so this file
/// imports nothing from the writer's `mod.rs`.
pub(super) type Done = Box<dyn FnOnce(std::result::Result<(), String>) + Send>;

/// Durability for a writer that commits without fsync: answers wait for an fsync of the WAL.
///
/// A COMMIT in WAL mode appends the batch's frames to the log; with `synchronous=NORMAL`
/// SQLite does not fsync it. This does, on a blocking thread: every batch committed before
/// an fsync started is durable when it returns (fsync covers the file, whichever descriptor
/// wrote it), so one fsync answers all batches that committed meanwhile, while the writer is
/// already running the next. Recovery accepts WAL frames only up to the last intact commit,
/// in order, so an fsync'd batch never depends on a later one. A committed batch is visible
/// to readers up to one fsync before it is acknowledged; a power cut in that window loses it
/// unacknowledged, as if it had not committed. Checkpoints still sync the WAL before copying
/// it and the database file after (what `synchronous=NORMAL` keeps).
pub(super) struct WalSync {
    path: PathBuf,
    state: std::sync::Mutex<SyncState>,
}

#[derive(Default)]
struct SyncState {
    /// Answers waiting for the next fsync.
    waiting: Vec<Done>,
    /// A blocking task is syncing (and will take `waiting` when done).
    running: bool,
    /// The WAL, opened at the first sync (SQLite creates it at the first write).
    file: Option<Arc<std::fs::File>>,
}

impl WalSync {
    pub(super) fn new(path: PathBuf) -> WalSync {
        WalSync {
            path,
            state: Default::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SyncState> {
        // Every critical section leaves the state whole; a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Answers `dones` after the next fsync that starts from now.
    pub(super) fn after_sync(self: &Arc<Self>, dones: Vec<Done>) {
        let start = {
            let mut s = self.lock();
            s.waiting.extend(dones);
            !std::mem::replace(&mut s.running, true)
        };
        if start {
            let wal = self.clone();
            tokio::task::spawn_blocking(move || wal.sync_rounds());
        }
    }

    /// Syncs and answers until nobody waits.
    fn sync_rounds(&self) {
        loop {
            let round = {
                let mut s = self.lock();
                if s.waiting.is_empty() {
                    s.running = false;
                    return;
                }
                std::mem::take(&mut s.waiting)
            };
            let outcome = self.sync().map_err(|e| {
                tracing::error!(error = %e, "fsync of the SQLite WAL failed");
                format!("WAL fsync: {e}")
            });
            for done in round {
                done(outcome.clone());
            }
        }
    }

    pub(super) fn sync(&self) -> std::io::Result<()> {
        let file = {
            let mut s = self.lock();
            match &s.file {
                Some(f) => f.clone(),
                None => match std::fs::OpenOptions::new().read(true).open(&self.path) {
                    Ok(f) => s.file.insert(Arc::new(f)).clone(),
                    // Nothing was ever written: nothing to make durable.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
                    Err(e) => return Err(e),
                },
            }
        };
        file.sync_data()
    }
}
