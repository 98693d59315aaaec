//! Reading a dossier back: its last snapshot with the events after it applied (checked to
//! reach the row's version), its whole event log, the dossier an idempotency key made.

use motcua_domain::dossier::{apply, Dossier, Event};

use super::rows;
use super::types::StoredDossier;
use crate::{on_read, Db, StoreError};

/// The dossier key `key` made and who sent it.
pub(super) async fn by_idempotency_key(
    db: &Db,
    key: &str,
) -> Result<Option<(String, Option<String>)>, StoreError> {
    Ok(on_read!(db, pool => sqlx::query_as(rows::BY_KEY)
        .bind(key).fetch_optional(pool).await?))
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
pub(super) fn restore(
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
