//! The tamper-evident record as stored: reading chains back to verify them, the one-time
//! backfill of events stored before chaining (migration 0021), and the daily anchors. The
//! hashes and their canonical form are the domain's (`motcua_domain::record`); appends chain
//! their events in `dossiers::write_sqlite` / `write_pg`.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::record::{
    anchor_root, from_bytes, Break, ChainVerifier, EventDigest, Hash, Leaf, StoredLink, GENESIS,
};

use crate::{in_tx, on_read, Db, Result, StoreError};

/// What a chain check found for one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainState {
    /// Every event links and hashes; `events` of them, ending in `head`.
    Verified { events: i64, head: Hash },
    /// The first thing wrong.
    Broken(Break),
}

type EventLink = (i64, String, Option<Vec<u8>>, Option<Vec<u8>>);

fn check(code: &str, version: i64, head: Option<&[u8]>, events: &[EventLink]) -> ChainState {
    let mut v = ChainVerifier::new(code);
    for (seq, data, prev, hash) in events {
        let link = StoredLink {
            seq: *seq,
            data,
            prev: prev.as_deref(),
            hash: hash.as_deref(),
        };
        if let Err(b) = v.push(link) {
            return ChainState::Broken(b);
        }
    }
    match v.finish(version, head) {
        Ok((events, head)) => ChainState::Verified { events, head },
        Err(b) => ChainState::Broken(b),
    }
}

/// A dossier's row and its events in ONE statement, so both come from one state of the
/// database (an append between two reads would look like a broken head).
const CHAIN_OF: &str = "SELECT d.version, d.chain_head, e.seq, e.data, e.prev_hash, e.hash
     FROM dossiers d LEFT JOIN dossier_events e ON e.dossier_id = d.id
     WHERE d.code = $1 ORDER BY e.seq";

type ChainRow = (
    i64,
    Option<Vec<u8>>,
    Option<i64>,
    Option<String>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
);

/// Verifies dossier `code`'s chain against its row (`None`: no such dossier), and counts
/// its events.
pub async fn verify_dossier(db: &Db, code: &str) -> Result<Option<(ChainState, u64)>> {
    let rows: Vec<ChainRow> = on_read!(db, pool => sqlx::query_as(CHAIN_OF)
        .bind(code).fetch_all(pool).await?);
    let Some((version, head, ..)) = rows.first().cloned() else {
        return Ok(None);
    };
    let events: Vec<EventLink> = rows
        .into_iter()
        .filter_map(|(_, _, seq, data, prev, hash)| Some((seq?, data?, prev, hash)))
        .collect();
    let n = events.len() as u64;
    Ok(Some((check(code, version, head.as_deref(), &events), n)))
}

/// The outcome of [`verify_all`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordReport {
    pub dossiers: u64,
    pub events: u64,
    /// Each broken chain's dossier code and first break, in code order.
    pub broken: Vec<(String, Break)>,
}

/// Verifies every dossier's chain, a page of dossiers at a time; `progress` is told how many
/// dossiers are done after each page.
pub async fn verify_all(db: &Db, mut progress: impl FnMut(u64)) -> Result<RecordReport> {
    const PAGE: i64 = 500;
    let mut report = RecordReport::default();
    let mut after = String::new();
    loop {
        let page: Vec<String> = on_read!(db, pool => sqlx::query_scalar(
            "SELECT code FROM dossiers WHERE code > $1 ORDER BY code LIMIT $2"
        ).bind(&after).bind(PAGE).fetch_all(pool).await?);
        let Some(last) = page.last() else { break };
        after = last.clone();
        for code in &page {
            // Gone meanwhile: nothing to verify.
            let Some((state, events)) = verify_dossier(db, code).await? else {
                continue;
            };
            report.dossiers += 1;
            report.events += events;
            if let ChainState::Broken(b) = state {
                report.broken.push((code.clone(), b));
            }
        }
        progress(report.dossiers);
    }
    Ok(report)
}

