//! The states of recently written dossiers, so a step transition does not read and parse the
//! dossier it just wrote (SQLite only, where this process is the one writer).
//!
//! Only the write path reads it ([`super::load_for_update`]); pages and the API read the
//! database. It may be stale only if another process wrote the dossier: the write's version
//! check then refuses (conflict) and the entry is dropped, so a stale entry can cost a retry,
//! never a lost or wrong write.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

use super::types::StoredDossier;

/// About 2–4 KiB each: a few MiB at most.
const CAPACITY: usize = 2048;

pub struct HotDossiers {
    map: Mutex<LruCache<String, StoredDossier>>,
}

impl std::fmt::Debug for HotDossiers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HotDossiers")
    }
}

impl Default for HotDossiers {
    fn default() -> Self {
        let cap = NonZeroUsize::new(CAPACITY).unwrap_or(NonZeroUsize::MIN);
        HotDossiers {
            map: Mutex::new(LruCache::new(cap)),
        }
    }
}

impl HotDossiers {
    fn with<T>(&self, f: impl FnOnce(&mut LruCache<String, StoredDossier>) -> T) -> T {
        // Every operation leaves the map whole; a poisoned lock is still usable.
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut map)
    }

    /// Takes the kept state of `code` out (no copy): the change about to be made puts its
    /// result back. Meanwhile another change of the same dossier reads the database, and of
    /// the two at most one passes the version check.
    pub fn take(&self, code: &str) -> Option<StoredDossier> {
        self.with(|m| m.pop(code))
    }

    /// Keeps `d` unless a later version of it is already kept (two writers finishing out of
    /// order).
    pub fn put(&self, d: StoredDossier) {
        self.with(|m| {
            let newer = m
                .peek(&d.dossier.code)
                .is_some_and(|kept| kept.dossier.version > d.dossier.version);
            if !newer {
                m.put(d.dossier.code.clone(), d);
            }
        })
    }

    pub fn forget(&self, code: &str) {
        self.with(|m| {
            m.pop(code);
        })
    }
}
