//! Dossiers: the append-only event log and the current state kept in step with it, in one
//! transaction; race-free dossier codes; idempotent online submission; optimistic concurrency.
//!
//! A write is prepared here (columns, JSON, report facts: everything that needs no database),
//! then runs as one transaction: on PostgreSQL through sqlx ([`write_pg`]), on SQLite as one
//! synchronous job of the group-commit writer ([`write_sqlite`]), the same statements in the
//! same order.

use chrono::NaiveDate;
use motcua_domain::dossier::{apply, Dossier, DossierError, Event};
use serde::Serialize;

use crate::outbox::NewMessage;
use crate::reports::facts;
use crate::{catalog, on_read, Db, StoreError};

mod hot;
mod list;
mod rows;
mod write_pg;
mod write_sqlite;

pub use hot::HotDossiers;
pub use list::{list, DossierFilter, DossierLine};
pub use rows::unit_key;

/// Why a dossier write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The domain refused the command (nothing was written).
    #[error(transparent)]
    Domain(#[from] DossierError),
    /// Someone else changed the dossier first; reload and try again.
    #[error("the dossier changed meanwhile (now at version {current_version})")]
    Conflict { current_version: i64 },
    #[error("dossier {0} not found")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for WriteError {
    fn from(e: sqlx::Error) -> Self {
        WriteError::Store(StoreError::Database(e))
    }
}

/// A stored dossier: its row id and current state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDossier {
    pub id: i64,
    pub dossier: Dossier,
}

/// Result of a submission: a new dossier, or the one an earlier request with the same
/// idempotency key created.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    New(StoredDossier),
    Existing(StoredDossier),
}

/// What a creation's transaction did: stored a new dossier, or found the key already used
/// (the dossier is read once the transaction has ended, from the committed state).
// Made once per creation and unpacked at once: boxing the common variant would only add an
// allocation.
#[allow(clippy::large_enum_variant)]
pub(super) enum Inserted {
    New(StoredDossier),
    KeyUsedBy(String),
}

/// What decides a new dossier once its code is known: its state, creating events and the
/// messages they queue. Runs inside the write (on SQLite, on the writer), so it owns its inputs.
pub trait Build:
    FnOnce(String) -> Result<(Dossier, Vec<Event>, Vec<NewMessage>), DossierError> + Send + 'static
{
}

impl<F> Build for F where
    F: FnOnce(String) -> Result<(Dossier, Vec<Event>, Vec<NewMessage>), DossierError>
        + Send
        + 'static
{
}