/// How many dossiers still wait for the one-time backfill.
pub async fn backfill_pending(db: &Db) -> Result<i64> {
    Ok(on_read!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM record_backfill"
    ).fetch_one(pool).await?))
}

/// Chains the events of the dossiers migration 0021 found already stored (listed in
/// `record_backfill`), each in its own write with the dossier's row locked, and strikes them
/// off the list. Only those: a chain that disappears later is reported, never rebuilt.
/// Returns how many dossiers it chained.
pub async fn backfill(db: &Db) -> Result<u64> {
    let mut done = 0;
    loop {
        let ids: Vec<i64> = on_read!(db, pool => sqlx::query_scalar(
            "SELECT dossier_id FROM record_backfill ORDER BY dossier_id LIMIT 200"
        ).fetch_all(pool).await?);
        if ids.is_empty() {
            return Ok(done);
        }
        for id in ids {
            in_tx!(db, tx => {
                let lock = match db {
                    Db::Postgres(_) => " FOR UPDATE",
                    Db::Sqlite(_) => "",
                };
                let row: Option<(String, Option<Vec<u8>>)> = sqlx::query_as(&format!(
                    "SELECT code, chain_head FROM dossiers WHERE id = $1{lock}"
                )).bind(id).fetch_optional(&mut *tx).await?;
                if let Some((code, None)) = row {
                    let events: Vec<(i64, i64, String)> = sqlx::query_as(
                        "SELECT id, seq, data FROM dossier_events WHERE dossier_id = $1 ORDER BY seq"
                    ).bind(id).fetch_all(&mut *tx).await?;
                    let mut prev: Option<Hash> = None;
                    for (event_id, seq, data) in &events {
                        let own = EventDigest::new(&code, *seq, data).finish(&prev.unwrap_or(GENESIS));
                        sqlx::query("UPDATE dossier_events SET prev_hash = $1, hash = $2 WHERE id = $3")
                            .bind(prev.as_ref().map(|p| p.as_slice()))
                            .bind(own.as_slice())
                            .bind(event_id)
                            .execute(&mut *tx).await?;
                        prev = Some(own);
                    }
                    if let Some(head) = prev {
                        sqlx::query("UPDATE dossiers SET chain_head = $1 WHERE id = $2")
                            .bind(head.as_slice()).bind(id).execute(&mut *tx).await?;
                    }
                }
                sqlx::query("DELETE FROM record_backfill WHERE dossier_id = $1")
                    .bind(id).execute(&mut *tx).await?;
                Ok::<_, StoreError>(())
            })?;
            done += 1;
        }
    }
}

/// A daily anchor: the root over the heads of all chains as they stood when it was taken,
/// covering the events up to `last_event_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub day: NaiveDate,
    pub taken_at: DateTime<Utc>,
    pub last_event_id: i64,
    pub dossiers: i64,
    pub root: Hash,
}

type AnchorRow = (NaiveDate, DateTime<Utc>, i64, i64, Vec<u8>);

fn anchor_of(row: AnchorRow) -> Result<Anchor> {
    let (day, taken_at, last_event_id, dossiers, root) = row;
    let root = from_bytes(&root).ok_or_else(|| {
        StoreError::Corrupt(format!("anchor {day}: root of {} bytes", root.len()))
    })?;
    Ok(Anchor {
        day,
        taken_at,
        last_event_id,
        dossiers,
        root,
    })
}

const ANCHOR_COLUMNS: &str = "day, taken_at, last_event_id, dossiers, root";

/// Every stored anchor, oldest first.
pub async fn anchors(db: &Db) -> Result<Vec<Anchor>> {
    let rows: Vec<AnchorRow> = on_read!(db, pool => sqlx::query_as(&format!(
        "SELECT {ANCHOR_COLUMNS} FROM record_anchors ORDER BY day"
    )).fetch_all(pool).await?);
    rows.into_iter().map(anchor_of).collect()
}

