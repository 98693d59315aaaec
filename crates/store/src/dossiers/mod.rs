//! Dossiers: the append-only event log and the current state kept in step with it, in one
//! transaction; race-free dossier codes; idempotent online submission; optimistic concurrency.
//!
//! A write is prepared here (columns, JSON, report facts: everything that needs no database),
//! then runs as one transaction: on PostgreSQL through sqlx ([`write_pg`]), on SQLite as one
//! synchronous job of the group-commit writer ([`write_sqlite`]), the same statements in the
//! same order. The report facts are counted on the [`FactsBasis`] the caller hands in.
//!
//! The files import one way: `types.rs` and `facts.rs` at the bottom, then `rows.rs`,
//! `read.rs`, the two write paths, `hot.rs`, `rebuild.rs` and `list.rs`; this file calls them all.

use chrono::NaiveDate;
use motcua_domain::dossier::{Dossier, Event};

use crate::outbox::NewMessage;
use crate::{Db, StoreError};

mod facts;
mod hot;
mod list;
mod read;
mod rebuild;
mod rows;
mod types;
mod write_pg;
mod write_sqlite;

pub use hot::HotDossiers;
pub use list::{list, DossierFilter, DossierLine};
pub use read::{events, load};
pub use rebuild::{rebuild_facts, Rebuilt};
pub use rows::unit_key;
pub use types::{Build, Created, FactsBasis, Idempotency, StoredDossier, WriteError};

use read::by_idempotency_key;
use types::Inserted;

/// Creates a dossier: allocates the next code of `agency_code` for `day` (Vietnam date), lets
/// `build` decide the creating events with that code, and stores state and events in one
/// transaction, its report facts counted on `basis`. With an idempotency key its sender used
/// before, returns that dossier instead; used by another sender, [`WriteError::KeyTaken`].
pub async fn create<F: Build>(
    db: &Db,
    agency_code: &str,
    day: NaiveDate,
    idempotency: Option<Idempotency<'_>>,
    basis: FactsBasis,
    build: F,
) -> Result<Created, WriteError> {
    if let Some(idem) = idempotency {
        if let Some((code, sender)) = by_idempotency_key(db, idem.key).await? {
            return existing_for(db, idem, code, sender).await;
        }
    }
    let now = crate::now();
    let result = match db {
        Db::Sqlite(s) => {
            let job = write_sqlite::NewDossier {
                agency_code: agency_code.to_owned(),
                day,
                key: idempotency.map(|i| (i.key.to_owned(), i.sender.to_owned())),
                build,
                basis,
                now,
            };
            let inserted = s
                .writer
                .run_sync(move |conn| write_sqlite::create(conn, job))
                .await;
            if let Ok(Inserted::New(d)) = &inserted {
                s.hot.put(d.clone());
            }
            inserted
        }
        Db::Postgres(p) => {
            let mut tx = p.begin().await?;
            let out =
                write_pg::create(&mut tx, agency_code, day, idempotency, build, &basis, now).await;
            match out {
                Ok(inserted) => tx.commit().await.map(|()| inserted).map_err(Into::into),
                Err(e) => Err(e),
            }
        }
    };
    match (result, idempotency) {
        (Ok(Inserted::New(d)), _) => Ok(Created::New(d)),
        (Ok(Inserted::KeyUsedBy(code, sender)), Some(idem)) => {
            existing_for(db, idem, code, sender).await
        }
        (Ok(Inserted::KeyUsedBy(code, _)), None) => Err(WriteError::NotFound(code)),
        // Two concurrent retries with one key on PostgreSQL: the loser's unique violation
        // rolled back its insert; answer as the winner's key says.
        (Err(WriteError::Store(e)), Some(idem)) => match by_idempotency_key(db, idem.key).await? {
            Some((code, sender)) => existing_for(db, idem, code, sender).await,
            None => Err(WriteError::Store(e)),
        },
        (Err(e), _) => Err(e),
    }
}

/// The answer to a key seen before: its dossier for the sender that used it, a refusal for
/// anyone else (keys stored before senders were recorded match no one).
async fn existing_for(
    db: &Db,
    idem: Idempotency<'_>,
    code: String,
    sender: Option<String>,
) -> Result<Created, WriteError> {
    if sender.as_deref() != Some(idem.sender) {
        return Err(WriteError::KeyTaken);
    }
    match load(db, &code).await? {
        Some(existing) => Ok(Created::Existing(existing)),
        None => Err(WriteError::NotFound(code)),
    }
}

/// The state of dossier `code` to decide a change on: the one this process last wrote when it
/// still has it (taken out; [`append`] puts the new one back), else [`load`]. The write's
/// version check is what makes the change safe; a caller that gets a conflict should
/// [`forget`] and reload.
pub async fn load_for_update(db: &Db, code: &str) -> Result<Option<StoredDossier>, StoreError> {
    if let Db::Sqlite(s) = db {
        if let Some(hit) = s.hot.take(code) {
            return Ok(Some(hit));
        }
    }
    load(db, code).await
}

/// Drops what [`load_for_update`] keeps of dossier `code`.
pub fn forget(db: &Db, code: &str) {
    if let Db::Sqlite(s) = db {
        s.hot.forget(code);
    }
}

/// Appends `events` to dossier `code` (row `id`, as read with it) and stores `state` (their
/// fold: its columns, and its snapshot when one is due), if the dossier is still at
/// `expected_version`; otherwise nothing is written and `Conflict` says where it is now. Its
/// report facts are counted on `basis` (the procedure version `state` pinned).
pub async fn append(
    db: &Db,
    (id, code): (i64, &str),
    expected_version: i64,
    state: &Dossier,
    events: &[Event],
    messages: &[NewMessage],
    basis: &FactsBasis,
) -> Result<(), WriteError> {
    basis.check(state)?;
    let new_facts = facts::of(state, basis);
    let events = rows::event_rows(events)?;
    let digests = rows::digests(code, expected_version, &events);
    let change = rows::Change {
        expected_version,
        row: rows::columns(state, &new_facts)?,
        snapshot: rows::snapshot_due(expected_version, state)
            .then(|| rows::snapshot(state))
            .transpose()?,
        events,
        digests,
        messages: messages.to_vec(),
        facts: new_facts,
        now: crate::now(),
    };
    let written = match db {
        Db::Sqlite(s) => {
            let job = write_sqlite::encode(id, code, change);
            let out = s
                .writer
                .run_sync(move |conn| write_sqlite::append(conn, &job).map(|()| job))
                .await;
            match out {
                Ok(job) => {
                    // Freed here, by the thread that allocated it, not by the writer.
                    drop(job);
                    s.hot.put(StoredDossier {
                        id,
                        dossier: state.clone(),
                    });
                    Ok(())
                }
                Err(e) => {
                    s.hot.forget(code);
                    Err(e)
                }
            }
        }
        Db::Postgres(p) => {
            let mut tx = p.begin().await?;
            match write_pg::append(&mut tx, (id, code), &change).await {
                Ok(()) => tx.commit().await.map_err(Into::into),
                Err(e) => Err(e),
            }
        }
    };
    written
}