/// Creates a dossier: allocates the next code of `agency_code` for `day` (Vietnam date), lets
/// `build` decide the creating events with that code, and stores state and events in one
/// transaction. With an `idempotency_key` seen before, returns that dossier instead.
pub async fn create<F: Build>(
    db: &Db,
    agency_code: &str,
    day: NaiveDate,
    idempotency_key: Option<&str>,
    build: F,
) -> Result<Created, WriteError> {
    if let Some(key) = idempotency_key {
        if let Some(existing) = by_idempotency_key(db, key).await? {
            return Ok(Created::Existing(existing));
        }
    }
    let now = crate::now();
    let calendar = facts::calendar(db).await?;
    let result = match db {
        Db::Sqlite(s) => {
            let job = write_sqlite::NewDossier {
                agency_code: agency_code.to_owned(),
                day,
                key: idempotency_key.map(str::to_owned),
                build,
                calendar,
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
            let out = write_pg::create(
                &mut tx,
                agency_code,
                day,
                idempotency_key,
                build,
                &calendar,
                now,
            )
            .await;
            match out {
                Ok(inserted) => tx.commit().await.map(|()| inserted).map_err(Into::into),
                Err(e) => Err(e),
            }
        }
    };
    match result {
        Ok(Inserted::New(d)) => Ok(Created::New(d)),
        Ok(Inserted::KeyUsedBy(code)) => match load(db, &code).await? {
            Some(existing) => Ok(Created::Existing(existing)),
            None => Err(WriteError::NotFound(code)),
        },
        // Two concurrent retries with one key on PostgreSQL: the loser's unique violation
        // rolled back its insert; answer with the winner's dossier.
        Err(WriteError::Store(e)) if idempotency_key.is_some() => {
            match by_idempotency_key(db, idempotency_key.unwrap_or_default()).await? {
                Some(existing) => Ok(Created::Existing(existing)),
                None => Err(WriteError::Store(e)),
            }
        }
        Err(e) => Err(e),
    }
}

async fn by_idempotency_key(db: &Db, key: &str) -> Result<Option<StoredDossier>, StoreError> {
    let code: Option<String> = on_read!(db, pool => sqlx::query_scalar(rows::BY_KEY)
        .bind(key).fetch_optional(pool).await?);
    match code {
        Some(code) => load(db, &code).await,
        None => Ok(None),
    }
}

/// The current state of dossier `code`: its last snapshot with the events after it applied.
pub async fn load(db: &Db, code: &str) -> Result<Option<StoredDossier>, StoreError> {
    if let Db::Sqlite(s) = db {
        return s.inline.run(|conn| load_sqlite(conn, code));
    }
    let head: Option<(i64, i64, i64, String)> = on_read!(db, pool => sqlx::query_as(rows::HEAD)
        .bind(code).fetch_optional(pool).await?);
    let Some((id, version, at, snapshot)) = head else {
        return Ok(None);
    };
    let later: Vec<String> = if version > at {
        on_read!(db, pool => sqlx::query_scalar(rows::EVENTS_AFTER)
            .bind(id).bind(at).bind(version).fetch_all(pool).await?)
    } else {
        Vec::new()
    };
    restore(id, version, &snapshot, &later).map(Some)
}

/// [`load`] on SQLite, on the calling thread: the same two queries, without sqlx's hand-overs.
fn load_sqlite(
    conn: &rusqlite::Connection,
    code: &str,
) -> Result<Option<StoredDossier>, StoreError> {
    use rusqlite::OptionalExtension;
    let head: Option<(i64, i64, i64, String)> = conn
        .prepare_cached(rows::HEAD)?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((id, version, at, snapshot)) = head else {
        return Ok(None);
    };
    let later: Vec<String> = if version > at {
        let mut stmt = conn.prepare_cached(rows::EVENTS_AFTER)?;
        let rows = stmt.query_map(rusqlite::params![id, at, version], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    restore(id, version, &snapshot, &later).map(Some)
}

/// Dossier `id` at `version`: `snapshot` with the events after it (`later`, JSON, in order)
/// applied. The events come from the same log the snapshot was folded from, so this is the
/// state the last write stored; a gap in them is corruption, not an older state.
pub(crate) fn restore(
    id: i64,
    version: i64,
    snapshot: &str,
    later: &[String],
) -> Result<StoredDossier, StoreError> {
    let corrupt = |what: String| StoreError::Corrupt(format!("dossier {id}: {what}"));
    let mut dossier: Dossier =
        serde_json::from_str(snapshot).map_err(|e| corrupt(format!("snapshot: {e}")))?;
    for data in later {
        let e: Event = serde_json::from_str(data).map_err(|e| corrupt(format!("event: {e}")))?;
        dossier = apply(Some(dossier), &e);
    }
    if dossier.version != version {
        return Err(corrupt(format!(
            "replay reached version {}, the row says {version}",
            dossier.version
        )));
    }
    Ok(StoredDossier { id, dossier })
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
/// `expected_version`; otherwise nothing is written and `Conflict` says where it is now.
pub async fn append(
    db: &Db,
    (id, code): (i64, &str),
    expected_version: i64,
    state: &Dossier,
    events: &[Event],
    messages: &[NewMessage],
) -> Result<(), WriteError> {
    let calendar = facts::calendar(db).await?;
    let procedure = catalog::get_procedure_by_id_cached(db, state.procedure_version_id)
        .await?
        .ok_or_else(|| {
            StoreError::Corrupt(format!(
                "procedure version {} missing",
                state.procedure_version_id
            ))
        })?;
    let p = &procedure.procedure;
    let new_facts = facts::of(state, p.field_code.clone(), p.unit_code.clone(), &calendar);
    let change = rows::Change {
        expected_version,
        row: rows::columns(state, &new_facts)?,
        snapshot: rows::snapshot_due(expected_version, state)
            .then(|| rows::snapshot(state))
            .transpose()?,
        events: rows::event_rows(events)?,
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

/// The event log of dossier `code`, oldest first.
pub async fn events(db: &Db, code: &str) -> Result<Vec<Event>, StoreError> {
    let rows: Vec<(String,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT e.data FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
         WHERE d.code = $1 ORDER BY e.seq"
    ).bind(code).fetch_all(pool).await?);
    rows.into_iter()
        .map(|(data,)| {
            serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(format!("event: {e}")))
        })
        .collect()
}