/// The anchor of `day`, if taken.
pub async fn anchor(db: &Db, day: NaiveDate) -> Result<Option<Anchor>> {
    let row: Option<AnchorRow> = on_read!(db, pool => sqlx::query_as(&format!(
        "SELECT {ANCHOR_COLUMNS} FROM record_anchors WHERE day = $1"
    )).bind(day).fetch_optional(pool).await?);
    row.map(anchor_of).transpose()
}

/// Takes the anchor of `day` now, unless that day has one (which is returned as it is).
///
/// The heads are read from the dossier rows together with the last event id, as one
/// consistent state: on SQLite one read transaction (appends commit whole, one writer); on
/// PostgreSQL with the event log locked against new rows (`SHARE`) for the read, so no append
/// with a smaller id can commit after it — later verification takes, per dossier, the last
/// event up to that id. Appends wait for that read (milliseconds per thousand dossiers).
pub async fn take_anchor(db: &Db, day: NaiveDate, now: DateTime<Utc>) -> Result<Anchor> {
    if let Some(a) = anchor(db, day).await? {
        return Ok(a);
    }
    type HeadRow = (String, i64, Vec<u8>);
    const HEADS: &str =
        "SELECT code, version, chain_head FROM dossiers WHERE chain_head IS NOT NULL";
    const LAST: &str = "SELECT COALESCE(MAX(id), 0) FROM dossier_events";
    let (last, heads): (i64, Vec<HeadRow>) = match db {
        Db::Sqlite(s) => {
            let mut tx = s.read.begin().await?;
            let last = sqlx::query_scalar(LAST).fetch_one(&mut *tx).await?;
            let heads = sqlx::query_as(HEADS).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (last, heads)
        }
        Db::Postgres(p) => {
            let mut tx = p.begin().await?;
            sqlx::query("LOCK TABLE dossier_events IN SHARE MODE")
                .execute(&mut *tx)
                .await?;
            let last = sqlx::query_scalar(LAST).fetch_one(&mut *tx).await?;
            let heads = sqlx::query_as(HEADS).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (last, heads)
        }
    };
    let leaves = heads
        .into_iter()
        .map(|(code, seq, head)| {
            let head = from_bytes(&head).ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "dossier {code}: chain head of {} bytes",
                    head.len()
                ))
            })?;
            Ok(Leaf { code, seq, head })
        })
        .collect::<Result<Vec<_>>>()?;
    let dossiers = leaves.len() as i64;
    let root = anchor_root(leaves);
    in_tx!(db, tx => Ok::<_, StoreError>(sqlx::query(
        "INSERT INTO record_anchors (day, taken_at, last_event_id, dossiers, root)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day) DO NOTHING"
    ).bind(day).bind(now).bind(last).bind(dossiers).bind(root.as_slice())
        .execute(&mut *tx).await?.rows_affected()))?;
    // Another process may have taken it meanwhile: the stored one is the anchor.
    anchor(db, day)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("anchor {day}")))
}

/// The root an anchor's state gives today: per dossier, the last chained event up to the
/// anchor's last event id (by the stored hashes, which [`verify_all`] checks against the
/// events), and how many dossiers that is.
pub async fn recompute_root(db: &Db, a: &Anchor) -> Result<(Hash, i64)> {
    let rows: Vec<(String, i64, Vec<u8>)> = on_read!(db, pool => sqlx::query_as(
        "SELECT d.code, e.seq, e.hash FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
         WHERE e.id <= $1 AND e.hash IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM dossier_events n
           WHERE n.dossier_id = e.dossier_id AND n.seq = e.seq + 1 AND n.id <= $1)"
    ).bind(a.last_event_id).fetch_all(pool).await?);
    let leaves: Vec<Leaf> = rows
        .into_iter()
        .map(|(code, seq, hash)| Leaf {
            code,
            seq,
            // A hash of the wrong length still makes a leaf, one that cannot match.
            head: from_bytes(&hash).unwrap_or(GENESIS),
        })
        .collect();
    let n = leaves.len() as i64;
    Ok((anchor_root(leaves), n))
}
